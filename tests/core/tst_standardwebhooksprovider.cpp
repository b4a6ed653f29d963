#include "posthead.h"
#include "webhooks/standardwebhooksprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// The Standard Webhooks specification's example.
const QByteArray Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const QByteArray Timestamp = "1614265330";
const qint64 SentAt = 1614265330;
const QByteArray Body = R"({"test": 2432232314})";
const QByteArray Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

Http::RequestHead specHead(const QByteArray &signature = Signature, QByteArray prefix = "webhook")
{
    return postHead({{prefix + "-id", Id},
                     {prefix + "-timestamp", Timestamp},
                     {prefix + "-signature", signature}});
}
} // namespace

class TestStandardWebhooksProvider : public QObject
{
    Q_OBJECT
    StandardWebhooksProvider m_provider;

private Q_SLOTS:
    void specExampleVerifies()
    {
        const Verdict v = m_provider.verify(specHead(), Body, Secret, SentAt);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesTheSpecExample()
    {
        const auto headers = m_provider.sign(postHead({{"webhook-id", Id}}), Body, Secret, SentAt);
        QCOMPARE(headers->value("webhook-signature"), Signature);
        QCOMPARE(headers->value("webhook-id"), Id);
        QCOMPARE(headers->value("webhook-timestamp"), Timestamp);
    }

    void signMakesAMessageIdWhenThereIsNone()
    {
        const auto headers = m_provider.sign(postHead({}), Body, Secret, SentAt);
        QVERIFY(headers->value("webhook-id").startsWith("msg_"));
        QVERIFY(m_provider
                    .verify(postHead({{"webhook-id", headers->value("webhook-id")},
                                      {"webhook-timestamp", Timestamp},
                                      {"webhook-signature", headers->value("webhook-signature")}}),
                            Body, Secret, SentAt)
                    .valid());
    }

    void svixHeaderNames()
    {
        QVERIFY(m_provider.verify(specHead(Signature, "svix"), Body, Secret, SentAt).valid());
        QVERIFY(m_provider.looksLike(specHead(Signature, "svix")));
        QVERIFY(m_provider.hasSignature(specHead(Signature, "svix")));
    }

    void anyOfSeveralSignaturesMayMatch()
    {
        const QByteArray rotated = "v1,ZGlmZmVyZW50LWtleS1kaWZmZXJlbnQtc2lnbmF0dXI= v1a,"
                                   "c29tZS1hc3ltbWV0cmljLXNpZ25hdHVyZQ== " +
                                   Signature;
        QVERIFY(m_provider.verify(specHead(rotated), Body, Secret, SentAt).valid());
        const QByteArray none = "v1,ZGlmZmVyZW50LWtleS1kaWZmZXJlbnQtc2lnbmF0dXI=";
        QCOMPARE(m_provider.verify(specHead(none), Body, Secret, SentAt).reason,
                 Reason::SignatureMismatch);
    }

    void secretWithoutPrefixIsTheSameKey()
    {
        QVERIFY(m_provider.verify(specHead(), Body, Secret.mid(6), SentAt).valid());
    }

    void unusableSecret()
    {
        const QByteArray bad = "whsec_not base64!";
        QVERIFY(!m_provider.checkSecret(bad));
        QVERIFY(m_provider.checkSecret(Secret));
        QVERIFY(!m_provider.checkSecret("whsec_c2hvcnQ=")); // 5 bytes: too short to be a key
        QCOMPARE(m_provider.verify(specHead(), Body, bad, SentAt).reason, Reason::UnusableSecret);
        QVERIFY(!m_provider.sign(postHead({}), Body, bad, SentAt));
    }

    void malformedHeaders_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("no comma") << QByteArray("v1g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        QTest::newRow("only v1a") << QByteArray("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        QTest::newRow("bad base64")
            << QByteArray("v1,g0hM9SsE*OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        QTest::newRow("short") << QByteArray("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ");
        QTest::newRow("hex") << QByteArray("v1,834c4cf52b04f8e394c931adfed9882ad4b2665137b85244");
    }
    void malformedHeaders()
    {
        QFETCH(QByteArray, value);
        QCOMPARE(m_provider.verify(specHead(value), Body, Secret, SentAt).reason,
                 Reason::MalformedHeader);
    }

    void idAndTimestampAreRequired()
    {
        auto noId = specHead();
        noId.headers.remove("webhook-id");
        QCOMPARE(m_provider.verify(noId, Body, Secret, SentAt).reason, Reason::MalformedHeader);
        auto noTimestamp = specHead();
        noTimestamp.headers.remove("webhook-timestamp");
        QCOMPARE(m_provider.verify(noTimestamp, Body, Secret, SentAt).reason,
                 Reason::MissingTimestamp);
    }

    void idAndTimestampAreSigned()
    {
        auto otherId = specHead();
        otherId.headers.set("webhook-id", "msg_other");
        QCOMPARE(m_provider.verify(otherId, Body, Secret, SentAt).reason,
                 Reason::SignatureMismatch);
        auto otherTime = specHead();
        otherTime.headers.set("webhook-timestamp", "1614265331");
        QCOMPARE(m_provider.verify(otherTime, Body, Secret, SentAt).reason,
                 Reason::SignatureMismatch);
    }

    void staleSpecExample()
    {
        QCOMPARE(m_provider.verify(specHead(), Body, Secret, SentAt + 301).reason,
                 Reason::TimestampOutsideTolerance);
    }

    void compactedCopyOfPythonSpacedJsonIsNamed()
    {
        // The spec example is spaced like Python's json.dumps; a compacted copy no longer matches.
        const Verdict v = m_provider.verify(specHead(), R"({"test":2432232314})", Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("Python's json.dumps")), qPrintable(v.hint));
    }

    void mismatchWithoutPrefixSuggestsWhsec()
    {
        const Verdict v =
            m_provider.verify(specHead(), Body, "c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=", SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("start with whsec_")), qPrintable(v.hint));
    }
};

QTEST_GUILESS_MAIN(TestStandardWebhooksProvider)
#include "tst_standardwebhooksprovider.moc"
