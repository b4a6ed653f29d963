#include "http/serializer.h"
#include "interchange/curlcommand.h"
#include "interchange/shellquote.h"
#include "makeexchange.h"
#include "testupstream.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;

namespace {

// Runs a shell script with sh, letting the event loop run (the upstream lives on this thread).
// Returns the exit code, or -1 when it did not finish in time.
int runScript(const QTemporaryDir &dir, const QByteArray &script, QByteArray *stdOut = nullptr)
{
    const QString path = dir.filePath(QStringLiteral("command.sh"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(script) != script.size())
        return -1;
    file.close();
    QProcess process;
    process.setWorkingDirectory(dir.path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("sh"), {path});
    if (!finished.wait(20000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (stdOut)
        *stdOut = process.readAllStandardOutput();
    if (process.exitCode() != 0)
        qWarning("%s", process.readAllStandardError().constData());
    return process.exitCode();
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(12345);
    for (char &c : bytes)
        c = char(generator.bounded(256));
    return bytes;
}

Store::Exchange withBody(Store::Exchange e, const QByteArray &body, const QByteArray &type)
{
    e.requestBody = {body, body.size(), false};
    e.request.headers.set("Content-Type", type);
    e.request.headers.set("Content-Length", QByteArray::number(body.size()));
    return e;
}

// Points the exchange at a fresh recording upstream, runs its curl command, and gives what the
// upstream received; `failure` says why there is nothing.
struct CurlRun
{
    QByteArray command;
    QList<Testing::RecordedRequest> received;
    QString failure;
};

CurlRun runCurl(Store::Exchange exchange)
{
    CurlRun run;
    Testing::TestUpstream upstream;
    if (!upstream.listen())
        return {{}, {}, QStringLiteral("cannot listen on 127.0.0.1")};
    exchange.upstream = upstream.url();
    const Result<QByteArray> command = Interchange::curlCommand(exchange);
    if (!command)
        return {{}, {}, command.error()};
    run.command = *command;
    QTemporaryDir dir;
    if (const int code = runScript(dir, run.command); code != 0)
        run.failure = QStringLiteral("the command exited with %1:\n").arg(code) +
                      QString::fromLatin1(run.command.left(4000));
    run.received = upstream.requests();
    if (run.failure.isEmpty() && run.received.size() != 1)
        run.failure = QStringLiteral("the upstream received %1 requests").arg(run.received.size());
    return run;
}

} // namespace

class TestCurl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QProcess::execute(QStringLiteral("curl"), {QStringLiteral("--version")}) == 0,
                 "the curl binary is needed (packaging/install-deps.sh installs it)");
    }

    void reproducesTheRequest_data()
    {
        QTest::addColumn<Store::Exchange>("exchange");
        QTest::addColumn<QByteArray>("mustContain"); // in the command

        const Store::Exchange base = Testing::makeExchange();
        QTest::newRow("sentry webhook") << base << QByteArray("--data-binary '{");

        QByteArray binary("\x00\x01\x02 '\"\\$`!*?;&|<>\r\n\t\xff\xfe\x80 end", 28);
        QTest::newRow("binary with NUL and quotes")
            << withBody(base, binary, "application/octet-stream") << QByteArray("base64 -d");

        QTest::newRow("text starting with @")
            << withBody(base, "@/etc/passwd", "text/plain") << QByteArray("--data-binary @-");

        Store::Exchange tabs =
            withBody(base, "a\tb\r\nit's \"quoted\" $HOME `id` \\n\nlast", "text/plain");
        tabs.request.method = "PUT";
        QTest::newRow("text with tab, CRLF and quotes") << tabs << QByteArray("--request PUT");

        Store::Exchange odd = base;
        odd.request.method = "GET";
        odd.request.target = "/a/../b/%2e%2e/?x=[1]&y={2}|^`\"<>&z=%zz";
        odd.request.headers = {{"Host", "hooks.example.com"},
                               {"User-Agent", "Sentry-Hookshot/1.0"},
                               {"X-Quote", "it's \"q\" $HOME `id` \\ ! ;&|"},
                               {"X-Tab", "a\tb"},
                               {"X-Utf8", "caf\xc3\xa9 \xc3\xbc"},
                               {"X-Latin", "caf\xe9"},
                               {"X-Dup", "1"},
                               {"x-dup", "2"},
                               {"Accept-Encoding", "gzip"}};
        odd.requestBody = {};
        QTest::newRow("odd target and header values") << odd << QByteArray("--header Accept: ");

        Store::Exchange del = base;
        del.request.method = "DELETE";
        del.request.headers = {{"Host", "127.0.0.1:8080"}, {"Accept", "*/*"}};
        del.requestBody = {};
        QTest::newRow("delete without body") << del << QByteArray("--request DELETE");

        Store::Exchange old = del;
        old.request.method = "GET";
        old.request.version = {1, 0};
        QTest::newRow("HTTP/1.0") << old << QByteArray("--http1.0");

        Store::Exchange noHost = old;
        noHost.request.headers = {{"X-Only", "1"}};
        QTest::newRow("HTTP/1.0 without Host") << noHost << QByteArray("--header Host: ");

        QByteArray text;
        while (text.size() < 100 * 1024)
            text += R"({"event":"issue.created","n":)" + QByteArray::number(text.size()) + "},\n";
        QTest::newRow("large text")
            << withBody(base, text, "application/json") << QByteArray("--data-binary @-");

        // Above curl's own Expect: 100-continue threshold (1 MiB); the original had none.
        QTest::newRow("large binary")
            << withBody(base, randomBytes(1'200'000), "application/octet-stream")
            << QByteArray("--header Expect: ");

        QTest::newRow("empty post")
            << withBody(base, {}, "application/json") << QByteArray("--data-binary ''");

        Store::Exchange bare = base;
        bare.request.headers = {{"Host", "127.0.0.1:8080"}};
        bare.requestBody = {};
        QTest::newRow("post without body") << bare << QByteArray("--request POST");

        Store::Exchange star = bare;
        star.request.method = "OPTIONS";
        star.request.target = "*";
        QTest::newRow("OPTIONS *") << star << QByteArray("--request-target '*'");

        Store::Exchange absolute = bare;
        absolute.request.method = "GET";
        absolute.request.target = "http://hooks.example.com/x?y=1";
        QTest::newRow("absolute-form target") << absolute << QByteArray("--request-target");

        Store::Exchange head = bare;
        head.request.method = "HEAD";
        QTest::newRow("HEAD") << head << QByteArray("--head");

        Store::Exchange expect = withBody(base, "{\"a\":1}", "application/json");
        expect.request.headers.add("Expect", "100-continue");
        QTest::newRow("Expect: 100-continue") << expect << QByteArray("100-continue");
    }
    void reproducesTheRequest()
    {
        QFETCH(Store::Exchange, exchange);
        QFETCH(QByteArray, mustContain);
        const CurlRun run = runCurl(exchange);
        QVERIFY2(run.failure.isEmpty(), qPrintable(run.failure));
        QVERIFY2(run.command.contains(mustContain), run.command.left(4000).constData());
        const QByteArray expected =
            Http::serializeRequestHead(exchange.request) + exchange.requestBody.bytes;
        QCOMPARE(run.received.first().raw, expected);
    }

    void emptyFieldValuesArriveEmpty()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers = {{"Host", "h"}, {"X-Empty", ""}, {"X-After", "1"}};
        e.request.method = "GET";
        e.requestBody = {};
        const CurlRun run = runCurl(e);
        QVERIFY2(run.failure.isEmpty(), qPrintable(run.failure));
        // curl writes an empty field without the space after the colon.
        QCOMPARE(run.received.first().raw,
                 QByteArray("GET /webhooks/sentry?source=test HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n"
                            "X-After: 1\r\n\r\n"));
    }

    void chunkedStaysChunked()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers.remove("Content-Length");
        e.request.headers.add("Transfer-Encoding", "chunked");
        const CurlRun run = runCurl(e);
        QVERIFY2(run.failure.isEmpty(), qPrintable(run.failure));
        const Testing::RecordedRequest &got = run.received.first();
        QVERIFY(got.raw.startsWith(Http::serializeRequestHead(e.request)));
        QCOMPARE(got.head.headers, e.request.headers);
        QCOMPARE(got.body, e.requestBody.bytes);
    }

    void truncatedBodyIsRefused()
    {
        Store::Exchange e = Testing::makeExchange();
        e.id = 9;
        e.requestBody.truncated = true;
        e.requestBody.size = 20'000'000;
        const Result<QByteArray> command = Interchange::curlCommand(e);
        QVERIFY(!command.ok());
        QVERIFY(command.error().contains(QLatin1String("exchange 9")));
        QVERIFY(command.error().contains(QLatin1String("--max-body-size")));
    }

    void shellQuoteIsExact_data()
    {
        QTest::addColumn<QByteArray>("word");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("bare") << QByteArray("--data-binary");
        QTest::newRow("quotes") << QByteArray("it's \"x\" '' '");
        QTest::newRow("expansions") << QByteArray("$HOME ${x} $(id) `id` \\ * ? ~ ! # ;&|<>");
        QTest::newRow("controls") << QByteArray("\t\r\x01\x1b[31m\x7f\n\nx\n");
        QTest::newRow("trailing newlines") << QByteArray("a\n\n");
        QByteArray all;
        for (int c = 1; c < 256; ++c)
            all += char(c);
        QTest::newRow("every byte but NUL") << all;
    }
    void shellQuoteIsExact()
    {
        QFETCH(QByteArray, word);
        QTemporaryDir dir;
        QByteArray out;
        QCOMPARE(runScript(dir, "printf '%s' " + Interchange::shellQuote(word) + '\n', &out), 0);
        QCOMPARE(out, word);
    }
};

QTEST_GUILESS_MAIN(TestCurl)
#include "tst_curl.moc"
