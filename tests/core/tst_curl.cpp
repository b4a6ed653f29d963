#include "http/serializer.h"
#include "interchange/curlcommand.h"
#include "interchange/shellquote.h"
#include "makeexchange.h"
#include "proxy/captureproxy.h"
#include "testupstream.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <mutex>

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
    quint16 port = 0;
    QByteArray command;
    QList<Testing::RecordedRequest> received;
    QString failure;
};

CurlRun runCurl(Store::Exchange exchange)
{
    CurlRun run;
    Testing::TestUpstream upstream;
    if (!upstream.listen())
        return {0, {}, {}, QStringLiteral("cannot listen on 127.0.0.1")};
    exchange.upstream = upstream.url();
    run.port = upstream.port();
    const Result<QByteArray> command = Interchange::curlCommand(exchange);
    if (!command)
        return {0, {}, {}, command.error()};
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
        // The proxy forwards HTTP/1.1 whatever the client spoke.
        QTest::newRow("HTTP/1.0") << old << QByteArray("--http1.1");

        Store::Exchange noHost = old;
        noHost.request.headers = {{"X-Only", "1"}};
        // The proxy adds the upstream's authority as Host.
        QTest::newRow("HTTP/1.0 without Host") << noHost << QByteArray("'Host: 127.0.0.1:");

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
        // Forwarded in origin-form.
        QTest::newRow("absolute-form target") << absolute << QByteArray("/x?y=1'");

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
        exchange.upstream = QStringLiteral("http://127.0.0.1:%1").arg(run.port);
        Http::RequestHead forwarded = Interchange::forwardedRequestHead(exchange);
        // curl always sends Host first (documented); the proxy appends it when it was missing.
        const qsizetype host = forwarded.headers.fields().indexOf(
            Http::HeaderField{"Host", forwarded.headers.value("Host")});
        if (host > 0)
            forwarded.headers.fields().move(host, 0);
        const QByteArray expected =
            Http::serializeRequestHead(forwarded) + exchange.requestBody.bytes;
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
                            "X-After: 1\r\nX-Forwarded-For: 127.0.0.1\r\n"
                            "X-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n"));
    }

    void chunkedStaysChunked()
    {
        Store::Exchange e = Testing::makeExchange();
        e.request.headers.remove("Content-Length");
        e.request.headers.add("Transfer-Encoding", "chunked");
        const CurlRun run = runCurl(e);
        QVERIFY2(run.failure.isEmpty(), qPrintable(run.failure));
        const Testing::RecordedRequest &got = run.received.first();
        e.upstream = QStringLiteral("http://127.0.0.1:%1").arg(run.port);
        const Http::RequestHead forwarded = Interchange::forwardedRequestHead(e);
        QVERIFY(forwarded.headers.contains("Transfer-Encoding"));
        QVERIFY(got.raw.startsWith(Http::serializeRequestHead(forwarded)));
        QCOMPARE(got.head.headers, forwarded.headers);
        QCOMPARE(got.body, e.requestBody.bytes);
    }

    void forwardedHeadIsWhatTheProxySends()
    {
        Store::Exchange e = Testing::makeExchange();
        e.upstream = QStringLiteral("http://127.0.0.1:3000/base");
        e.request.version = {1, 0};
        e.request.headers = {{"Host", "hooks.example.com"},
                             {"Connection", "keep-alive, X-Hop"},
                             {"X-Hop", "gone"},
                             {"Keep-Alive", "timeout=5"},
                             {"Content-Length", "3"}};
        e.requestBody = {"abc", 3, false};
        const Http::RequestHead head = Interchange::forwardedRequestHead(e);
        QCOMPARE(head.target, QByteArray("/base/webhooks/sentry?source=test"));
        QCOMPARE(head.version, (Http::Version{1, 1}));
        QCOMPARE(head.headers, (Http::Headers{{"Host", "hooks.example.com"},
                                              {"Content-Length", "3"},
                                              {"X-Forwarded-For", "127.0.0.1"},
                                              {"X-Forwarded-Proto", "http"},
                                              {"X-Forwarded-Host", "hooks.example.com"}}));
        QVERIFY(Interchange::curlCommand(e)->contains("'http://127.0.0.1:3000/base/webhooks/"));

        // An upstream the proxy cannot have used (imported from a browser): the head as captured.
        e.upstream = QStringLiteral("https://api.example.com");
        QCOMPARE(Interchange::forwardedRequestHead(e).headers, e.request.headers);
        QVERIFY(Interchange::curlCommand(e)->contains("'https://api.example.com/webhooks/"));
    }

    // The real thing: a request goes through the capture proxy; the command made from what was
    // captured reaches the upstream exactly as the proxy's forwarded copy did.
    void matchesWhatTheProxyForwarded()
    {
        Testing::TestUpstream upstream;
        QVERIFY(upstream.listen());
        std::mutex mutex;
        QList<Store::Exchange> captured;
        Proxy::ProxyOptions options;
        options.listenPort = 0;
        options.upstream.port = upstream.port();
        options.sink = [&](Store::Exchange e) {
            const std::lock_guard lock(mutex);
            captured.append(std::move(e));
        };
        Proxy::CaptureProxy proxy(options);
        QVERIFY(proxy.start().ok());

        const QByteArray body("{\"a\":\"\x00\x01 it's\"}\r\n\xff", 19);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, proxy.port());
        QVERIFY(client.waitForConnected(5000));
        client.write("POST /hooks/x?y=%20z HTTP/1.1\r\nHost: tunnel.example.com\r\n"
                     "Connection: keep-alive\r\nX-Odd: a\tb 'c' \"d\" $e\r\n"
                     "Content-Type: application/octet-stream\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     const std::lock_guard lock(mutex);
                                     return !captured.isEmpty();
                                 }()),
                                 10000);
        QCOMPARE(upstream.requests().size(), 1);
        proxy.stop();

        const Store::Exchange e = captured.first();
        QCOMPARE(e.requestBody.bytes, body);
        const Result<QByteArray> command = Interchange::curlCommand(e);
        QVERIFY2(command.ok(), qPrintable(command.error()));
        QTemporaryDir dir;
        QCOMPARE(runScript(dir, *command), 0);
        QCOMPARE(upstream.requests().size(), 2);
        QCOMPARE(upstream.requests().at(1).raw, upstream.requests().at(0).raw);
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
