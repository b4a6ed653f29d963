#include "posthead.h"
#include "webhooks/slackprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// Slack's documented example ("Verifying requests from Slack").
const QByteArray Secret = "8f742231b10e8888abcd99yyyzzz85a5";
const QByteArray Timestamp = "1531420618";
const qint64 SentAt = 1531420618;
const QByteArray Body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977008855"
    "54%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8"
    "b6703c";
const QByteArray Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

Http::RequestHead slackHead(const QByteArray &signature = Signature,
                            const QByteArray &timestamp = Timestamp)
{
    return postHead({{"Content-Type", "application/x-www-form-urlencoded"},
                     {"X-Slack-Request-Timestamp", timestamp},
                     {"X-Slack-Signature", signature}});
}
} // namespace

class TestSlackProvider : public QObject
{
    Q_OBJECT
    SlackProvider m_slack;

private Q_SLOTS:
    void documentedExampleVerifies()
    {
        const Verdict v = m_slack.verify(slackHead(), Body, Secret, SentAt + 60);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesTheDocumentedExample()
    {
        const auto headers = m_slack.sign(postHead({}), Body, Secret, SentAt);
        QCOMPARE(headers->value("X-Slack-Signature"), Signature);
        QCOMPARE(headers->value("X-Slack-Request-Timestamp"), Timestamp);
    }

    void theExampleIsStaleToday()
    {
        const Verdict v = m_slack.verify(slackHead(), Body, Secret, SentAt + 86'400);
        QCOMPARE(v.reason, Reason::TimestampOutsideTolerance);
        QVERIFY(v.message.contains(QStringLiteral("86400 s old")));
    }

    void theTimestampIsSigned()
    {
        // Moving the timestamp to make a stale request look fresh breaks the signature.
        const Verdict v = m_slack.verify(slackHead(Signature, "1531420700"), Body, Secret, SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
    }

    void timestampProblems()
    {
        auto head = postHead({{"X-Slack-Signature", Signature}});
        QCOMPARE(m_slack.verify(head, Body, Secret, SentAt).reason, Reason::MissingTimestamp);
        QCOMPARE(m_slack.verify(slackHead(Signature, "soon"), Body, Secret, SentAt).reason,
                 Reason::MalformedHeader);
        QCOMPARE(m_slack.verify(slackHead(Signature, "1531420618.0"), Body, Secret, SentAt).reason,
                 Reason::MalformedHeader);
    }

    void malformedSignatures_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("v1 prefix") << QByteArray(Signature).replace("v0=", "v1=");
        QTest::newRow("no prefix") << Signature.mid(3);
        QTest::newRow("short") << Signature.chopped(2);
        QTest::newRow("non-hex") << Signature.chopped(1) + "z";
    }
    void malformedSignatures()
    {
        QFETCH(QByteArray, value);
        QCOMPARE(m_slack.verify(slackHead(value), Body, Secret, SentAt).reason,
                 Reason::MalformedHeader);
    }

    void botTokenInsteadOfSigningSecret()
    {
        const Verdict v = m_slack.verify(slackHead(), Body, "xoxb-1234-5678-abcdefghijkl", SentAt);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("Slack bot token")), qPrintable(v.hint));
        QVERIFY2(v.hint.contains(QStringLiteral("Signing Secret")), qPrintable(v.hint));
    }
};

QTEST_GUILESS_MAIN(TestSlackProvider)
#include "tst_slackprovider.moc"
