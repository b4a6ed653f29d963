#include "posthead.h"
#include "webhooks/stripeprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// Stripe publishes no fixed vector; this one was computed independently with Python's hmac
// module: HMAC-SHA256(secret, "1700000000." + body).
const QByteArray Secret = "whsec_7Hk2pQ9xLmN4vB8cR1tY6uZ3aS5dF0gJ";
const qint64 SentAt = 1'700'000'000;
const QByteArray Body = "{\n  \"id\": \"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\n  \"object\": \"event\",\n"
                        "  \"type\": \"payment_intent.succeeded\"\n}";
const QByteArray V1 = "75d514b4cd740f050cba41102b4be9b6444c59b4b925deb5134e44583194198f";
const QByteArray OtherV1 = "0000000000000000000000000000000000000000000000000000000000000000";

Http::RequestHead stripeHead(const QByteArray &value)
{
    return postHead({{"Stripe-Signature", value}});
}
} // namespace

class TestStripeProvider : public QObject
{
    Q_OBJECT
    StripeProvider m_stripe;

private Q_SLOTS:
    void knownAnswerVerifies()
    {
        const Verdict v =
            m_stripe.verify(stripeHead("t=1700000000,v1=" + V1), Body, Secret, SentAt);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesTheKnownAnswer()
    {
        QCOMPARE(m_stripe.sign(postHead({}), Body, Secret, SentAt)->value("Stripe-Signature"),
                 "t=1700000000,v1=" + V1);
    }

    void anyV1MayMatchAndOtherSchemesAreIgnored()
    {
        QVERIFY(
            m_stripe
                .verify(stripeHead("t=1700000000,v1=" + OtherV1 + ",v1=" + V1 + ",v0=" + OtherV1),
                        Body, Secret, SentAt)
                .valid());
        QVERIFY(m_stripe.verify(stripeHead("v1=" + V1 + ", t=1700000000"), Body, Secret, SentAt)
                    .valid());
        const Verdict v = m_stripe.verify(
            stripeHead("t=1700000000,v1=" + OtherV1 + ",v1=" + OtherV1), Body, Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY(v.message.contains(QStringLiteral("none of the 2 v1 signatures")));
    }

    void timestampIsSigned()
    {
        QCOMPARE(m_stripe.verify(stripeHead("t=1700000001,v1=" + V1), Body, Secret, SentAt).reason,
                 Reason::SignatureMismatch);
    }

    void failures_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<Reason>("reason");
        QTest::newRow("no t") << "v1=" + V1 << Reason::MissingTimestamp;
        QTest::newRow("two t") << "t=1700000000,t=1700000000,v1=" + V1 << Reason::MalformedHeader;
        QTest::newRow("t not a number") << "t=now,v1=" + V1 << Reason::MalformedHeader;
        QTest::newRow("only v0") << "t=1700000000,v0=" + V1 << Reason::MalformedHeader;
        QTest::newRow("bad v1") << "t=1700000000,v1=" + V1.chopped(1) + "x"
                                << Reason::MalformedHeader;
        QTest::newRow("item without =") << QByteArray("t=1700000000,v1") << Reason::MalformedHeader;
        QTest::newRow("empty") << QByteArray() << Reason::MalformedHeader;
        QTest::newRow("stale") << "t=1699999000,v1=" + V1 << Reason::SignatureMismatch;
    }
    void failures()
    {
        QFETCH(QByteArray, value);
        QFETCH(Reason, reason);
        QCOMPARE(m_stripe.verify(stripeHead(value), Body, Secret, SentAt).reason, reason);
    }

    void staleButOtherwiseValid()
    {
        const Verdict v =
            m_stripe.verify(stripeHead("t=1700000000,v1=" + V1), Body, Secret, SentAt + 301);
        QCOMPARE(v.reason, Reason::TimestampOutsideTolerance);
        QVERIFY(v.message.contains(QStringLiteral("t=1700000000 is 301 s old")));
    }

    void apiKeyInsteadOfSigningSecret()
    {
        const Verdict v = m_stripe.verify(stripeHead("t=1700000000,v1=" + V1), Body,
                                          "sk_test_4eC39HqLyjWDarjtT1zdp7dc", SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("Stripe secret API key")), qPrintable(v.hint));
        const Verdict plain =
            m_stripe.verify(stripeHead("t=1700000000,v1=" + V1), Body, "my-secret", SentAt);
        QVERIFY2(plain.hint.contains(QStringLiteral("start with whsec_")), qPrintable(plain.hint));
    }

    void compactedBodyIsCaught()
    {
        const QByteArray compact =
            R"({"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"payment_intent.succeeded"})";
        const Verdict v =
            m_stripe.verify(stripeHead("t=1700000000,v1=" + V1), compact, Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("pretty-printed with 2-space indents matches")),
                 qPrintable(v.hint));
    }
};

QTEST_GUILESS_MAIN(TestStripeProvider)
#include "tst_stripeprovider.moc"
