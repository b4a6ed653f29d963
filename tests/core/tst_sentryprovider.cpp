#include "posthead.h"
#include "webhooks/sentryprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// Sentry publishes no fixed vector; this one was computed independently with Python's hmac
// module: hex HMAC-SHA256(client secret, body).
const QByteArray Secret = "3c8a56e7b1d24f0e9a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f";
const QByteArray Body =
    R"({"action":"resolved","installation":{"uuid":"7a485448-a9e2-4c85-8a4d-ca8d8d6e8a49"},)"
    R"("data":{"issue":{"id":"1170820242","status":"resolved"}},"actor":{"type":"user","id":1,"name":"Jane"}})";
const QByteArray Signature = "2bd04681898e41064a9f1e834313776d641ed6b7e281c6aa7493ca656a33eb08";
const qint64 SentAt = 1'700'000'000;

Http::RequestHead sentryHead(const QByteArray &signature = Signature,
                             const QByteArray &timestamp = "1700000000")
{
    return postHead({{"Content-Type", "application/json"},
                     {"Request-ID", "0b5bd2a5-1bd8-4a0a-a9bb-8e9e7a1f0d44"},
                     {"Sentry-Hook-Resource", "issue"},
                     {"Sentry-Hook-Timestamp", timestamp},
                     {"Sentry-Hook-Signature", signature}});
}
} // namespace

class TestSentryProvider : public QObject
{
    Q_OBJECT
    SentryProvider m_sentry;

private Q_SLOTS:
    void knownAnswerVerifies()
    {
        const Verdict v = m_sentry.verify(sentryHead(), Body, Secret, SentAt + 5);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesTheKnownAnswer()
    {
        const auto headers = m_sentry.sign(postHead({}), Body, Secret, SentAt);
        QCOMPARE(headers->value("Sentry-Hook-Signature"), Signature);
        QCOMPARE(headers->value("Sentry-Hook-Timestamp"), QByteArray("1700000000"));
    }

    void failures_data()
    {
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<Reason>("reason");
        QTest::newRow("prefixed") << "sha256=" + Signature << QByteArray("1700000000")
                                  << Reason::MalformedHeader;
        QTest::newRow("short") << Signature.chopped(1) << QByteArray("1700000000")
                               << Reason::MalformedHeader;
        QTest::newRow("base64") << QByteArray::fromHex(Signature).toBase64()
                                << QByteArray("1700000000") << Reason::MalformedHeader;
        QTest::newRow("timestamp not a number")
            << Signature << QByteArray("2023-11-14T22:13:20Z") << Reason::MalformedHeader;
        QTest::newRow("other body's signature")
            << QByteArray(64, 'a') << QByteArray("1700000000") << Reason::SignatureMismatch;
    }
    void failures()
    {
        QFETCH(QByteArray, signature);
        QFETCH(QByteArray, timestamp);
        QFETCH(Reason, reason);
        QCOMPARE(m_sentry.verify(sentryHead(signature, timestamp), Body, Secret, SentAt).reason,
                 reason);
    }

    void timestampIsRequired()
    {
        auto head = sentryHead();
        head.headers.remove("Sentry-Hook-Timestamp");
        QCOMPARE(m_sentry.verify(head, Body, Secret, SentAt).reason, Reason::MissingTimestamp);
    }

    void staleDeliverySaysTheTimestampIsOurs()
    {
        const Verdict v = m_sentry.verify(sentryHead(), Body, Secret, SentAt + 3600);
        QCOMPARE(v.reason, Reason::TimestampOutsideTolerance);
        QVERIFY2(v.hint.contains(QStringLiteral("Sentry does not sign its timestamp")),
                 qPrintable(v.hint));
    }

    void prettyPrintedCopyIsNamed()
    {
        // What a person gets pasting the payload from Sentry's UI into curl.
        const QByteArray pretty =
            "{\n    \"action\": \"resolved\",\n    \"installation\": {\n        \"uuid\": "
            "\"7a485448-a9e2-4c85-8a4d-ca8d8d6e8a49\"\n    },\n    \"data\": {\n        \"issue\": "
            "{\n            \"id\": \"1170820242\",\n            \"status\": \"resolved\"\n        "
            "}\n    },\n    \"actor\": {\n        \"type\": \"user\",\n        \"id\": 1,\n        "
            "\"name\": \"Jane\"\n    }\n}";
        const Verdict v = m_sentry.verify(sentryHead(), pretty, Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("serialised compactly matches the signature")),
                 qPrintable(v.hint));
    }

    void pythonSpacingIsNamed()
    {
        // A receiver that parsed the JSON and dumped it again with Python's default separators.
        QByteArray spaced = Body;
        spaced.replace("\":", "\": ").replace(",\"", ", \"");
        const Verdict v = m_sentry.verify(sentryHead(), spaced, Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("serialised compactly matches the signature")),
                 qPrintable(v.hint));
    }

    void authTokenInsteadOfClientSecret()
    {
        const Verdict v =
            m_sentry.verify(sentryHead(), Body, "sntrys_eyJpYXQiOjE3MDAwMDAwMDB9", SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("Sentry organization auth token")) &&
                     v.hint.contains(QStringLiteral("Client Secret")),
                 qPrintable(v.hint));
    }
};

QTEST_GUILESS_MAIN(TestSentryProvider)
#include "tst_sentryprovider.moc"
