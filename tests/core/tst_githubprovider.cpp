#include "posthead.h"
#include "webhooks/githubprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// GitHub's documented example ("Validating webhook deliveries").
const QByteArray Secret = "It's a Secret to Everybody";
const QByteArray Body = "Hello, World!";
const QByteArray Signature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
} // namespace

class TestGitHubProvider : public QObject
{
    Q_OBJECT
    GitHubProvider m_github;

private Q_SLOTS:
    void publishedVectorVerifies()
    {
        const Verdict v =
            m_github.verify(postHead({{"X-Hub-Signature-256", Signature}}), Body, Secret, 0);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesThePublishedVector()
    {
        const auto headers = m_github.sign(postHead({}), Body, Secret, 0);
        QCOMPARE(headers->value("X-Hub-Signature-256"), Signature);
        QVERIFY(headers->value("X-Hub-Signature").startsWith("sha1="));
    }

    void malformedHeaders_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("sha1 prefix") << QByteArray(Signature).replace("sha256=", "sha1=");
        QTest::newRow("no prefix") << Signature.mid(7);
        QTest::newRow("short") << Signature.chopped(1);
        QTest::newRow("long") << Signature + "0";
        QTest::newRow("non-hex") << Signature.chopped(1) + "g";
        QTest::newRow("empty") << QByteArray();
    }
    void malformedHeaders()
    {
        QFETCH(QByteArray, value);
        const Verdict v =
            m_github.verify(postHead({{"X-Hub-Signature-256", value}}), Body, Secret, 0);
        QCOMPARE(v.reason, Reason::MalformedHeader);
    }

    void upperCaseHexIsAccepted()
    {
        const QByteArray upper = "sha256=" + Signature.mid(7).toUpper();
        QVERIFY(
            m_github.verify(postHead({{"X-Hub-Signature-256", upper}}), Body, Secret, 0).valid());
    }

    void conflictingDuplicatesAreMalformed()
    {
        const QByteArray other = "sha256=" + QByteArray(64, '0');
        const auto head =
            postHead({{"X-Hub-Signature-256", Signature}, {"X-Hub-Signature-256", other}});
        QCOMPARE(m_github.verify(head, Body, Secret, 0).reason, Reason::MalformedHeader);
        const auto same =
            postHead({{"X-Hub-Signature-256", Signature}, {"x-hub-signature-256", Signature}});
        QVERIFY(m_github.verify(same, Body, Secret, 0).valid());
    }

    void legacySignatureAloneIsNamed()
    {
        const auto head = postHead({{"X-Hub-Signature", "sha1=0123"}, {"X-GitHub-Event", "push"}});
        const Verdict v = m_github.verify(head, Body, Secret, 0);
        QCOMPARE(v.reason, Reason::MissingSignature);
        QVERIFY2(v.hint.contains(QStringLiteral("legacy SHA-1")), qPrintable(v.hint));
    }

    void wrongKindsOfSecretAreNamed_data()
    {
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("kind");
        QTest::newRow("whsec") << QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                               << "Stripe or Standard Webhooks signing secret";
        QTest::newRow("pat") << QByteArray("ghp_16C7e42F292c6912E7710c838347Ae178B4a")
                             << "GitHub personal access token";
        QTest::newRow("slack") << QByteArray(
                                      "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy")
                               << "Slack bot token";
    }
    void wrongKindsOfSecretAreNamed()
    {
        QFETCH(QByteArray, secret);
        QFETCH(QString, kind);
        const Verdict v =
            m_github.verify(postHead({{"X-Hub-Signature-256", Signature}}), Body, secret, 0);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(kind) && v.hint.contains(QStringLiteral("webhook's Secret")),
                 qPrintable(v.hint));
        QVERIFY(!v.summary().contains(QString::fromLatin1(secret)));
    }
};

QTEST_GUILESS_MAIN(TestGitHubProvider)
#include "tst_githubprovider.moc"
