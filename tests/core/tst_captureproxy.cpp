#include "http/serializer.h"
#include "proxyfixture.h"
#include "responsereader.h"

#include <QSignalSpy>
#include <QTest>

using namespace Hookscope;
using Http::Headers;
using Testing::ProxyFixture;
using Testing::RecordedRequest;
using Testing::ResponseReader;
using Testing::UpstreamReply;

// The capture proxy against a real upstream on 127.0.0.1: framing, keep-alive, ordering, the
// rewriting of headers, errors, and what is recorded.
class TestCaptureProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void forwardsAndCapturesByteExact()
    {
        ProxyFixture f;
        UpstreamReply reply;
        reply.status = 201;
        reply.headers = {{"Content-Type", "application/json"},
                         {"Keep-Alive", "timeout=5"},
                         {"Connection", "keep-alive"},
                         {"X-App", "1"}};
        reply.body = R"({"message":"Thank you for the message"})";
        f.upstream.setReply(reply);
        QVERIFY(f.start());

        const QByteArray body = R"({"action":"resolved","data":{"issue":{"id":"1"}}})"
                                "\r\n\x00\xff binary tail";
        const QByteArray head = "POST /hook?x=1 HTTP/1.1\r\n"
                                "Host: example.test:8080\r\n"
                                "Content-Type: application/json\r\n"
                                "Connection: keep-alive, X-Private\r\n"
                                "X-Private: secret\r\n"
                                "Keep-Alive: timeout=5\r\n"
                                "Proxy-Authorization: Basic abc\r\n"
                                "TE: trailers\r\n"
                                "X-Forwarded-For: 10.0.0.1\r\n"
                                "sentry-hook-signature: abc\r\n"
                                "Content-Length: " +
                                QByteArray::number(body.size()) + "\r\n\r\n";
        auto client = f.connectClient();
        client->write(head + body);
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 201);
        QCOMPARE(responses[0].body, reply.body);
        const Headers toClient{{"Content-Type", "application/json"},
                               {"X-App", "1"},
                               {"Content-Length", QByteArray::number(reply.body.size())}};
        QCOMPARE(responses[0].head.headers, toClient);

        QCOMPARE(f.upstream.requests().size(), 1);
        const RecordedRequest &got = f.upstream.requests()[0];
        QCOMPARE(got.head.method, QByteArray("POST"));
        QCOMPARE(got.head.target, QByteArray("/hook?x=1"));
        const Headers upstreamHeaders{{"Host", "example.test:8080"},
                                      {"Content-Type", "application/json"},
                                      {"X-Forwarded-For", "10.0.0.1, 127.0.0.1"},
                                      {"sentry-hook-signature", "abc"},
                                      {"Content-Length", QByteArray::number(body.size())},
                                      {"X-Forwarded-Proto", "http"},
                                      {"X-Forwarded-Host", "example.test:8080"}};
        QCOMPARE(got.head.headers, upstreamHeaders);
        QCOMPARE(got.body, body);
        QVERIFY(got.raw.endsWith(QByteArray("\r\n\r\n" + body)));

        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.request.method, QByteArray("POST"));
        QCOMPARE(e.request.target, QByteArray("/hook?x=1"));
        QCOMPARE(Http::serializeRequestHead(e.request), head);
        QCOMPARE(e.requestBody.bytes, body);
        QCOMPARE(e.requestBody.size, body.size());
        QVERIFY(!e.requestBody.truncated);
        QVERIFY(e.response.has_value());
        QCOMPARE(e.response->status, 201);
        QCOMPARE(e.response->headers.value("Keep-Alive"), QByteArray("timeout=5"));
        QCOMPARE(e.responseBody.bytes, reply.body);
        QCOMPARE(e.clientAddress, QStringLiteral("127.0.0.1:%1").arg(client->localPort()));
        QCOMPARE(e.upstream, f.upstream.url());
        QVERIFY(e.error.isEmpty());
        const qint64 nowUs = (QDateTime::currentMSecsSinceEpoch() + 1) * 1000; // ms rounded up
        QVERIFY(e.startedUs > nowUs - 60'000'000 && e.startedUs <= nowUs);
        QVERIFY(e.durationUs >= 0 && e.durationUs < 10'000'000);
    }

    void keepAliveReusesConnections()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        ResponseReader reader(*client);
        for (int i = 0; i < 5; ++i) {
            client->write("GET /n/" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            QCOMPARE(reader.read(1).size(), 1);
        }
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        // A second client is served over the pooled upstream connection.
        auto other = f.connectClient();
        other->write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(ResponseReader(*other).read(1).size(), 1);
        QCOMPARE(f.upstream.requests().size(), 6);
        QCOMPARE(f.upstream.connectionCount(), 1);
        QTRY_COMPARE(f.capturedCount(), 6);
    }

    void pipelinedRequestsAnsweredInOrder()
    {
        ProxyFixture f;
        f.upstream.setHandler([](const RecordedRequest &r) {
            UpstreamReply reply;
            reply.body = "seen " + r.head.target + " " + r.body;
            reply.delayMs = r.head.target == "/1" ? 150 : 0; // the first is the slowest
            return reply;
        });
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                      "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                      "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "1\r\nd\r\n0\r\n\r\n"
                      "GET /4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const auto responses = ResponseReader(*client).read(4);
        QCOMPARE(responses.size(), 4);
        QCOMPARE(responses[0].body, QByteArray("seen /1 "));
        QCOMPARE(responses[1].body, QByteArray("seen /2 abc"));
        QCOMPARE(responses[2].body, QByteArray("seen /3 d"));
        QCOMPARE(responses[3].body, QByteArray("seen /4 "));
        QCOMPARE(responses[3].head.headers.value("Connection"), QByteArray("close"));
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(f.capturedCount(), 4);
        const auto captured = f.captured();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(captured[i].request.target, "/" + QByteArray::number(i + 1));
    }

    void chunkedBothWaysWithTrailers()
    {
        ProxyFixture f;
        UpstreamReply reply;
        reply.chunked = true;
        reply.body = QByteArray(2500, 'r');
        reply.trailers = {{"X-Response-Sum", "42"}};
        reply.headers = {{"Trailer", "X-Response-Sum"}};
        f.upstream.setReply(reply);
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      "Trailer: X-Sum\r\n\r\n"
                      "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 12\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].framing, Http::BodyFraming::Chunked);
        QCOMPARE(responses[0].body, reply.body);
        QCOMPARE(responses[0].trailers.value("X-Response-Sum"), QByteArray("42"));
        QVERIFY(!responses[0].head.headers.contains("Trailer"));

        const RecordedRequest &got = f.upstream.requests()[0];
        QCOMPARE(got.head.headers.value("Transfer-Encoding"), QByteArray("chunked"));
        QVERIFY(!got.head.headers.contains("Trailer"));
        QCOMPARE(got.body, QByteArray("hello, world"));
        QCOMPARE(got.trailers.value("X-Sum"), QByteArray("12"));

        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.requestBody.bytes, QByteArray("hello, world"));
        QCOMPARE(e.responseBody.bytes, reply.body);
        QCOMPARE(e.request.headers.value("Transfer-Encoding"), QByteArray("chunked"));
    }

    void responseWithoutLengthIsReframed()
    {
        ProxyFixture f;
        UpstreamReply reply;
        reply.closeDelimited = true;
        reply.body = "until the end";
        f.upstream.setReply(reply);
        QVERIFY(f.start());

        auto client11 = f.connectClient();
        client11->write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        ResponseReader reader(*client11);
        auto responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].framing, Http::BodyFraming::Chunked);
        QCOMPARE(responses[0].body, reply.body);
        client11->write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"); // still open
        QCOMPARE(reader.read(1).size(), 1);

        auto client10 = f.connectClient();
        client10->write("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        responses = ResponseReader(*client10).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].framing, Http::BodyFraming::UntilClose);
        QCOMPARE(responses[0].body, reply.body);
        QTRY_COMPARE(client10->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(f.capturedCount(), 3);
    }

    void http10ClientsGetKeepAliveWhenAsked()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        ResponseReader reader(*client);
        auto responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.headers.value("Connection"), QByteArray("keep-alive"));
        QCOMPARE(f.upstream.requests()[0].head.version, (Http::Version{1, 1}));
        QCOMPARE(f.upstream.requests()[0].head.headers.value("Host"),
                 QStringLiteral("127.0.0.1:%1").arg(f.upstream.port()).toLatin1());
        client->write("GET /b HTTP/1.0\r\n\r\n");
        responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.headers.value("Connection"), QByteArray("close"));
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    }

    void headResponsesHaveNoBody()
    {
        ProxyFixture f;
        f.upstream.setHandler([](const RecordedRequest &r) {
            UpstreamReply reply;
            if (r.head.method == "HEAD")
                reply.headers = {{"Content-Length", "1234"}};
            else
                reply.body = "after";
            return reply;
        });
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
        ResponseReader reader(*client);
        reader.setRequestMethod("HEAD");
        auto responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.headers.value("Content-Length"), QByteArray("1234"));
        reader.setRequestMethod("GET");
        responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].body, QByteArray("after"));
        QTRY_COMPARE(f.capturedCount(), 2);
        QCOMPARE(f.captured()[0].responseBody.size, 0);
        QCOMPARE(f.upstream.connectionCount(), 1);
    }

    void expectContinue()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                      "Content-Length: 5\r\n\r\n");
        ResponseReader reader(*client);
        auto responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 100);
        QCOMPARE(f.upstream.requests().size(), 0); // the body has not been sent yet
        client->write("hello");
        responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 200);
        QCOMPARE(f.upstream.requests().size(), 1);
        QCOMPARE(f.upstream.requests()[0].body, QByteArray("hello"));
        QCOMPARE(f.upstream.requests()[0].head.headers.value("Expect"), QByteArray("100-continue"));
        QTRY_COMPARE(f.capturedCount(), 1);
        QCOMPARE(f.captured()[0].response->status, 200);
        QCOMPARE(f.captured()[0].requestBody.bytes, QByteArray("hello"));
    }

    void upstreamEarlyFinalAnswerToExpect()
    {
        ProxyFixture f;
        f.upstream.setSendContinue(false);
        UpstreamReply reply;
        reply.status = 417;
        f.upstream.setReply(reply);
        QVERIFY(f.start());
        // The fixture answers only once the request is complete: a zero-length body lets it.
        auto client = f.connectClient();
        client->write("POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                      "Content-Length: 0\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 417);
    }

    void basePathPrefixesTargets()
    {
        ProxyFixture f;
        Proxy::ProxyOptions options;
        options.upstream.basePath = "/api";
        QVERIFY(f.start(options));
        auto client = f.connectClient();
        client->write("GET /hook?a=b HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET http://x/abs/path?q HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(ResponseReader(*client).read(2).size(), 2);
        QCOMPARE(f.upstream.requests()[0].head.target, QByteArray("/api/hook?a=b"));
        QCOMPARE(f.upstream.requests()[1].head.target, QByteArray("/api/abs/path?q"));
        QTRY_COMPARE(f.capturedCount(), 2);
        QCOMPARE(f.captured()[0].request.target, QByteArray("/hook?a=b"));
        QCOMPARE(f.captured()[0].upstream, f.upstream.url() + QStringLiteral("/api"));
    }

    void upstreamDownGives502()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        const QString url = f.upstream.url();
        f.upstream.close(); // nothing listens there any more
        auto client = f.connectClient();
        client->write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 502);
        QCOMPARE(responses[0].head.headers.value("Content-Type"),
                 QByteArray("text/plain; charset=utf-8"));
        const QString text = QString::fromUtf8(responses[0].body);
        QVERIFY2(text.contains(url) && text.contains(QLatin1StringView("connection refused")),
                 qPrintable(text));
        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.response->status, 502);
        QCOMPARE(
            e.error,
            QStringLiteral("could not connect to the upstream %1: connection refused").arg(url));
        QCOMPARE(e.requestBody.bytes, QByteArray("hi"));
        QCOMPARE(e.responseBody.bytes, responses[0].body);
        // The client connection stays usable.
        client->write("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(ResponseReader(*client).read(1).value(0).head.status, 502);
    }

    void upstreamSilentGives504()
    {
        ProxyFixture f;
        UpstreamReply reply;
        reply.silent = true;
        f.upstream.setReply(reply);
        Proxy::ProxyOptions options;
        options.responseTimeoutMs = 300;
        QVERIFY(f.start(options));
        auto client = f.connectClient();
        client->write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 504);
        QVERIFY(responses[0].body.contains(f.upstream.url().toUtf8()));
        QTRY_COMPARE(f.capturedCount(), 1);
        QCOMPARE(
            f.captured()[0].error,
            QStringLiteral("the upstream %1 did not answer within 300 ms").arg(f.upstream.url()));
        QVERIFY(f.captured()[0].durationUs >= 300'000);
    }

    void upstreamClosingWithoutAnswerGives502()
    {
        ProxyFixture f;
        UpstreamReply reply;
        reply.dropConnection = true;
        f.upstream.setReply(reply);
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 502);
        QTRY_COMPARE(f.capturedCount(), 1);
        QVERIFY(f.captured()[0].error.contains(QLatin1StringView("without answering")));
    }

    void malformedRequestsNeverForwarded_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("recorded");
        QTest::addColumn<QString>("reason");
        QTest::newRow("content-length with transfer-encoding")
            << QByteArray("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << true << "Content-Length together with Transfer-Encoding";
        QTest::newRow("differing content-length")
            << QByteArray("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          "Content-Length: 6\r\n\r\nhello!")
            << false << "Content-Length";
        QTest::newRow("obs-fold") << QByteArray(
                                         "GET /a HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n")
                                  << false << "obsolete line folding";
        QTest::newRow("bad chunk size")
            << QByteArray("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "zz\r\n")
            << true << "invalid chunk size";
        QTest::newRow("oversized head")
            << QByteArray("GET /a HTTP/1.1\r\nX-Big: " + QByteArray(70'000, 'a') + "\r\n\r\n")
            << false << "larger than 64 KiB";
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
                                 << false << "malformed request";
    }

    void malformedRequestsNeverForwarded()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, recorded);
        QFETCH(QString, reason);
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write(request);
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 400);
        QVERIFY2(responses[0].body.contains(reason.toUtf8()), responses[0].body.constData());
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
        if (recorded) {
            QTRY_COMPARE(f.capturedCount(), 1);
            const Store::Exchange e = f.captured()[0];
            QCOMPARE(e.response->status, 400);
            QVERIFY2(e.error.contains(reason), qPrintable(e.error));
        }
        QCOMPARE(f.capturedCount(), recorded ? 1 : 0);
        QCOMPARE(f.upstream.requests().size(), 0);
        if (!recorded || !request.contains("zz"))
            QCOMPARE(f.upstream.connectionCount(), 0);
    }

    void clientVanishingIsRecorded()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial");
        QTRY_VERIFY(f.upstream.connectionCount() == 1);
        client->abort();
        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.error, QStringLiteral(
                              "the client closed the connection before the request was complete"));
        QCOMPARE(e.requestBody.bytes, QByteArray("partial"));
        QVERIFY(!e.response.has_value());
        QCOMPARE(f.upstream.requests().size(), 0);
    }

    void idleClientsAreClosed()
    {
        ProxyFixture f;
        Proxy::ProxyOptions options;
        options.idleTimeoutMs = 200;
        QVERIFY(f.start(options));
        auto client = f.connectClient();
        client->write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(ResponseReader(*client).read(1).size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, 3000);
        QCOMPARE(f.capturedCount(), 1);
    }

    void portInUseIsReported()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        Proxy::ProxyOptions options;
        options.listenPort = f.port();
        Proxy::CaptureProxy second(options);
        const Status status = second.start();
        QVERIFY(!status.ok());
        QCOMPARE(status.error(),
                 QStringLiteral("cannot listen on 127.0.0.1:%1: address in use (try --listen "
                                "127.0.0.1:%2)")
                     .arg(f.port())
                     .arg(f.port() + 1));
        QVERIFY(!second.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestCaptureProxy)
#include "tst_captureproxy.moc"
