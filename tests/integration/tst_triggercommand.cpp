// `hookscope trigger` as a user runs it: the built binary against a real server on 127.0.0.1.
#include "runprocess.h"
#include "testupstream.h"
#include "webhooks/registry.h"
#include "webhooks/samples.h"

#include <QDateTime>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <nlohmann/json.hpp>

using namespace Hookscope;
using Testing::TestUpstream;
using Testing::UpstreamReply;

namespace {
using Run = Testing::ProcessRun;

Run hookscope(const QStringList &arguments)
{
    return Testing::runProcess(QStringLiteral(HOOKSCOPE_BINARY), arguments);
}
} // namespace

class TestTriggerCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsOneSignedSampleAndPrintsTheResponse()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        const UpstreamReply reply = Testing::jsonReply(R"({"ok":true,"handled":"issue.resolved"})");
        upstream.setReply(reply);

        const QByteArray secret = "an-integration-client-secret";
        const Run run = hookscope({"trigger", "sentry", "issue.resolved", "--to",
                                   upstream.url() + "/webhooks/sentry", "--secret", secret});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("HTTP/1.1 200 OK")), qPrintable(run.out));
        QVERIFY(run.out.contains(QString::fromUtf8(reply.body)));
        QVERIFY(!run.out.contains(QString::fromUtf8(secret)));

        QCOMPARE(upstream.requests().size(), 1);
        const auto &got = upstream.requests().first();
        QCOMPARE(got.head.method, QByteArray("POST"));
        QCOMPARE(got.head.target, QByteArray("/webhooks/sentry"));
        QCOMPARE(got.head.headers.value("Sentry-Hook-Resource"), QByteArray("issue"));
        const Webhooks::Verdict v = Webhooks::findProvider(u"sentry")->verify(
            got.head, got.body, secret, QDateTime::currentSecsSinceEpoch());
        QVERIFY2(v.valid(), qPrintable(v.summary()));
        const auto json = nlohmann::json::parse(got.body.toStdString());
        QVERIFY(json["action"] == "resolved");
    }

    void withoutSecretSignsWithTheDemoSecret()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        const Run run =
            hookscope({"trigger", "standard-webhooks", "contact.created", "--to", upstream.url()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("demo secret")));
        QCOMPARE(upstream.requests().size(), 1);
        const auto &got = upstream.requests().first();
        QVERIFY(Webhooks::findProvider(u"standard-webhooks")
                    ->verify(got.head, got.body,
                             Webhooks::demoSecret(QStringLiteral("standard-webhooks")),
                             QDateTime::currentSecsSinceEpoch())
                    .valid());
    }

    void errorStatusExitsOne()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        UpstreamReply reply;
        reply.status = 403;
        reply.body = "signature mismatch\n";
        upstream.setReply(reply);
        const Run run = hookscope({"trigger", "github", "push", "--to", upstream.url()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("HTTP/1.1 403 Forbidden")));
        QVERIFY(run.out.contains(QStringLiteral("signature mismatch")));
    }

    void listsProvidersAndEvents()
    {
        const Run run = hookscope({"trigger", "--list"});
        QCOMPARE(run.exitCode, 0);
        for (const Webhooks::SampleEvent &e : Webhooks::sampleEvents())
            QVERIFY2(run.out.contains(e.event) && run.out.contains(e.provider),
                     qPrintable(e.event));
        const Run sentryOnly = hookscope({"trigger", "--list", "sentry"});
        QCOMPARE(sentryOnly.exitCode, 0);
        QVERIFY(sentryOnly.out.contains(QStringLiteral("metric_alert.resolved")));
        QVERIFY(!sentryOnly.out.contains(QStringLiteral("orders/create")));
    }

    void unknownNamesExitTwoListingTheValidOnes()
    {
        const Run provider = hookscope({"trigger", "gitlab", "push"});
        QCOMPARE(provider.exitCode, 2);
        QVERIFY2(provider.err.contains(
                     QStringLiteral("sentry, github, stripe, slack, shopify, standard-webhooks")),
                 qPrintable(provider.err));
        const Run event = hookscope({"trigger", "sentry", "issue.exploded"});
        QCOMPARE(event.exitCode, 2);
        QVERIFY2(event.err.contains(QStringLiteral("issue.resolved")), qPrintable(event.err));
        QCOMPARE(hookscope({"trigger", "sentry"}).exitCode, 2);
        QCOMPARE(hookscope({"trigger", "sentry", "issue.created", "--to", "https://example.com/"})
                     .exitCode,
                 2);
    }

    void refusedConnectionExitsOne()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1/").arg(probe.serverPort());
        probe.close();
        const Run run = hookscope({"trigger", "sentry", "issue.created", "--to", url});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("connection refused")), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestTriggerCommand)
#include "tst_triggercommand.moc"
