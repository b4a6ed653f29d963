#include "http/serializer.h"
#include "interchange/jsonstreamwriter.h"
#include "interchange/ngrokjson.h"
#include "interchange/timestamps.h"
#include "makeexchange.h"

#include <QBuffer>
#include <QTest>

using namespace Hookscope;
using nlohmann::json;

namespace {

// QCOMPARE cannot take json values (its overloads make nlohmann try every conversion): compare
// their text.
QString text(const json &value)
{
    return QString::fromStdString(value.dump());
}

QString str(const json &value)
{
    return QString::fromStdString(value.get<std::string>());
}

QByteArray base64Member(const json &object, const char *key)
{
    return QByteArray::fromBase64(QByteArray::fromStdString(object.at(key).get<std::string>()));
}

} // namespace

class TestNgrokJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void carriesNgrokFields()
    {
        Store::Exchange e = Testing::makeExchange(1'700'000'000'123'456);
        e.id = 42;
        const json o = Interchange::ngrokRequest(e);

        QCOMPARE(str(o.at("uri")), QStringLiteral("/api/requests/http/42"));
        QCOMPARE(str(o.at("id")), QStringLiteral("42"));
        QVERIFY(o.at("tunnel_name").is_string());
        QCOMPARE(str(o.at("remote_addr")), QStringLiteral("127.0.0.1"));
        QCOMPARE(str(o.at("start")), QStringLiteral("2023-11-14T22:13:20.123456Z"));
        QCOMPARE(o.at("duration").get<qint64>(), e.durationUs * 1000);

        const json &rq = o.at("request");
        QCOMPARE(str(rq.at("method")), QStringLiteral("POST"));
        QCOMPARE(str(rq.at("proto")), QStringLiteral("HTTP/1.1"));
        QCOMPARE(str(rq.at("uri")), QStringLiteral("/webhooks/sentry?source=test"));
        QCOMPARE(text(rq.at("headers").at("Sentry-Hook-Resource")), text(json::array({"issue"})));
        QCOMPARE(base64Member(rq, "raw"),
                 Http::serializeRequestHead(e.request) + e.requestBody.bytes);

        const json &rs = o.at("response");
        QCOMPARE(str(rs.at("status")), QStringLiteral("200 OK"));
        QCOMPARE(rs.at("status_code").get<int>(), 200);
        QCOMPARE(str(rs.at("proto")), QStringLiteral("HTTP/1.1"));
        QCOMPARE(text(rs.at("headers").at("Content-Type")),
                 text(json::array({"application/json; charset=utf-8"})));
        QCOMPARE(base64Member(rs, "raw"),
                 Http::serializeResponseHead(*e.response) + e.responseBody.bytes);

        QCOMPARE(str(o.at("verdict").at("state")), QStringLiteral("none"));
        QVERIFY(o.at("replay_of").is_null());
        QVERIFY(o.at("error").is_null());
    }

    void headersGroupValuesCaseInsensitively()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers = {{"X-Multi", "a"}, {"Accept", "*/*"}, {"x-multi", "b"}};
        const json headers = Interchange::ngrokRequest(e).at("request").at("headers");
        QCOMPARE(headers.size(), size_t(2));
        QCOMPARE(text(headers.at("X-Multi")), text(json::array({"a", "b"})));
    }

    void pendingHasNullResponse()
    {
        Store::Exchange e = Testing::makeExchange();
        e.response.reset();
        e.responseBody = {};
        e.durationUs = -1;
        const json o = Interchange::ngrokRequest(e);
        QVERIFY(o.at("response").is_null());
        QCOMPARE(o.at("duration").get<qint64>(), 0);
    }

    void rawRechunksChunkedBodies()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers.remove("Content-Length");
        e.request.headers.add("Transfer-Encoding", "chunked");
        const QByteArray raw = base64Member(Interchange::ngrokRequest(e).at("request"), "raw");
        const QByteArray body = e.requestBody.bytes;
        QCOMPARE(raw, Http::serializeRequestHead(e.request) + QByteArray::number(body.size(), 16) +
                          "\r\n" + body + "\r\n0\r\n\r\n");
    }

    void reasonPhraseFallsBackToStandard()
    {
        Store::Exchange e = Testing::makeExchange();
        e.response->status = 502;
        e.response->reason.clear();
        QCOMPARE(str(Interchange::ngrokRequest(e).at("response").at("status")),
                 QStringLiteral("502 Bad Gateway"));
    }

    void ourFields()
    {
        Store::Exchange e = Testing::makeExchange();
        e.id = 7;
        e.replayOf = 3;
        e.verdict = Store::Verdict::Invalid;
        e.verdictProvider = QStringLiteral("sentry");
        e.verdictReason = QStringLiteral("signature mismatch");
        e.blocked = true;
        e.error = QStringLiteral("upstream refused");
        e.requestBody.truncated = true;
        e.requestBody.size = 1'000'000;
        const json o = Interchange::ngrokRequest(e);
        QCOMPARE(str(o.at("replay_of")), QStringLiteral("3"));
        QCOMPARE(text(o.at("verdict")), text(json{{"state", "invalid"},
                                                  {"provider", "sentry"},
                                                  {"reason", "signature mismatch"},
                                                  {"blocked", true}}));
        QCOMPARE(str(o.at("error")), QStringLiteral("upstream refused"));
        QCOMPARE(o.at("request").at("truncated").get<bool>(), true);
        QCOMPARE(o.at("request").at("body_size").get<qint64>(), 1'000'000);
        QCOMPARE(str(o.at("upstream")), QStringLiteral("http://127.0.0.1:3000"));
    }

    void bytesThatAreNotUtf8AreReadAsLatin1()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers = {{"X-Latin", "caf\xe9"}};
        const json o = Interchange::ngrokRequest(e);
        QCOMPARE(str(o.at("request").at("headers").at("X-Latin").at(0)),
                 QString::fromUtf8("caf\xc3\xa9"));
        QVERIFY(!Interchange::toJsonText(o).isEmpty()); // dumps without throwing
    }

    void remoteIp_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("ip");
        QTest::newRow("v4") << "192.168.1.5:5000"
                            << "192.168.1.5";
        QTest::newRow("v6") << "[::1]:5000"
                            << "::1";
        QTest::newRow("v6 bare") << "fe80::1"
                                 << "fe80::1";
        QTest::newRow("no port") << "10.0.0.1"
                                 << "10.0.0.1";
        QTest::newRow("empty") << ""
                               << "";
    }
    void remoteIp()
    {
        QFETCH(QString, address);
        QFETCH(QString, ip);
        QCOMPARE(Interchange::remoteIp(address), ip);
    }

    void timestamps_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("us");
        QTest::newRow("utc micro")
            << QByteArray("2023-11-14T22:13:20.123456Z") << qint64(1'700'000'000'123'456);
        QTest::newRow("millis offset")
            << QByteArray("2023-11-14T23:13:20.5+01:00") << qint64(1'700'000'000'500'000);
        QTest::newRow("nanos negative offset")
            << QByteArray("2023-11-14T14:13:20.123456789-08:00") << qint64(1'700'000'000'123'456);
        QTest::newRow("no fraction no zone")
            << QByteArray("2023-11-14T22:13:20") << qint64(1'700'000'000'000'000);
        QTest::newRow("compact offset")
            << QByteArray("2023-11-15T03:43:20+0530") << qint64(1'700'000'000'000'000);
        QTest::newRow("before epoch")
            << QByteArray("1969-12-31T23:59:59.250000Z") << qint64(-750'000);
    }
    void timestamps()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, us);
        QCOMPARE(Interchange::parseTimestamp(text), std::optional<qint64>(us));
        QCOMPARE(Interchange::parseTimestamp(Interchange::formatTimestamp(us)),
                 std::optional<qint64>(us));
    }
    void badTimestamps()
    {
        for (const char *bad :
             {"", "yesterday", "2023-13-01T00:00:00Z", "2023-11-14 22:13", "2023-11-14T25:00:00Z"})
            QVERIFY2(!Interchange::parseTimestamp(bad), bad);
    }

    void streamWriterWritesAValidArray()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        auto writer = Interchange::JsonStreamWriter::array(&buffer);
        QVERIFY(writer.finish());
        QCOMPARE(text(json::parse(buffer.data().toStdString())), text(json::array()));

        QBuffer two;
        two.open(QIODevice::WriteOnly);
        auto writer2 = Interchange::JsonStreamWriter::array(&two);
        QVERIFY(writer2.write(json{{"a", 1}}));
        QVERIFY(writer2.write(json{{"b", 2}}));
        QVERIFY(writer2.finish());
        QCOMPARE(text(json::parse(two.data().toStdString())),
                 text(json::array({json{{"a", 1}}, json{{"b", 2}}})));
    }
};

QTEST_GUILESS_MAIN(TestNgrokJson)
#include "tst_ngrokjson.moc"
