#include "exchangediff.h"
#include "http/serializer.h"
#include "interchange/harexport.h"
#include "interchange/harimport.h"
#include "interchange/timestamps.h"
#include "makeexchange.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using nlohmann::json;

namespace {

// Checks a value against HAR 1.2's required members and their types; returns what is wrong.
struct HarChecker
{
    QStringList problems;

    bool has(const json &o, const char *key, json::value_t type, const QString &where)
    {
        const auto it = o.find(key);
        const bool number = type == json::value_t::number_float;
        if (it == o.end() ||
            (number ? !it->is_number()
                    : it->type() != type &&
                          !(type == json::value_t::number_integer && it->is_number_integer()))) {
            problems << where + QLatin1Char('.') + QLatin1String(key);
            return false;
        }
        return true;
    }
    void nameValues(const json &o, const char *key, const QString &where)
    {
        if (!has(o, key, json::value_t::array, where))
            return;
        for (const json &item : o.at(key)) {
            has(item, "name", json::value_t::string, where + QLatin1Char('.') + QLatin1String(key));
            has(item, "value", json::value_t::string,
                where + QLatin1Char('.') + QLatin1String(key));
        }
    }
    void message(const json &m, const QString &where)
    {
        has(m, "httpVersion", json::value_t::string, where);
        nameValues(m, "cookies", where);
        nameValues(m, "headers", where);
        has(m, "headersSize", json::value_t::number_integer, where);
        has(m, "bodySize", json::value_t::number_integer, where);
    }
    void entry(const json &e)
    {
        const QString w = QStringLiteral("entry");
        if (has(e, "startedDateTime", json::value_t::string, w) &&
            !Interchange::parseTimestamp(QByteArray::fromStdString(e["startedDateTime"])))
            problems << QStringLiteral("startedDateTime is not ISO 8601");
        has(e, "time", json::value_t::number_float, w);
        has(e, "cache", json::value_t::object, w);
        if (has(e, "request", json::value_t::object, w)) {
            const json &r = e["request"];
            has(r, "method", json::value_t::string, w + QLatin1String(".request"));
            has(r, "url", json::value_t::string, w + QLatin1String(".request"));
            nameValues(r, "queryString", w + QLatin1String(".request"));
            message(r, w + QLatin1String(".request"));
            if (r.contains("postData")) {
                has(r["postData"], "mimeType", json::value_t::string, QStringLiteral("postData"));
                has(r["postData"], "text", json::value_t::string, QStringLiteral("postData"));
            }
        }
        if (has(e, "response", json::value_t::object, w)) {
            const json &r = e["response"];
            has(r, "status", json::value_t::number_integer, w + QLatin1String(".response"));
            has(r, "statusText", json::value_t::string, w + QLatin1String(".response"));
            has(r, "redirectURL", json::value_t::string, w + QLatin1String(".response"));
            message(r, w + QLatin1String(".response"));
            if (has(r, "content", json::value_t::object, w + QLatin1String(".response"))) {
                has(r["content"], "size", json::value_t::number_integer, QStringLiteral("content"));
                has(r["content"], "mimeType", json::value_t::string, QStringLiteral("content"));
            }
        }
        if (has(e, "timings", json::value_t::object, w)) {
            double sum = 0;
            for (const char *t : {"send", "wait", "receive"}) {
                if (has(e["timings"], t, json::value_t::number_float, QStringLiteral("timings")) &&
                    e["timings"][t].get<double>() < 0)
                    problems << QStringLiteral("timings.%1 is negative").arg(QLatin1String(t));
            }
            for (const auto &[key, value] : e["timings"].items()) {
                if (value.is_number() && value.get<double>() >= 0)
                    sum += value.get<double>();
            }
            if (e.contains("time") && std::abs(sum - e["time"].get<double>()) > 1e-6)
                problems << QStringLiteral("time is not the sum of the timings");
        }
        for (const auto &[key, value] : e.items()) {
            static const QStringList known = {
                "pageref", "startedDateTime", "time",       "request", "response", "cache",
                "timings", "serverIPAddress", "connection", "comment"};
            if (!known.contains(QString::fromStdString(key)) && key.front() != '_')
                problems << QStringLiteral("custom field %1 lacks the underscore")
                                .arg(QString::fromStdString(key));
        }
    }
    void document(const json &d)
    {
        if (!has(d, "log", json::value_t::object, QStringLiteral("root")))
            return;
        const json &log = d["log"];
        if (has(log, "version", json::value_t::string, QStringLiteral("log")) &&
            log["version"] != "1.2")
            problems << QStringLiteral("log.version is not 1.2");
        if (has(log, "creator", json::value_t::object, QStringLiteral("log"))) {
            has(log["creator"], "name", json::value_t::string, QStringLiteral("creator"));
            has(log["creator"], "version", json::value_t::string, QStringLiteral("creator"));
        }
        if (has(log, "entries", json::value_t::array, QStringLiteral("log"))) {
            for (const json &e : log["entries"])
                entry(e);
        }
    }
};

QList<Store::Exchange> variedExchanges()
{
    QList<Store::Exchange> list;
    Store::Exchange json = Testing::makeExchange(1'700'000'000'123'456);
    json.id = 10;
    list << json;

    Store::Exchange binary = Testing::makeExchange(1'700'000'001'000'000);
    binary.id = 11;
    binary.request.method = "PUT";
    binary.request.target = "/upload?name=a%20b&flag";
    binary.requestBody.bytes = QByteArray("\x00\x01'\"\xff\xfe\r\n", 8);
    binary.requestBody.size = 8;
    binary.request.headers = {{"Host", "127.0.0.1:8080"},
                              {"Content-Type", "application/octet-stream"},
                              {"X-Latin", "caf\xe9"},
                              {"X-Empty", ""},
                              {"Content-Length", "8"}};
    binary.response->headers = {{"Content-Type", "image/png"}, {"Content-Encoding", "gzip"}};
    binary.responseBody = {QByteArray("\x89PNG\r\n\x1a\n\x00", 9), 9, false};
    list << binary;

    Store::Exchange truncated = Testing::makeExchange(1'700'000'002'000'000);
    truncated.id = 12;
    truncated.requestBody.truncated = true;
    truncated.requestBody.size = 50'000'000;
    truncated.responseBody.truncated = true;
    truncated.responseBody.size = 70'000'000;
    list << truncated;

    Store::Exchange pending = Testing::makeExchange(1'700'000'003'000'000);
    pending.id = 13;
    pending.response.reset();
    pending.responseBody = {};
    pending.durationUs = -1;
    list << pending;

    Store::Exchange failed = Testing::makeExchange(1'700'000'004'000'000);
    failed.id = 14;
    failed.response->status = 502;
    failed.response->reason = "Bad Gateway";
    failed.response->headers = {{"Content-Type", "text/plain"}};
    failed.responseBody = {"upstream refused", 16, false};
    failed.error = QStringLiteral("connection refused by http://127.0.0.1:3000");
    failed.verdict = Store::Verdict::Invalid;
    failed.verdictProvider = QStringLiteral("sentry");
    failed.verdictReason = QStringLiteral("signature mismatch");
    failed.blocked = true;
    list << failed;

    Store::Exchange replay = Testing::makeExchange(1'700'000'005'000'000);
    replay.id = 15;
    replay.replayOf = 10;
    replay.request.version = {1, 0};
    replay.request.headers.remove("Content-Length");
    replay.request.headers.add("Transfer-Encoding", "chunked");
    replay.clientAddress = QStringLiteral("[::1]:40000");
    list << replay;

    Store::Exchange star = Testing::makeExchange(1'700'000'006'000'000);
    star.id = 16;
    star.request.method = "OPTIONS";
    star.request.target = "*";
    star.requestBody = {};
    star.request.headers = {{"Host", "127.0.0.1:8080"}};
    star.response->headers = {{"Set-Cookie", "sid=abc; Path=/; HttpOnly; Secure"},
                              {"Location", "/elsewhere"}};
    star.responseBody = {};
    star.upgraded = true;
    list << star;

    Store::Exchange orphan = Testing::makeExchange(1'700'000'007'000'000);
    orphan.id = 17;
    orphan.replayOf = 4; // its original is not in the file
    list << orphan;
    return list;
}

json parsed(const QByteArray &bytes)
{
    return json::parse(bytes.toStdString());
}

QString text(const json &value)
{
    return QString::fromStdString(value.dump());
}

} // namespace

class TestHar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportHasEverySpecRequiredField()
    {
        const json document = Interchange::harDocument(variedExchanges(), QStringLiteral("0.1.0"));
        HarChecker checker;
        checker.document(document);
        QVERIFY2(checker.problems.isEmpty(),
                 qPrintable(checker.problems.join(QLatin1String("; "))));
        QCOMPARE(document["log"]["entries"].size(), size_t(variedExchanges().size()));
    }

    void streamedExportEqualsTheDocument()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        auto writer = Interchange::harStreamWriter(&buffer, QStringLiteral("0.1.0"));
        for (const Store::Exchange &e : variedExchanges())
            QVERIFY(writer.write(Interchange::harEntry(e)));
        QVERIFY(writer.finish());
        QCOMPARE(text(parsed(buffer.data())),
                 text(Interchange::harDocument(variedExchanges(), QStringLiteral("0.1.0"))));

        QBuffer empty;
        empty.open(QIODevice::WriteOnly);
        auto none = Interchange::harStreamWriter(&empty, QStringLiteral("0.1.0"));
        QVERIFY(none.finish());
        HarChecker checker;
        checker.document(parsed(empty.data()));
        QVERIFY(checker.problems.isEmpty());
        QVERIFY(parsed(empty.data())["log"]["entries"].empty());
    }

    void entryContents()
    {
        const QList<Store::Exchange> list = variedExchanges();
        const json entries = Interchange::harDocument(list, {})["log"]["entries"];

        const json &first = entries[0];
        QCOMPARE(text(first["startedDateTime"]), QStringLiteral("\"2023-11-14T22:13:20.123456Z\""));
        QCOMPARE(first["time"].get<double>(), 1.25);
        QCOMPARE(text(first["request"]["url"]),
                 QStringLiteral("\"http://127.0.0.1:3000/webhooks/sentry?source=test\""));
        QCOMPARE(text(first["request"]["queryString"]),
                 QStringLiteral(R"([{"name":"source","value":"test"}])"));
        QCOMPARE(QByteArray::fromStdString(first["request"]["postData"]["text"]),
                 list[0].requestBody.bytes);
        QCOMPARE(first["request"]["headersSize"].get<qint64>(),
                 Http::serializeRequestHead(list[0].request).size());
        QCOMPARE(first["response"]["content"]["size"].get<qint64>(), list[0].responseBody.size);
        QVERIFY(!first["response"]["content"].contains("encoding"));

        const json &binary = entries[1];
        QCOMPARE(text(binary["response"]["content"]["encoding"]), QStringLiteral("\"base64\""));
        QCOMPARE(QByteArray::fromBase64(
                     QByteArray::fromStdString(binary["response"]["content"]["text"])),
                 list[1].responseBody.bytes);
        QCOMPARE(text(binary["request"]["postData"]["_encoding"]), QStringLiteral("\"base64\""));
        QCOMPARE(text(binary["request"]["queryString"]),
                 QStringLiteral(R"([{"name":"name","value":"a b"},{"name":"flag","value":""}])"));

        const json &truncated = entries[2];
        QCOMPARE(truncated["request"]["bodySize"].get<qint64>(), 50'000'000);
        QVERIFY(truncated["request"]["postData"]["comment"].get<std::string>().find("truncated") !=
                std::string::npos);
        QCOMPARE(truncated["_hookscope"]["responseTruncated"].get<bool>(), true);

        const json &pending = entries[3];
        QCOMPARE(pending["response"]["status"].get<int>(), 0);
        QCOMPARE(pending["response"]["bodySize"].get<int>(), -1);

        const json &star = entries[6];
        QCOMPARE(text(star["response"]["redirectURL"]), QStringLiteral("\"/elsewhere\""));
        QCOMPARE(text(star["response"]["cookies"]),
                 QStringLiteral(
                     R"([{"httpOnly":true,"name":"sid","path":"/","secure":true,"value":"abc"}])"));
    }

    void roundTripKeepsWhatHarHolds()
    {
        const QList<Store::Exchange> original = variedExchanges();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        auto writer = Interchange::harStreamWriter(&buffer, QStringLiteral("0.1.0"));
        for (const Store::Exchange &e : original)
            writer.write(Interchange::harEntry(e));
        writer.finish();

        const Result<Interchange::HarImport> imported = Interchange::readHar(buffer.data());
        QVERIFY2(imported.ok(), qPrintable(imported.error()));
        QCOMPARE(imported->skipped, 0);
        QCOMPARE(imported->exchanges.size(), original.size());
        for (qsizetype i = 0; i < original.size(); ++i) {
            const QString diff = Testing::exchangeDifference(original[i], imported->exchanges[i]);
            QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("entry %1: %2").arg(i).arg(diff)));
            QCOMPARE(imported->sourceIds[i], original[i].id);
            QCOMPARE(imported->exchanges[i].id, 0);
        }
        // The replay names its original by position, since ids change on import; the orphan,
        // whose original is not in the file, loses its link.
        QCOMPARE(original[5].replayOf, original[0].id);
        QCOMPARE(imported->originals, (QList<qsizetype>{-1, -1, -1, -1, -1, 0, -1, -1}));
        QCOMPARE(imported->exchanges[5].replayOf, original[0].id);
        QCOMPARE(imported->exchanges[7].replayOf, 0);
    }

    void importsWhatBrowsersWrite()
    {
        // Shaped after what Chromium and Firefox DevTools write ("Save all as HAR"), from the spec:
        // HTTP/2 with pseudo-headers and no Host, params without text, base64 content, decoded
        // bodies under Content-Encoding, a failed request, optional fields left out, a BOM.
        const json chromium = {
            {"startedDateTime", "2024-03-01T10:15:30.250+01:00"},
            {"time", 12.5},
            {"request",
             {{"method", "POST"},
              {"url", "https://api.example.com/v1/hooks?x=1#top"},
              {"httpVersion", "http/2.0"},
              {"headers",
               {{{"name", ":method"}, {"value", "POST"}},
                {{"name", ":authority"}, {"value", "api.example.com"}},
                {{"name", ":path"}, {"value", "/v1/hooks?x=1"}},
                {{"name", "content-type"}, {"value", "application/x-www-form-urlencoded"}}}},
              {"queryString", {{{"name", "x"}, {"value", "1"}}}},
              {"cookies", json::array()},
              {"headersSize", -1},
              {"bodySize", 17},
              {"postData",
               {{"mimeType", "application/x-www-form-urlencoded"},
                {"params",
                 {{{"name", "a b"}, {"value", "1&2"}}, {{"name", "c"}, {"value", "é"}}}}}}}},
            {"response",
             {{"status", 200},
              {"statusText", ""},
              {"httpVersion", "http/2.0"},
              {"headers",
               {{{"name", "content-type"}, {"value", "image/gif"}},
                {{"name", "content-encoding"}, {"value", "br"}},
                {{"name", "content-length"}, {"value", "20"}}}},
              {"cookies", json::array()},
              {"content",
               {{"size", 6},
                {"mimeType", "image/gif"},
                {"text", "R0lGODlh"},
                {"encoding", "base64"}}},
              {"redirectURL", ""},
              {"headersSize", -1},
              {"bodySize", 20},
              {"_transferSize", 120}}},
            {"cache", json::object()},
            {"timings", {{"send", 1}, {"wait", 10}, {"receive", 1.5}}},
            {"_resourceType", "fetch"}};
        const json firefox = {
            {"startedDateTime", "2024-03-01T09:15:31.000Z"},
            {"time", 3},
            {"request",
             {{"method", "GET"},
              {"url", "http://localhost:3000/"},
              {"httpVersion", "HTTP/1.1"},
              {"headers", {{{"name", "Host"}, {"value", "localhost:3000"}}}}}},
            {"response",
             {{"status", 404},
              {"statusText", "Not Found"},
              {"httpVersion", "HTTP/1.1"},
              {"headers", {{{"name", "Content-Type"}, {"value", "text/html"}}}},
              {"content", {{"size", 9}, {"mimeType", "text/html"}, {"text", "not found"}}}}}};
        const json failed = {
            {"startedDateTime", "2024-03-01T09:15:32Z"},
            {"time", 0},
            {"request",
             {{"method", "GET"}, {"url", "http://localhost:9/x"}, {"httpVersion", "HTTP/1.1"}}},
            {"response",
             {{"status", 0}, {"statusText", ""}, {"_error", "net::ERR_CONNECTION_REFUSED"}}}};
        const json noBody = {
            {"startedDateTime", "2024-03-01T09:15:33Z"},
            {"time", 1},
            {"request", {{"method", "GET"}, {"url", "http://localhost:3000/big"}}},
            {"response",
             {{"status", 200}, {"content", {{"size", 5000}, {"mimeType", "text/plain"}}}}}};
        const json relative = {{"startedDateTime", "2024-03-01T09:15:34Z"},
                               {"request", {{"method", "GET"}, {"url", "/relative"}}}};
        const json noDate = {{"request", {{"method", "GET"}, {"url", "http://localhost/"}}}};
        const json document = {
            {"log",
             {{"version", "1.2"},
              {"creator", {{"name", "WebInspector"}, {"version", "537.36"}}},
              {"pages", json::array()},
              {"entries", {chromium, firefox, failed, noBody, relative, 42, noDate}}}}};

        const QByteArray bytes = "\xEF\xBB\xBF" + QByteArray::fromStdString(document.dump());
        const Result<Interchange::HarImport> imported = Interchange::readHar(bytes);
        QVERIFY2(imported.ok(), qPrintable(imported.error()));
        QCOMPARE(imported->skipped, 3);
        QCOMPARE(imported->problems.size(), 3);
        QVERIFY(imported->problems[0].startsWith(QLatin1String("entry 5: ")));
        QCOMPARE(imported->exchanges.size(), 4);

        const Store::Exchange &c = imported->exchanges[0];
        QCOMPARE(c.startedUs, *Interchange::parseTimestamp("2024-03-01T09:15:30.250Z"));
        QCOMPARE(c.durationUs, 12'500);
        QCOMPARE(c.upstream, QStringLiteral("https://api.example.com"));
        QCOMPARE(c.request.target, QByteArray("/v1/hooks?x=1"));
        QCOMPARE(c.request.version, (Http::Version{2, 0}));
        QCOMPARE(c.request.headers,
                 (Http::Headers{{"Host", "api.example.com"},
                                {"content-type", "application/x-www-form-urlencoded"}}));
        QCOMPARE(c.requestBody.bytes, QByteArray("a+b=1%262&c=%C3%A9"));
        QCOMPARE(c.requestBody.size, c.requestBody.bytes.size());
        QVERIFY(c.response);
        QCOMPARE(c.response->reason, QByteArray("OK"));
        QCOMPARE(c.responseBody.bytes, QByteArray("GIF89a"));
        // The body is decoded, so the head no longer says it is brotli, and its length fits.
        QCOMPARE(c.response->headers,
                 (Http::Headers{{"content-type", "image/gif"}, {"content-length", "6"}}));

        const Store::Exchange &f = imported->exchanges[1];
        QCOMPARE(f.request.headers, (Http::Headers{{"Host", "localhost:3000"}}));
        QCOMPARE(f.requestBody.bytes, QByteArray());
        QCOMPARE(f.response->status, 404);
        QCOMPARE(f.responseBody.bytes, QByteArray("not found"));
        QVERIFY(!f.responseBody.truncated);

        const Store::Exchange &x = imported->exchanges[2];
        QVERIFY(!x.response);
        QCOMPARE(x.error, QStringLiteral("net::ERR_CONNECTION_REFUSED"));
        QCOMPARE(x.request.headers.value("Host"), QByteArray("localhost:9"));

        const Store::Exchange &n = imported->exchanges[3];
        QVERIFY(n.responseBody.truncated);
        QCOMPARE(n.responseBody.size, 5000);
        QCOMPARE(n.request.version, (Http::Version{1, 1}));
    }

    void multipartParamsBecomeABody()
    {
        const json entry = {{"startedDateTime", "2024-03-01T09:15:31Z"},
                            {"request",
                             {{"method", "POST"},
                              {"url", "http://localhost:3000/form"},
                              {"postData",
                               {{"mimeType", "multipart/form-data; boundary=XyZ"},
                                {"params",
                                 {{{"name", "field"}, {"value", "v"}},
                                  {{"name", "file"},
                                   {"value", "data"},
                                   {"fileName", "a.txt"},
                                   {"contentType", "text/plain"}}}}}}}},
                            {"response", {{"status", 204}}}};
        const auto imported = Interchange::readHar(
            QByteArray::fromStdString(json{{"log", {{"entries", {entry}}}}}.dump()));
        QVERIFY(imported.ok());
        QCOMPARE(imported->exchanges.size(), 1);
        QCOMPARE(imported->exchanges[0].requestBody.bytes,
                 QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nv\r\n"
                            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
                            "filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\ndata\r\n"
                            "--XyZ--\r\n"));
    }

    void rejectsWhatIsNotHar_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("<html>") << "not valid JSON at byte 1";
        QTest::newRow("empty") << QByteArray() << "not valid JSON";
        QTest::newRow("cut short")
            << QByteArray(R"({"log":{"entries":[{"request":)") << "not valid JSON";
        QTest::newRow("log not object")
            << QByteArray(R"({"log":[{"entries":[]}]})") << "no log.entries";
        QTest::newRow("entries deeper")
            << QByteArray(R"({"x":{"log":{"entries":[]}}})") << "no log.entries";
        QTest::newRow("no log") << QByteArray(R"({"entries":[]})") << "no log.entries";
        QTest::newRow("entries not array")
            << QByteArray(R"({"log":{"entries":{}}})") << "no log.entries";
    }
    void rejectsWhatIsNotHar()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const auto imported = Interchange::readHar(bytes);
        QVERIFY(!imported.ok());
        QVERIFY2(imported.error().contains(message), qPrintable(imported.error()));
    }

    void unreadableFileNamesThePath()
    {
        const auto imported = Interchange::readHarFile(QStringLiteral("/nonexistent/x.har"));
        QVERIFY(!imported.ok());
        QVERIFY(imported.error().contains(QLatin1String("/nonexistent/x.har")));
    }

    void emptyFileSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.har"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const auto imported = Interchange::readHarFile(path);
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error(), path + QStringLiteral(" is empty, so not a HAR file"));
    }
};

QTEST_GUILESS_MAIN(TestHar)
#include "tst_har.moc"
