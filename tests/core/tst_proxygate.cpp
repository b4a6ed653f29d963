#include "proxy/requestsender.h"
#include "proxyfixture.h"
#include "responsereader.h"

#include <QSignalSpy>
#include <QTest>

using namespace Hookscope;
using Proxy::GateDecision;
using Store::Verdict;
using Testing::ProxyFixture;
using Testing::ResponseReader;
using Testing::UpstreamReply;

namespace {
// Refuses on the head when X-Signature is "bad"; when it wants bodies, passes only "valid".
class TestGate : public Proxy::RequestGate
{
public:
    explicit TestGate(bool wantsBodies)
        : m_wantsBodies(wantsBodies)
    {}
    bool wantsBody(const Http::RequestHead &) const override { return m_wantsBodies; }
    GateDecision precheck(const Http::RequestHead &head) const override
    {
        if (head.headers.value("X-Signature") == "bad")
            return {false, Verdict::Invalid, QStringLiteral("test"),
                    QStringLiteral("signature header is malformed")};
        return {};
    }
    GateDecision decide(const Http::RequestHead &, const QByteArray &body) const override
    {
        if (body == "valid")
            return {true, Verdict::Valid, QStringLiteral("test"), QStringLiteral("signature ok")};
        return {false, Verdict::Invalid, QStringLiteral("test"),
                QStringLiteral("signature mismatch")};
    }

private:
    bool m_wantsBodies;
};

Proxy::ProxyOptions gated(bool wantsBodies)
{
    Proxy::ProxyOptions options;
    options.gate = std::make_shared<TestGate>(wantsBodies);
    return options;
}
} // namespace

// The request gate (webhook verification plugs in here) and the replay sender.
class TestProxyGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedOnTheHeadIsNeverForwarded()
    {
        ProxyFixture f;
        QVERIFY(f.start(gated(false)));
        auto client = f.connectClient();
        client->write(
            "POST /hook HTTP/1.1\r\nHost: x\r\nX-Signature: bad\r\nContent-Length: 4\r\n\r\n"
            "bodyGET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = ResponseReader(*client).read(2);
        QCOMPARE(responses.size(), 2);
        QCOMPARE(responses[0].head.status, 403);
        QCOMPARE(responses[0].body,
                 QByteArray("403 Forbidden: Hookscope blocked this request: signature header is "
                            "malformed\n"));
        QCOMPARE(responses[1].head.status, 200); // the connection goes on
        QCOMPARE(f.upstream.requests().size(), 1);
        QCOMPARE(f.upstream.requests()[0].head.target, QByteArray("/next"));
        QTRY_COMPARE(f.capturedCount(), 2);
        const Store::Exchange e = f.captured()[0];
        QVERIFY(e.blocked);
        QCOMPARE(e.verdict, Verdict::Invalid);
        QCOMPARE(e.verdictProvider, QStringLiteral("test"));
        QCOMPARE(e.verdictReason, QStringLiteral("signature header is malformed"));
        QCOMPARE(e.response->status, 403);
        QCOMPARE(e.requestBody.bytes, QByteArray("body"));
        QVERIFY(!f.captured()[1].blocked);
    }

    void refusedOnTheHeadBeforeTheBodyWithExpect()
    {
        ProxyFixture f;
        QVERIFY(f.start(gated(false)));
        auto client = f.connectClient();
        client->write("POST /hook HTTP/1.1\r\nHost: x\r\nX-Signature: bad\r\n"
                      "Expect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 403);
        QCOMPARE(responses[0].head.headers.value("Connection"), QByteArray("close"));
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(f.capturedCount(), 1);
        QVERIFY(f.captured()[0].blocked);
        QCOMPARE(f.upstream.connectionCount(), 0);
    }

    void bodyDecisions()
    {
        ProxyFixture f;
        QVERIFY(f.start(gated(true)));
        auto client = f.connectClient();
        ResponseReader reader(*client);
        client->write("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\ninvalid");
        auto responses = reader.read(1);
        QCOMPARE(responses.value(0).head.status, 403);
        QVERIFY(responses[0].body.contains("signature mismatch"));
        client->write("POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      "Expect: 100-continue\r\n\r\n");
        responses = reader.read(1);
        QCOMPARE(responses.value(0).head.status, 100); // sent by the proxy: it needs the body
        client->write("5\r\nvalid\r\n0\r\n\r\n");
        responses = reader.read(1);
        QCOMPARE(responses.value(0).head.status, 200);

        QCOMPARE(f.upstream.requests().size(), 1);
        const auto &got = f.upstream.requests()[0];
        QCOMPARE(got.head.target, QByteArray("/b"));
        QCOMPARE(got.body, QByteArray("valid"));
        QCOMPARE(got.head.headers.value("Content-Length"), QByteArray("5"));
        QVERIFY(!got.head.headers.contains("Expect"));
        QVERIFY(!got.head.headers.contains("Transfer-Encoding"));
        QTRY_COMPARE(f.capturedCount(), 2);
        const auto captured = f.captured();
        QVERIFY(captured[0].blocked);
        QCOMPARE(captured[0].verdictReason, QStringLiteral("signature mismatch"));
        QCOMPARE(captured[0].requestBody.bytes, QByteArray("invalid"));
        QVERIFY(!captured[1].blocked);
        QCOMPARE(captured[1].verdict, Verdict::Valid);
        QCOMPARE(captured[1].requestBody.bytes, QByteArray("valid"));
        QCOMPARE(captured[1].request.headers.value("Transfer-Encoding"), QByteArray("chunked"));
    }

    void heldBodiesHaveALimit()
    {
        ProxyFixture f;
        Proxy::ProxyOptions options = gated(true);
        options.gateBodyLimit = 10;
        QVERIFY(f.start(options));
        auto client = f.connectClient();
        client->write("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nvalid+12345");
        const auto responses = ResponseReader(*client).read(1);
        QCOMPARE(responses.value(0).head.status, 413);
        QCOMPARE(f.upstream.requests().size(), 0);
        QTRY_COMPARE(f.capturedCount(), 1);
        QVERIFY(f.captured()[0].blocked);
    }

    void senderWorksWithoutAProxy()
    {
        Testing::TestUpstream upstream;
        QVERIFY(upstream.listen());
        Proxy::ForwardSettings settings;
        settings.upstream.port = upstream.port();
        Proxy::RequestSender sender(settings);
        QSignalSpy finished(&sender, &Proxy::RequestSender::finished);
        Http::RequestHead head;
        head.method = "PUT";
        head.target = "/edited";
        head.headers = {{"Host", "orig.test"}, {"Transfer-Encoding", "chunked"}};
        sender.send(head, "new body", QStringLiteral("10.1.2.3:5555"));
        QVERIFY(finished.wait(5000));
        const auto e = finished.at(0).at(0).value<Store::Exchange>();
        QCOMPARE(e.response->status, 200);
        QCOMPARE(e.clientAddress, QStringLiteral("10.1.2.3:5555"));
        QCOMPARE(e.request.target, QByteArray("/edited"));
        const auto &got = upstream.requests().value(0);
        QCOMPARE(got.body, QByteArray("new body"));
        QCOMPARE(got.head.headers.value("X-Forwarded-For"), QByteArray("10.1.2.3"));
        QVERIFY(!got.head.headers.contains("Transfer-Encoding"));

        // The second send goes out on the pooled connection of the first.
        sender.send(head, "reused");
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(1).at(0).value<Store::Exchange>().response->status, 200);
        QCOMPARE(upstream.requests().value(1).body, QByteArray("reused"));
        QCOMPARE(upstream.connectionCount(), 1);

        upstream.close();
        sender.send(head, "again");
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(2).at(0).value<Store::Exchange>().response->status, 502);
        QTRY_COMPARE(sender.inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestProxyGate)
#include "tst_proxygate.moc"
