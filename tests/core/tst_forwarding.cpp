#include "proxy/forwarding.h"

#include <QTest>

using namespace Hookscope;
using Http::BodyFraming;
using Http::Headers;
using Proxy::OutgoingBody;
using Proxy::UpstreamTarget;

// The header rewriting shared by the proxy and replay, without sockets.
class TestForwarding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stripsHopByHop()
    {
        Headers h{{"Host", "a"},
                  {"connection", "Keep-Alive, X-Hop , close"},
                  {"X-Hop", "1"},
                  {"x-hop", "2"},
                  {"Keep-Alive", "timeout=5"},
                  {"Proxy-Authorization", "Basic x"},
                  {"proxy-connection", "keep-alive"},
                  {"TE", "trailers"},
                  {"Trailer", "X-Sum"},
                  {"Transfer-Encoding", "chunked"},
                  {"Upgrade", "websocket"},
                  {"X-End", "kept"}};
        Headers stripped = h;
        Proxy::stripHopByHop(stripped, false);
        QCOMPARE(stripped, (Headers{{"Host", "a"}, {"X-End", "kept"}}));
        Proxy::stripHopByHop(h, true);
        QCOMPARE(h, (Headers{{"Host", "a"},
                             {"Upgrade", "websocket"},
                             {"X-End", "kept"},
                             {"Connection", "Upgrade"}}));
    }

    void targets_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("base");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("origin") << QByteArray("/a?b") << QByteArray() << QByteArray("/a?b");
        QTest::newRow("base") << QByteArray("/a?b") << QByteArray("/api") << QByteArray("/api/a?b");
        QTest::newRow("absolute") << QByteArray("http://h:1/p/q?x") << QByteArray()
                                  << QByteArray("/p/q?x");
        QTest::newRow("absolute, no path")
            << QByteArray("http://h:1") << QByteArray("/api") << QByteArray("/api/");
        QTest::newRow("absolute, query only")
            << QByteArray("http://h?x=1") << QByteArray() << QByteArray("/?x=1");
        QTest::newRow("asterisk") << QByteArray("*") << QByteArray("/api") << QByteArray("*");
    }

    void targets()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, base);
        QFETCH(QByteArray, expected);
        QCOMPARE(Proxy::upstreamTarget(target, base), expected);
    }

    void requestHeadForUpstream()
    {
        Http::RequestHead received;
        received.method = "POST";
        received.target = "/hook";
        received.version = {1, 0};
        received.headers = {{"Content-Length", "10"},
                            {"Expect", "100-continue"},
                            {"X-Forwarded-Proto", "https"},
                            {"X-Forwarded-For", "1.1.1.1"},
                            {"X-Forwarded-For", "2.2.2.2"}};
        UpstreamTarget upstream;
        upstream.port = 3000;
        const Http::RequestHead streamed =
            Proxy::upstreamRequestHead(received, upstream, "127.0.0.1",
                                       OutgoingBody{BodyFraming::ContentLength, 10, true}, false);
        QCOMPARE(streamed.version, (Http::Version{1, 1}));
        QCOMPARE(streamed.headers, (Headers{{"Content-Length", "10"},
                                            {"Expect", "100-continue"},
                                            {"X-Forwarded-Proto", "https"},
                                            {"X-Forwarded-For", "1.1.1.1, 2.2.2.2, 127.0.0.1"},
                                            {"Host", "127.0.0.1:3000"}}));
        const Http::RequestHead chunked = Proxy::upstreamRequestHead(
            received, upstream, {}, OutgoingBody{BodyFraming::Chunked, 0, false}, false);
        QCOMPARE(chunked.headers, (Headers{{"X-Forwarded-Proto", "https"},
                                           {"X-Forwarded-For", "1.1.1.1"},
                                           {"X-Forwarded-For", "2.2.2.2"},
                                           {"Transfer-Encoding", "chunked"},
                                           {"Host", "127.0.0.1:3000"}}));
    }

    void requestHeadForUpstreamRewritesInPlace()
    {
        Http::RequestHead received;
        received.method = "GET";
        received.target = "/socket";
        received.headers = {{"host", "app.test"},
                            {"Connection", "Upgrade, X-Hop"},
                            {"X-Hop", "1"},
                            {"Upgrade", "websocket"},
                            {"Content-Length", "7"},
                            {"x-forwarded-for", "1.1.1.1"},
                            {"X-Trace", "t"},
                            {"X-Forwarded-For", "2.2.2.2"},
                            {"Expect", "100-continue"}};
        UpstreamTarget upstream;
        upstream.basePath = "/api";
        // A protocol switch keeps Upgrade; a length that no longer holds moves to the end; the
        // whole address chain goes where the first X-Forwarded-For was.
        const Http::RequestHead out =
            Proxy::upstreamRequestHead(received, upstream, "10.0.0.9",
                                       OutgoingBody{BodyFraming::ContentLength, 5, false}, true);
        QCOMPARE(out.target, QByteArray("/api/socket"));
        QCOMPARE(out.headers, (Headers{{"host", "app.test"},
                                       {"Upgrade", "websocket"},
                                       {"x-forwarded-for", "1.1.1.1, 2.2.2.2, 10.0.0.9"},
                                       {"X-Trace", "t"},
                                       {"Connection", "Upgrade"},
                                       {"Content-Length", "5"},
                                       {"X-Forwarded-Proto", "http"},
                                       {"X-Forwarded-Host", "app.test"}}));
        // Without a body the length becomes 0; without a client address the chain stays as it is.
        const Http::RequestHead bodiless = Proxy::upstreamRequestHead(
            received, upstream, {}, OutgoingBody{BodyFraming::None, 0, true}, false);
        QCOMPARE(bodiless.headers, (Headers{{"host", "app.test"},
                                            {"x-forwarded-for", "1.1.1.1"},
                                            {"X-Trace", "t"},
                                            {"X-Forwarded-For", "2.2.2.2"},
                                            {"Expect", "100-continue"},
                                            {"Content-Length", "0"},
                                            {"X-Forwarded-Proto", "http"},
                                            {"X-Forwarded-Host", "app.test"}}));
    }

    void responseHeadForClient()
    {
        Http::ResponseHead received;
        received.status = 203;
        received.reason = "Whatever";
        received.version = {1, 0};
        received.headers = {{"Content-Type", "text/plain"},
                            {"Connection", "keep-alive, X-Hop"},
                            {"Keep-Alive", "timeout=5"},
                            {"x-hop", "1"},
                            {"Upgrade", "h2c"},
                            {"Content-Length", "3"}};
        const Http::ResponseHead out = Proxy::clientResponseHead(received, false);
        QCOMPARE(out.status, 203);
        QCOMPARE(out.reason, QByteArray("Whatever"));
        QCOMPARE(out.version, (Http::Version{1, 1}));
        QCOMPARE(out.headers, (Headers{{"Content-Type", "text/plain"}, {"Content-Length", "3"}}));
        const Http::ResponseHead switched = Proxy::clientResponseHead(received, true);
        QCOMPARE(switched.headers, (Headers{{"Content-Type", "text/plain"},
                                            {"Upgrade", "h2c"},
                                            {"Content-Length", "3"},
                                            {"Connection", "Upgrade"}}));
        QCOMPARE(received.headers.size(), 6); // the received head is left as it was
    }

    void localResponseIsShortText()
    {
        const Proxy::LocalResponse r = Proxy::localResponse(504, QStringLiteral("slow"));
        QCOMPARE(r.head.status, 504);
        QCOMPARE(r.head.reason, QByteArray("Gateway Timeout"));
        QCOMPARE(r.body, QByteArray("slow\n"));
        QCOMPARE(r.head.headers.value("Content-Length"), QByteArray("5"));
    }

    void upstreamTargetFromText()
    {
        const auto t = UpstreamTarget::parse(QStringLiteral("http://127.0.0.1:3000/api/"));
        QVERIFY(t.ok());
        QCOMPARE(t->port, 3000);
        QCOMPARE(t->basePath, QByteArray("/api"));
        QCOMPARE(t->url(), QStringLiteral("http://127.0.0.1:3000/api"));
        QCOMPARE(UpstreamTarget::parse(QStringLiteral("4000"))->authority(),
                 QStringLiteral("127.0.0.1:4000"));
        QVERIFY(!UpstreamTarget::parse(QStringLiteral("https://x")).ok());
    }
};

QTEST_GUILESS_MAIN(TestForwarding)
#include "tst_forwarding.moc"
