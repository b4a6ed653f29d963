#include "api/hostguard.h"
#include "api/inspectionapi.h"
#include "api/webaddress.h"
#include "http/responseparser.h"
#include "makeexchange.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <mutex>
#include <nlohmann/json.hpp>

using namespace Hookscope;
using nlohmann::json;

namespace {

struct Reply
{
    int status = 0;
    Http::Headers headers;
    QByteArray body;
    json parsed() const { return json::parse(body.toStdString(), nullptr, false); }
};

// Parses every response in `bytes` (answers to `methods`, in order).
QList<Reply> parseReplies(const QByteArray &bytes, int expected)
{
    QList<Reply> replies;
    Http::ResponseParser parser;
    QByteArray rest = bytes;
    Reply current;
    while (replies.size() < expected) {
        const Http::FeedResult &r = parser.feed(rest);
        for (const Http::ParseEvent &e : r.events) {
            if (e.type == Http::ParseEvent::Head) {
                current.status = parser.head().status;
                current.headers = parser.head().headers;
            } else if (e.type == Http::ParseEvent::Body) {
                current.body += e.data.toByteArray();
            } else if (e.type == Http::ParseEvent::MessageComplete) {
                replies.append(std::exchange(current, {}));
            }
        }
        if (r.status == Http::ParseStatus::Error || r.consumed == 0)
            break;
        rest.remove(0, r.consumed);
    }
    return replies;
}

// Writes raw bytes to the API and reads until it has `expected` whole responses.
QList<Reply> talk(quint16 port, const QByteArray &raw, int expected = 1)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(raw);
    QByteArray received;
    QList<Reply> replies;
    QSignalSpy readable(&socket, &QTcpSocket::readyRead);
    while (replies.size() < expected) {
        if (socket.bytesAvailable() == 0 && !readable.wait(5000))
            break;
        received += socket.readAll();
        replies = parseReplies(received, expected);
    }
    return replies;
}

Reply request(quint16 port, const QByteArray &method, const QByteArray &target,
              const QByteArray &extra = {}, const QByteArray &body = {})
{
    QByteArray raw = method + ' ' + target +
                     " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n" + extra;
    if (!body.isEmpty() || method == "POST")
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    raw += "\r\n" + body;
    const QList<Reply> replies = talk(port, raw);
    return replies.value(0);
}

QString text(const json &value)
{
    return QString::fromStdString(value.dump());
}

} // namespace

class TestInspectionApi : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;
    QList<qint64> m_ids;
    std::unique_ptr<Store::ExchangeWriter> m_writer;
    std::unique_ptr<Api::InspectionApi> m_api;
    std::mutex m_mutex;
    QList<qint64> m_replayed;

    quint16 port() const { return m_api->port(); }

private Q_SLOTS:
    void init()
    {
        m_db =
            m_dir.filePath(QStringLiteral("captures-%1.sqlite").arg(QTest::currentTestFunction()));
        QList<Store::Exchange> list;
        for (int i = 0; i < 3; ++i) {
            Store::Exchange e = Testing::makeExchange(1'700'000'000'000'000 + i);
            e.request.target = "/hooks/" + QByteArray::number(i);
            list << e;
        }
        list[2].response.reset();
        list[2].responseBody = {};
        list[2].durationUs = -1;
        const auto ids = Store::importExchanges(m_db, list);
        QVERIFY(ids.ok());
        m_ids = *ids;
        auto writer = Store::ExchangeWriter::open(m_db);
        QVERIFY(writer.ok());
        m_writer = std::move(writer).value();
        m_replayed.clear();

        Api::ApiBackend backend;
        backend.databasePath = m_db;
        backend.version = QStringLiteral("0.1.0");
        backend.publicUrl = QStringLiteral("http://127.0.0.1:8080");
        backend.upstream = QStringLiteral("http://127.0.0.1:3000");
        backend.clear = [this] {
            m_writer->clear();
            m_writer->flush();
            return Status();
        };
        backend.replay = [this](const Store::Exchange &e) {
            const std::lock_guard lock(m_mutex);
            m_replayed.append(e.id);
            return e.id == m_ids[0] ? Status() : Status(Error{QStringLiteral("no proxy")});
        };
        m_api = std::make_unique<Api::InspectionApi>(backend);
        const Status started = m_api->start(QHostAddress::LocalHost, 0);
        QVERIFY2(started.ok(), qPrintable(started.error()));
        QVERIFY(port() != 0);
    }
    void cleanup()
    {
        m_api.reset();
        m_writer.reset();
    }

    void listsNewestFirst()
    {
        const Reply r = request(port(), "GET", "/api/requests/http");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("Content-Type"), QByteArray("application/json"));
        const json body = r.parsed();
        QCOMPARE(text(body["uri"]), QStringLiteral("\"/api/requests/http\""));
        QCOMPARE(body["requests"].size(), size_t(3));
        QCOMPARE(QString::fromStdString(body["requests"][0]["id"]), QString::number(m_ids[2]));
        QCOMPARE(QString::fromStdString(body["requests"][2]["id"]), QString::number(m_ids[0]));
        QVERIFY(body["requests"][0]["response"].is_null());
        QCOMPARE(QString::fromStdString(body["requests"][1]["request"]["uri"]),
                 QStringLiteral("/hooks/1"));

        const Reply two = request(port(), "GET", "/api/requests/http?limit=2");
        QCOMPARE(two.parsed()["requests"].size(), size_t(2));
        const Reply none = request(port(), "GET", "/api/requests/http/?limit=0");
        QCOMPARE(none.status, 200);
        QVERIFY(none.parsed()["requests"].empty());
    }

    void badLimitIsAnError()
    {
        const Reply r = request(port(), "GET", "/api/requests/http?limit=many");
        QCOMPARE(r.status, 400);
        const json body = r.parsed();
        QCOMPARE(body["status_code"].get<int>(), 400);
        QVERIFY(body["error_code"].is_number());
        QVERIFY(QString::fromStdString(body["msg"]).contains(QLatin1String("many")));
    }

    void getsOne()
    {
        const Reply r =
            request(port(), "GET", "/api/requests/http/" + QByteArray::number(m_ids[1]));
        QCOMPARE(r.status, 200);
        const json body = r.parsed();
        QCOMPARE(QString::fromStdString(body["id"]), QString::number(m_ids[1]));
        QCOMPARE(QString::fromStdString(body["uri"]),
                 QStringLiteral("/api/requests/http/%1").arg(m_ids[1]));
        QCOMPARE(body["response"]["status_code"].get<int>(), 200);

        QCOMPARE(request(port(), "GET", "/api/requests/http/999999").status, 404);
        const Reply word = request(port(), "GET", "/api/requests/http/abc");
        QCOMPARE(word.status, 404);
        QCOMPARE(word.parsed()["status_code"].get<int>(), 404);
    }

    void replays()
    {
        const QByteArray json = "Content-Type: application/json\r\n";
        const Reply ok = request(port(), "POST", "/api/requests/http", json,
                                 "{\"id\":\"" + QByteArray::number(m_ids[0]) + "\"}");
        QCOMPARE(ok.status, 204);
        QVERIFY(ok.body.isEmpty());
        {
            const std::lock_guard lock(m_mutex);
            QCOMPARE(m_replayed, QList<qint64>{m_ids[0]});
        }
        // A number works too; the backend's refusal comes back as 409 with its reason.
        const Reply refused = request(port(), "POST", "/api/requests/http", json,
                                      "{\"id\":" + QByteArray::number(m_ids[1]) + "}");
        QCOMPARE(refused.status, 409);
        QVERIFY(refused.body.contains("no proxy"));

        QCOMPARE(request(port(), "POST", "/api/requests/http", json, "{\"id\":\"999999\"}").status,
                 404);
        QCOMPARE(request(port(), "POST", "/api/requests/http", json, "{\"id\":").status, 400);
        QCOMPARE(request(port(), "POST", "/api/requests/http", json, "{\"name\":\"x\"}").status,
                 400);
        // A web page can send text/plain cross-site without asking; JSON it cannot.
        QCOMPARE(request(port(), "POST", "/api/requests/http", "Content-Type: text/plain\r\n",
                         "{\"id\":\"" + QByteArray::number(m_ids[0]) + "\"}")
                     .status,
                 415);
    }

    void replayWithoutBackendIs501()
    {
        Api::ApiBackend backend;
        backend.databasePath = m_db;
        Api::InspectionApi bare(backend);
        QVERIFY(bare.start(QHostAddress::LocalHost, 0).ok());
        const Reply r =
            request(bare.port(), "POST", "/api/requests/http", "Content-Type: application/json\r\n",
                    "{\"id\":\"" + QByteArray::number(m_ids[0]) + "\"}");
        QCOMPARE(r.status, 501);
        QVERIFY(QString::fromStdString(r.parsed()["msg"]).contains(QLatin1String("replay")));
        QCOMPARE(request(bare.port(), "DELETE", "/api/requests/http").status, 501);
    }

    void clears()
    {
        const Reply r = request(port(), "DELETE", "/api/requests/http");
        QCOMPARE(r.status, 204);
        QVERIFY(request(port(), "GET", "/api/requests/http").parsed()["requests"].empty());
        QCOMPARE(Store::ExchangeStore::open(m_db).value()->count(), 0);
    }

    void statusAndTunnels()
    {
        const json status = request(port(), "GET", "/api/status").parsed();
        QCOMPARE(text(status["status"]), QStringLiteral("\"online\""));
        QCOMPARE(status["requests"].get<int>(), 3);
        const json tunnels = request(port(), "GET", "/api/tunnels").parsed();
        QCOMPARE(text(tunnels["tunnels"][0]["public_url"]),
                 QStringLiteral("\"http://127.0.0.1:8080\""));
        QCOMPARE(text(tunnels["tunnels"][0]["config"]["addr"]),
                 QStringLiteral("\"http://127.0.0.1:3000\""));
        QCOMPARE(request(port(), "GET", "/api").status, 200);
        QCOMPARE(request(port(), "GET", "/nothing/here").status, 404);
    }

    void wrongMethodIs405()
    {
        const Reply put = request(port(), "PUT", "/api/requests/http", {}, "x");
        QCOMPARE(put.status, 405);
        QCOMPARE(put.headers.value("Allow"), QByteArray("GET, POST, DELETE"));
        QCOMPARE(put.parsed()["status_code"].get<int>(), 405);
        QCOMPARE(request(port(), "DELETE", "/api/requests/http/1").status, 405);
        QCOMPARE(request(port(), "POST", "/api/status").status, 405);
    }

    void hostHeaderGuard_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("status");
        QTest::newRow("localhost") << QByteArray("localhost") << 200;
        QTest::newRow("localhost:port") << QByteArray("localhost:4040") << 200;
        QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST:4040") << 200;
        QTest::newRow("127.0.0.1:port") << QByteArray("127.0.0.1:4040") << 200;
        QTest::newRow("127.x") << QByteArray("127.8.9.10") << 200;
        QTest::newRow("[::1]:port") << QByteArray("[::1]:4040") << 200;
        QTest::newRow("[::1]") << QByteArray("[::1]") << 200;
        QTest::newRow("other name") << QByteArray("evil.example.com") << 403;
        QTest::newRow("other name:port") << QByteArray("evil.example.com:4040") << 403;
        QTest::newRow("rebinding name") << QByteArray("127.0.0.1.nip.io:4040") << 403;
        QTest::newRow("localhost suffix") << QByteArray("localhost.evil.com") << 403;
        QTest::newRow("lan address") << QByteArray("192.168.1.2:4040") << 403;
        QTest::newRow("short form") << QByteArray("127.1:4040") << 403;
        QTest::newRow("bad port") << QByteArray("localhost:40x0") << 403;
        QTest::newRow("other v6") << QByteArray("[fe80::1]:4040") << 403;
    }
    void hostHeaderGuard()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, status);
        const QList<Reply> replies =
            talk(port(), "GET /api/requests/http HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies[0].status, status);
        if (status == 403)
            QCOMPARE(replies[0].parsed()["status_code"].get<int>(), 403);
    }

    void missingHostIsRefused()
    {
        const QList<Reply> replies = talk(port(), "GET /api/status HTTP/1.0\r\n\r\n");
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies[0].status, 403);
    }

    void foreignOriginIsRefused()
    {
        QCOMPARE(
            request(port(), "GET", "/api/status", "Origin: http://evil.example.com\r\n").status,
            403);
        QCOMPARE(request(port(), "GET", "/api/status", "Origin: null\r\n").status, 403);
        QCOMPARE(request(port(), "GET", "/api/status", "Origin: http://localhost:4040\r\n").status,
                 200);
    }

    void keepsAliveAndAnswersPipelinedRequestsInOrder()
    {
        const QByteArray host = "Host: localhost\r\n";
        const QList<Reply> replies =
            talk(port(),
                 "GET /api/requests/http/" + QByteArray::number(m_ids[0]) + " HTTP/1.1\r\n" + host +
                     "\r\nGET /api/nothing HTTP/1.1\r\n" + host +
                     "\r\nGET /api/status HTTP/1.1\r\n" + host + "\r\n",
                 3);
        QCOMPARE(replies.size(), 3);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[1].status, 404);
        QCOMPARE(replies[2].status, 200);
        QVERIFY(!replies[2].headers.contains("Connection"));
    }

    void malformedAndOversizedRequests()
    {
        QList<Reply> replies = talk(port(), "GET /api/status HTTP/1.1\r\nBad Header\r\n\r\n");
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies[0].status, 400);
        QCOMPARE(replies[0].headers.value("Connection"), QByteArray("close"));

        replies = talk(port(), "POST /api/requests/http HTTP/1.1\r\nHost: localhost\r\n"
                               "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n");
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies[0].status, 413);
    }

    void listensOnLoopbackOnly()
    {
        Api::ApiBackend backend;
        backend.databasePath = m_db;
        Api::InspectionApi open(backend);
        const Status s = open.start(QHostAddress::AnyIPv4, 0);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QLatin1String("loopback")), qPrintable(s.error()));

        Api::InspectionApi clash(backend);
        const Status taken = clash.start(QHostAddress::LocalHost, port());
        QVERIFY(!taken.ok());
        QVERIFY2(taken.error().contains(QLatin1String("--web-addr")), qPrintable(taken.error()));
    }

    void webAddress_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("on");
        QTest::addColumn<int>("port");
        QTest::newRow("default") << "127.0.0.1:4040" << true << true << 4040;
        QTest::newRow("port only") << "4041" << true << true << 4041;
        QTest::newRow("localhost") << "localhost:4042" << true << true << 4042;
        QTest::newRow("v6 loopback") << "[::1]:4043" << true << true << 4043;
        QTest::newRow("off") << "off" << true << false << 0;
        QTest::newRow("any") << "0.0.0.0:4040" << false << false << 0;
        QTest::newRow("lan") << "192.168.1.2:4040" << false << false << 0;
        QTest::newRow("garbage") << "somewhere" << false << false << 0;
    }
    void webAddress()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(bool, on);
        QFETCH(int, port);
        const auto parsed = Api::parseWebAddress(text);
        QCOMPARE(parsed.ok(), ok);
        if (!ok) {
            QVERIFY2(parsed.error().contains(QLatin1String("--web-addr")),
                     qPrintable(parsed.error()));
            return;
        }
        QCOMPARE(parsed->has_value(), on);
        if (on)
            QCOMPARE(int((*parsed)->port), port);
    }
};

QTEST_GUILESS_MAIN(TestInspectionApi)
#include "tst_inspectionapi.moc"
