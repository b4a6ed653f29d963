#include "http/serializer.h"
#include "testupstream.h"
#include "webhooks/samples.h"
#include "webhooks/webhooksender.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Hookscope;
using Testing::RecordedRequest;
using Testing::TestUpstream;
using Testing::UpstreamReply;
using Webhooks::WebhookSender;

namespace {
constexpr qint64 Now = 1'714'564'800;

// Runs the sender to its end.
bool run(WebhookSender &sender)
{
    QSignalSpy done(&sender, &WebhookSender::finished);
    sender.start();
    return done.count() == 1 || done.wait(10'000);
}

Webhooks::SampleRequest sample()
{
    return Webhooks::buildSample(QStringLiteral("sentry"), QStringLiteral("issue.created"),
                                 "secret", Now)
        .value();
}
} // namespace

class TestWebhookSender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsExactBytesAndReadsTheResponse()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        const UpstreamReply reply = Testing::jsonReply(R"({"received":true})", 202);
        upstream.setReply(reply);

        const auto s = sample();
        WebhookSender sender(QUrl(upstream.url() + "/hooks/sentry?env=dev"), s.head, s.body);
        QVERIFY(run(sender));
        QVERIFY2(sender.response(), qPrintable(sender.error()));
        QCOMPARE(sender.response()->head.status, 202);
        QCOMPARE(sender.response()->body, reply.body);

        QCOMPARE(upstream.requests().size(), 1);
        const RecordedRequest &got = upstream.requests().first();
        QCOMPARE(got.head.target, QByteArray("/hooks/sentry?env=dev"));
        QCOMPARE(got.body, s.body);
        QCOMPARE(got.head.headers.value("Sentry-Hook-Signature"),
                 s.head.headers.value("Sentry-Hook-Signature"));
        QCOMPARE(got.head.headers.value("Host"),
                 "127.0.0.1:" + QByteArray::number(upstream.port()));
        QCOMPARE(got.head.headers.value("Content-Length"), QByteArray::number(s.body.size()));
        // On the wire exactly: the serialised head and the body, nothing else.
        QCOMPARE(got.raw, Http::serializeRequestHead(sender.requestHead()) + s.body);
    }

    void chunkedCloseDelimitedAndInterimResponses_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<bool>("closeDelimited");
        QTest::addColumn<bool>("expectContinue");
        QTest::newRow("chunked") << true << false << false;
        QTest::newRow("until close") << false << true << false;
        QTest::newRow("after 100 Continue") << false << false << true;
    }
    void chunkedCloseDelimitedAndInterimResponses()
    {
        QFETCH(bool, chunked);
        QFETCH(bool, closeDelimited);
        QFETCH(bool, expectContinue);
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        UpstreamReply reply;
        reply.body = QByteArray(5000, 'x');
        reply.chunked = chunked;
        reply.closeDelimited = closeDelimited;
        upstream.setReply(reply);
        auto s = sample();
        if (expectContinue)
            s.head.headers.add("Expect", "100-continue");
        WebhookSender sender(QUrl(upstream.url()), s.head, s.body);
        QVERIFY(run(sender));
        QVERIFY2(sender.response(), qPrintable(sender.error()));
        QCOMPARE(sender.response()->head.status, 200);
        QCOMPARE(sender.response()->body, reply.body);
    }

    void refusedConnectionIsNamed()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const auto s = sample();
        WebhookSender sender(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), s.head,
                             s.body);
        QVERIFY(run(sender));
        QVERIFY(!sender.response());
        QVERIFY2(sender.error().contains(QStringLiteral("connection refused")),
                 qPrintable(sender.error()));
        QVERIFY(sender.error().contains(QString::number(port)));
    }

    void silentPeerTimesOut()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        UpstreamReply reply;
        reply.silent = true;
        upstream.setReply(reply);
        const auto s = sample();
        WebhookSender sender(QUrl(upstream.url()), s.head, s.body);
        sender.setTimeout(200);
        QVERIFY(run(sender));
        QVERIFY(!sender.response());
        QVERIFY2(sender.error().contains(QStringLiteral("no response")),
                 qPrintable(sender.error()));
    }

    void droppedConnectionIsNamed()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        UpstreamReply reply;
        reply.dropConnection = true;
        upstream.setReply(reply);
        const auto s = sample();
        WebhookSender sender(QUrl(upstream.url()), s.head, s.body);
        QVERIFY(run(sender));
        QVERIFY(!sender.response());
        QVERIFY2(sender.error().contains(QStringLiteral("closed the connection")),
                 qPrintable(sender.error()));
    }

    void onlyHttpUrls()
    {
        QVERIFY(!WebhookSender::checkUrl(QUrl(QStringLiteral("https://example.com/"))).isEmpty());
        QVERIFY(!WebhookSender::checkUrl(QUrl(QStringLiteral("not a url"))).isEmpty());
        QVERIFY(WebhookSender::checkUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/x"))).isEmpty());
        const auto s = sample();
        WebhookSender sender(QUrl(QStringLiteral("ftp://127.0.0.1/")), s.head, s.body);
        QVERIFY(run(sender));
        QVERIFY(sender.error().contains(QStringLiteral("only http://")));
    }
};

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"
