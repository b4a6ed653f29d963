#include "http/contentencoding.h"
#include "makeexchange.h"
#include "replay/responsediff.h"

#include <QTest>
#include <brotli/encode.h>

using namespace Hookscope;
using Replay::DiffEntry;
using Replay::DiffOptions;
using Replay::diffResponses;
using Replay::ResponseDiff;

namespace {

Store::Exchange answered(int status, const QByteArray &body, Http::Headers headers = {})
{
    Store::Exchange e = Testing::makeExchange();
    e.response = Http::ResponseHead{};
    e.response->status = status;
    e.response->reason = status == 200 ? "OK" : "Internal Server Error";
    headers.add("Content-Length", QByteArray::number(body.size()));
    e.response->headers = headers;
    e.responseBody = {body, body.size(), false};
    return e;
}

const DiffEntry *find(const ResponseDiff &diff, const QString &where)
{
    for (const DiffEntry &e : diff.entries)
        if (e.where == where)
            return &e;
    return nullptr;
}

QByteArray brotli(const QByteArray &input)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(input.size())) + 16;
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(input.size()),
                          reinterpret_cast<const uint8_t *>(input.constData()), &size,
                          reinterpret_cast<uint8_t *>(out.data()));
    out.resize(qsizetype(size));
    return out;
}

} // namespace

class TestResponseDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void volatileHeadersAreIgnored()
    {
        const Store::Exchange a = answered(200, R"({"ok":true})",
                                           {{"Date", "Sun, 29 Nov 2026 08:00:00 GMT"},
                                            {"X-Request-Id", "abc"},
                                            {"Request-ID", "r1"},
                                            {"Server-Timing", "db;dur=53"},
                                            {"ETag", "\"v1\""},
                                            {"Set-Cookie", "session=1"},
                                            {"Content-Type", "application/json"}});
        const Store::Exchange b = answered(200, R"({"ok": true})",
                                           {{"Date", "Sun, 29 Nov 2026 09:30:00 GMT"},
                                            {"x-request-id", "def"},
                                            {"Request-ID", "r2"},
                                            {"Server-Timing", "db;dur=12"},
                                            {"ETag", "\"v2\""},
                                            {"Set-Cookie", "session=2"},
                                            {"Content-Type", "application/json"}});
        const ResponseDiff diff = diffResponses(a, b);
        QVERIFY2(diff.equal(), qPrintable(diff.lines().join(QLatin1Char('\n'))));
        QCOMPARE(diff.summary(), QStringLiteral("same"));
        // Spacing differs: the values are the same, and that is noted.
        QCOMPARE(diff.notes.size(), 1);
    }

    void ignoredHeadersAreConfigurable()
    {
        const Store::Exchange a = answered(200, "x", {{"Date", "1"}, {"X-Build", "41"}});
        const Store::Exchange b = answered(200, "x", {{"Date", "2"}, {"X-Build", "42"}});
        QCOMPARE(diffResponses(a, b).summary(), QStringLiteral("header X-Build"));
        DiffOptions options;
        options.ignoredHeaders = {"x-build"};
        const ResponseDiff diff = diffResponses(a, b, options);
        QCOMPARE(diff.entries.size(), 1);
        QCOMPARE(diff.entries[0].where, QStringLiteral("Date"));
    }

    void statusAndHeadersDiffer()
    {
        const Store::Exchange a =
            answered(200, "", {{"Content-Type", "application/json"}, {"X-Mode", "a"}});
        const Store::Exchange b =
            answered(500, "", {{"Content-Type", "text/plain"}, {"X-New", "1"}});
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.entries.size(), 4);
        QCOMPARE(diff.entries[0].part, DiffEntry::Part::Status);
        QCOMPARE(diff.entries[0].before, QStringLiteral("200 OK"));
        QCOMPARE(diff.entries[0].after, QStringLiteral("500 Internal Server Error"));
        QCOMPARE(find(diff, QStringLiteral("Content-Type"))->kind, DiffEntry::Kind::Changed);
        QCOMPARE(find(diff, QStringLiteral("Content-Type"))->after,
                 QStringLiteral("\"text/plain\""));
        QCOMPARE(find(diff, QStringLiteral("X-Mode"))->kind, DiffEntry::Kind::Removed);
        QCOMPARE(find(diff, QStringLiteral("X-New"))->kind, DiffEntry::Kind::Added);
        QVERIFY(diff.summary().startsWith(QStringLiteral("status 200 OK → 500")));
    }

    void noResponseAtAll()
    {
        const Store::Exchange a = answered(200, "fine");
        Store::Exchange b = Testing::makeExchange();
        b.response.reset();
        b.responseBody = {};
        b.error = QStringLiteral("upstream refused the connection");
        const ResponseDiff diff = diffResponses(a, b);
        QVERIFY(!diff.equal());
        QCOMPARE(diff.entries[0].after, QStringLiteral("none (upstream refused the connection)"));
    }

    void jsonBodiesDifferByPath()
    {
        const Store::Exchange a = answered(
            200, R"({"data":{"issue":{"id":"1","tags":["a","b"]},"gone":null},"n":1,"odd key":1})");
        const Store::Exchange b = answered(
            200,
            R"({"n":1,"data":{"issue":{"id":"2","tags":["a","b","c"]},"extra":{"x":true}},"odd key":2})");
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.bodyKind, ResponseDiff::BodyKind::Json);
        QCOMPARE(diff.entries.size(), 5);
        const DiffEntry *id = find(diff, QStringLiteral("data.issue.id"));
        QVERIFY(id);
        QCOMPARE(id->kind, DiffEntry::Kind::Changed);
        QCOMPARE(id->before, QStringLiteral("\"1\""));
        QCOMPARE(id->after, QStringLiteral("\"2\""));
        QCOMPARE(find(diff, QStringLiteral("data.issue.tags[2]"))->kind, DiffEntry::Kind::Added);
        QCOMPARE(find(diff, QStringLiteral("data.gone"))->kind, DiffEntry::Kind::Removed);
        QCOMPARE(find(diff, QStringLiteral("data.extra"))->after, QStringLiteral("{\"x\":true}"));
        QCOMPARE(find(diff, QStringLiteral("[\"odd key\"]"))->after, QStringLiteral("2"));
        QVERIFY(diff.lines().contains(QStringLiteral("body data.issue.id: \"1\" → \"2\"")));
        QCOMPARE(diff.summary(), QStringLiteral("body: 5 JSON paths"));
    }

    void textBodiesDifferByLine()
    {
        const Store::Exchange a = answered(200, "line 1\nline 2\nline 3\nline 4\n");
        const Store::Exchange b =
            answered(200, "line 1\ninserted\nline 2\nline 3\nline 4 changed\n");
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.bodyKind, ResponseDiff::BodyKind::Text);
        QCOMPARE(diff.lines(), (QStringList{QStringLiteral("body + line 2: inserted"),
                                            QStringLiteral("body - line 4: line 4"),
                                            QStringLiteral("body + line 5: line 4 changed")}));
        QCOMPARE(diff.summary(), QStringLiteral("body: 3 lines"));
    }

    void lineEndsAloneAreADifference()
    {
        const Store::Exchange a = answered(200, "one\ntwo\n");
        const Store::Exchange b = answered(200, "one\r\ntwo");
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.lines(),
                 QStringList{QStringLiteral(
                     "body line ends: LF, newline at end → CRLF, no newline at end")});
        // A last line added after a final newline is one added line, not an empty one too.
        const ResponseDiff more = diffResponses(a, answered(200, "one\ntwo\nthree\n"));
        QCOMPARE(more.lines(), QStringList{QStringLiteral("body + line 3: three")});
    }

    void bodiesAreDecodedBeforeComparing_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::newRow("gzip") << QByteArray("gzip");
        QTest::newRow("deflate") << QByteArray("deflate");
        QTest::newRow("br") << QByteArray("br");
    }

    void bodiesAreDecodedBeforeComparing()
    {
        QFETCH(QByteArray, coding);
        const QByteArray plain = R"({"items":[1,2,3],"status":"ok"})";
        const QByteArray changed = R"({"items":[1,2,4],"status":"ok"})";
        const auto encoded = [&coding](const QByteArray &body) {
            return coding == "br" ? brotli(body) : Http::encodeContent(body, coding).value();
        };
        const Store::Exchange a = answered(200, plain);
        const Store::Exchange same = answered(200, encoded(plain), {{"Content-Encoding", coding}});
        ResponseDiff diff = diffResponses(a, same);
        // Only the Content-Encoding header differs: the bodies hold the same bytes once decoded.
        QCOMPARE(diff.entries.size(), 1);
        QCOMPARE(diff.entries[0].where, QStringLiteral("Content-Encoding"));
        QCOMPARE(diff.replayBody, plain);

        const Store::Exchange other =
            answered(200, encoded(changed), {{"Content-Encoding", coding}});
        diff = diffResponses(same, other);
        QCOMPARE(diff.entries.size(), 1);
        QCOMPARE(diff.entries[0].where, QStringLiteral("items[2]"));
        QCOMPARE(diff.entries[0].after, QStringLiteral("4"));
    }

    void undecodableBodyIsComparedAsStored()
    {
        const Store::Exchange a = answered(200, "not gzip", {{"Content-Encoding", "gzip"}});
        const Store::Exchange b = answered(200, "not gzip either", {{"Content-Encoding", "gzip"}});
        const ResponseDiff diff = diffResponses(a, b);
        QVERIFY(!diff.equal());
        QCOMPARE(diff.notes.size(), 2);
        QVERIFY(diff.notes[0].contains(QStringLiteral("could not be decoded")));
    }

    void binaryBodiesDifferBySize()
    {
        const Store::Exchange a = answered(200, QByteArray("\x89PNG\0\x01", 6));
        const Store::Exchange b = answered(200, QByteArray("\x89PNG\0\x02\x03", 7));
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.bodyKind, ResponseDiff::BodyKind::Binary);
        QCOMPARE(diff.lines(), QStringList{QStringLiteral("body body: 6 bytes → 7 bytes")});
    }

    void truncatedBodiesCompareTheirSizesToo()
    {
        Store::Exchange a = answered(200, "same start");
        Store::Exchange b = answered(200, "same start");
        a.responseBody.size = 100;
        a.responseBody.truncated = true;
        b.responseBody.size = 120;
        b.responseBody.truncated = true;
        const ResponseDiff diff = diffResponses(a, b);
        QCOMPARE(diff.entries.size(), 1);
        QCOMPARE(diff.entries[0].where, QStringLiteral("body size"));
        QCOMPARE(diff.notes.size(), 2);
    }

    void longDiffsStop()
    {
        QByteArray a;
        QByteArray b;
        for (int i = 0; i < 50; ++i) {
            a += "a" + QByteArray::number(i) + "\n";
            b += "b" + QByteArray::number(i) + "\n";
        }
        DiffOptions options;
        options.maxBodyEntries = 10;
        const ResponseDiff diff = diffResponses(answered(200, a), answered(200, b), options);
        QCOMPARE(diff.entries.size(), 10);
        QVERIFY(diff.notes.last().contains(QStringLiteral("stops after 10")));
    }
};

QTEST_GUILESS_MAIN(TestResponseDiff)
#include "tst_responsediff.moc"
