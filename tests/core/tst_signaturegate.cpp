#include "posthead.h"
#include "webhooks/registry.h"
#include "webhooks/sentryprovider.h"
#include "webhooks/signaturegate.h"

#include <QDateTime>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;
using Mode = SignatureGate::Mode;

namespace {
constexpr qint64 Now = 1'700'000'000;
const QByteArray Secret = "d1c2b3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const QByteArray Body = R"({"action":"created","installation":{"uuid":"x"},"data":{}})";

SignatureGate gate(Mode mode = Mode::Block, qint64 now = Now)
{
    return SignatureGate(std::make_unique<SentryProvider>(), Secret, mode, [now] { return now; });
}

Http::RequestHead signedHead(qint64 at = Now)
{
    return SentryProvider()
        .signRequest(postHead({{"Content-Type", "application/json"},
                               {"Sentry-Hook-Resource", "installation"}}),
                     Body, Secret, at)
        .value();
}
} // namespace

class TestSignatureGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validDeliveryIsForwardedAndMarkedValid()
    {
        const auto g = gate();
        const auto head = signedHead();
        QVERIFY(g.wantsBody(head));
        QVERIFY(g.precheck(head).forward);
        const Proxy::GateDecision d = g.decide(head, Body);
        QVERIFY(d.forward);
        QCOMPARE(d.verdict, Store::Verdict::Valid);
        QCOMPARE(d.provider, QStringLiteral("sentry"));
    }

    void unsignedRequestIsRefusedBeforeItsBody()
    {
        const auto g = gate();
        auto head = postHead({{"Content-Type", "application/json"}, {"Expect", "100-continue"}});
        const Proxy::GateDecision d = g.precheck(head);
        QVERIFY(!d.forward);
        QCOMPARE(d.verdict, Store::Verdict::Invalid);
        QVERIFY2(d.reason.startsWith(QStringLiteral("missing signature header")),
                 qPrintable(d.reason));
    }

    void failuresAreRefusedWithTheirReason_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("signedAt");
        QTest::addColumn<QString>("reason");
        QTest::newRow("tampered") << QByteArray(Body).replace("created", "deleted") << Now
                                  << "signature mismatch";
        QTest::newRow("stale") << Body << Now - 3600 << "timestamp outside tolerance";
    }
    void failuresAreRefusedWithTheirReason()
    {
        QFETCH(QByteArray, body);
        QFETCH(qint64, signedAt);
        QFETCH(QString, reason);
        const auto g = gate();
        const auto head = signedHead(signedAt);
        QVERIFY(g.precheck(head).forward);
        const Proxy::GateDecision d = g.decide(head, body);
        QVERIFY(!d.forward);
        QCOMPARE(d.verdict, Store::Verdict::Invalid);
        QVERIFY2(d.reason.startsWith(reason), qPrintable(d.reason));
        QVERIFY(!d.reason.contains(QString::fromLatin1(Secret)));
        QVERIFY(!d.reason.contains(QString::fromLatin1(Secret.left(16))));
    }

    void safeMethodsWithoutProviderHeadersPass()
    {
        const auto g = gate();
        Http::RequestHead health;
        health.target = "/health";
        QVERIFY(!g.wantsBody(health));
        const Proxy::GateDecision d = g.precheck(health);
        QVERIFY(d.forward);
        QCOMPARE(d.verdict, Store::Verdict::None);
        QCOMPARE(g.decide(health, {}).verdict, Store::Verdict::None);

        // …but a GET that claims to be a Sentry delivery is verified.
        Http::RequestHead claims = health;
        claims.headers.add("Sentry-Hook-Resource", "issue");
        QVERIFY(g.wantsBody(claims));
        QVERIFY(!g.precheck(claims).forward);
    }

    void observeModeForwardsEverythingAndRecordsVerdicts()
    {
        const auto g = gate(Mode::Observe);
        const auto head = signedHead();
        const Proxy::GateDecision tampered = g.decide(head, Body + " ");
        QVERIFY(tampered.forward);
        QCOMPARE(tampered.verdict, Store::Verdict::Invalid);
        QVERIFY(tampered.reason.startsWith(QStringLiteral("signature mismatch")));

        // Requests that are no Sentry delivery get no verdict at all.
        const auto plain = postHead({{"Content-Type", "application/json"}});
        QVERIFY(!g.wantsBody(plain));
        QVERIFY(g.precheck(plain).forward);
        QCOMPARE(g.decide(plain, Body).verdict, Store::Verdict::None);
    }

    void createChecksProviderAndSecret()
    {
        auto unknown = SignatureGate::create(u"gitlab", Secret);
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().contains(QStringLiteral("unknown webhook provider 'gitlab'")) &&
                     unknown.error().contains(providerNames().join(QStringLiteral(", "))),
                 qPrintable(unknown.error()));
        auto empty = SignatureGate::create(u"sentry", {});
        QVERIFY(!empty);
        QVERIFY2(empty.error().contains(QStringLiteral("Client Secret")),
                 qPrintable(empty.error()));
        QVERIFY(!SignatureGate::create(u"standard-webhooks", "not-base64!"));

        auto ok = SignatureGate::create(u"Sentry", Secret, Mode::Block, 60);
        QVERIFY(ok);
        QCOMPARE(ok.value()->provider().name(), QStringLiteral("sentry"));
        QCOMPARE(ok.value()->provider().toleranceSeconds(), 60);
        // The real clock: a delivery signed now is valid.
        const auto head =
            SentryProvider()
                .signRequest(postHead({}), Body, Secret, QDateTime::currentSecsSinceEpoch())
                .value();
        QCOMPARE(ok.value()->decide(head, Body).verdict, Store::Verdict::Valid);
    }
};

QTEST_GUILESS_MAIN(TestSignatureGate)
#include "tst_signaturegate.moc"
