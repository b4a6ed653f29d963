// Behaviour every provider shares, run once per provider: sign → verify round trips, each
// failure reason, tolerance edges, hints, and secrets never leaking into verdicts.
#include "webhooks/registry.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;

namespace {

constexpr qint64 Now = 1'700'000'000;

QByteArray secretFor(const QString &provider)
{
    if (provider == u"standard-webhooks")
        return "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    if (provider == u"stripe")
        return "whsec_4b2c7e0f9d8a6b5c3e1f0a9d8c7b6a5e";
    return "7f3a9c2e8b1d4f6a0c5e9b3d7f1a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a";
}

bool signsTimestamp(const QString &provider)
{
    return provider == u"stripe" || provider == u"slack" || provider == u"standard-webhooks" ||
           provider == u"sentry";
}

const QByteArray CompactBody = R"({"action":"created","data":{"id":"42","tags":["a","b"]},"n":1})";
const QByteArray PrettyBody =
    "{\n  \"action\": \"created\",\n  \"data\": {\n    \"id\": \"42\",\n"
    "    \"tags\": [\n      \"a\",\n      \"b\"\n    ]\n  },\n  \"n\": 1\n}";

// A body in the provider's own style, and the same JSON in the other style.
QByteArray nativeBody(const Provider &p)
{
    return p.bodyStyle() == BodyStyle::Pretty ? PrettyBody : CompactBody;
}
QByteArray foreignBody(const Provider &p)
{
    return p.bodyStyle() == BodyStyle::Pretty ? CompactBody : PrettyBody;
}

Http::RequestHead signedHead(const Provider &p, const QByteArray &body, qint64 at,
                             const QByteArray &secret)
{
    Http::RequestHead head;
    head.method = "POST";
    head.target = "/hooks";
    head.headers = p.sampleHeaders(QStringLiteral("issue.created"), at);
    auto result = p.signRequest(head, body, secret, at);
    return result.value();
}

} // namespace

class TestWebhookProviders : public QObject
{
    Q_OBJECT
private:
    void addProviderRows()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : providerNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    const Provider &provider()
    {
        QFETCH(QString, name);
        return *findProvider(name);
    }

private Q_SLOTS:
    void signThenVerify_data() { addProviderRows(); }
    void signThenVerify()
    {
        const Provider &p = provider();
        for (const QByteArray &body :
             {nativeBody(p), QByteArray(), QByteArray("\0\xff binary", 9)}) {
            const auto head = signedHead(p, body, Now, secretFor(p.name()));
            QVERIFY(p.hasSignature(head));
            const Verdict v = p.verify(head, body, secretFor(p.name()), Now);
            QVERIFY2(v.valid(), qPrintable(v.summary()));
        }
    }

    void missingSignature_data() { addProviderRows(); }
    void missingSignature()
    {
        const Provider &p = provider();
        Http::RequestHead head;
        head.method = "POST";
        head.headers = p.sampleHeaders(QStringLiteral("issue.created"), Now);
        QVERIFY(!p.hasSignature(head));
        const Verdict v = p.verify(head, nativeBody(p), secretFor(p.name()), Now);
        QCOMPARE(v.reason, Reason::MissingSignature);
        QVERIFY(!v.message.isEmpty());
    }

    void tamperedBodyAndWrongSecret_data() { addProviderRows(); }
    void tamperedBodyAndWrongSecret()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        QByteArray tampered = nativeBody(p);
        tampered.replace("42", "43");
        QCOMPARE(p.verify(head, tampered, secret, Now).reason, Reason::SignatureMismatch);

        // Another secret of the same kind (for Standard Webhooks: another valid key).
        const QByteArray other = p.name() == u"standard-webhooks"
                                     ? QByteArray("whsec_c2VjcmV0LW9mLWFub3RoZXItZW5kcG9pbnQ=")
                                     : secret.chopped(1) + (secret.endsWith('a') ? 'b' : 'a');
        const Verdict v = p.verify(head, nativeBody(p), other, Now);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
    }

    void toleranceEdges_data() { addProviderRows(); }
    void toleranceEdges()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        const int t = Provider::DefaultToleranceSeconds;
        QVERIFY(p.verify(head, nativeBody(p), secret, Now + t).valid());
        QVERIFY(p.verify(head, nativeBody(p), secret, Now - t).valid());
        const Verdict late = p.verify(head, nativeBody(p), secret, Now + t + 1);
        const Verdict early = p.verify(head, nativeBody(p), secret, Now - t - 1);
        if (!signsTimestamp(p.name())) {
            QVERIFY(late.valid());
            QVERIFY(early.valid());
            return;
        }
        QCOMPARE(late.reason, Reason::TimestampOutsideTolerance);
        QVERIFY2(late.message.contains(QStringLiteral("301 s old")), qPrintable(late.message));
        QCOMPARE(early.reason, Reason::TimestampOutsideTolerance);
        QVERIFY2(early.message.contains(QStringLiteral("301 s in the future")),
                 qPrintable(early.message));

        // A narrower tolerance is honoured too.
        const auto strict = makeProvider(p.name(), 10);
        QVERIFY(strict->verify(head, nativeBody(p), secret, Now + 10).valid());
        QCOMPARE(strict->verify(head, nativeBody(p), secret, Now + 11).reason,
                 Reason::TimestampOutsideTolerance);
    }

    void mismatchIsReportedBeforeStaleness_data() { addProviderRows(); }
    void mismatchIsReportedBeforeStaleness()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        QCOMPARE(p.verify(head, nativeBody(p) + ' ', secret, Now + 100'000).reason,
                 Reason::SignatureMismatch);
    }

    void reserialisedBodyIsNamed_data() { addProviderRows(); }
    void reserialisedBodyIsNamed()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        const Verdict v = p.verify(head, foreignBody(p), secret, Now);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("re-serialised")) &&
                     v.hint.contains(QStringLiteral("matches the signature")),
                 qPrintable(v.hint));
    }

    void styleHintWithoutAMatchingVariant_data() { addProviderRows(); }
    void styleHintWithoutAMatchingVariant()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        // Re-serialised and edited: no variant can match, but the style still tells.
        const QByteArray edited = QByteArray(foreignBody(p)).replace("42", "43");
        const Verdict v = p.verify(head, edited, secret, Now);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        if (p.bodyStyle() == BodyStyle::Any)
            QVERIFY2(!v.hint.contains(QStringLiteral("re-serialised")), qPrintable(v.hint));
        else
            QVERIFY2(v.hint.contains(QStringLiteral("body looks re-serialised: ")) &&
                         !v.hint.contains(QStringLiteral("matches the signature")),
                     qPrintable(v.hint));
    }

    void secretWithWhitespace_data() { addProviderRows(); }
    void secretWithWhitespace()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        const Verdict v = p.verify(head, nativeBody(p), secret + "\n", Now);
        // A whsec_ key with a newline does not even decode; other secrets just do not match.
        QCOMPARE(v.reason, p.name() == u"standard-webhooks" ? Reason::UnusableSecret
                                                            : Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("leading or trailing whitespace")) &&
                     v.hint.contains(QStringLiteral("without it")),
                 qPrintable(v.hint));
    }

    void verdictsNeverContainTheSecret_data() { addProviderRows(); }
    void verdictsNeverContainTheSecret()
    {
        const Provider &p = provider();
        const QByteArray secret = secretFor(p.name());
        const QByteArray secretCore = secret.startsWith("whsec_") ? secret.mid(6) : secret;
        const auto head = signedHead(p, nativeBody(p), Now, secret);
        Http::RequestHead unsignedHead = head;
        unsignedHead.headers = p.sampleHeaders(QStringLiteral("issue.created"), Now);
        const QList<Verdict> verdicts{
            p.verify(head, nativeBody(p), secret, Now),
            p.verify(head, foreignBody(p), secret, Now),
            p.verify(head, nativeBody(p), secret + " ", Now),
            p.verify(head, nativeBody(p) + "x", secret, Now),
            p.verify(head, nativeBody(p), secret, Now + 1000),
            p.verify(unsignedHead, nativeBody(p), secret, Now),
        };
        for (const Verdict &v : verdicts) {
            QVERIFY2(!v.summary().contains(QString::fromLatin1(secretCore)),
                     qPrintable(v.summary()));
            QVERIFY(!v.summary().contains(QString::fromLatin1(secretCore.left(12))));
        }
    }

    void detection_data() { addProviderRows(); }
    void detection()
    {
        const Provider &p = provider();
        const auto head = signedHead(p, nativeBody(p), Now, secretFor(p.name()));
        QVERIFY(p.looksLike(head));
        QCOMPARE(detectProvider(head), &p);
        for (const Provider *other : providers()) {
            if (other != &p)
                QVERIFY2(!other->looksLike(head), qPrintable(other->name()));
        }
    }

    void plainRequestsAreNoWebhook()
    {
        Http::RequestHead head;
        head.method = "POST";
        head.headers = {{"Host", "localhost:3000"},
                        {"Content-Type", "application/json"},
                        {"User-Agent", "curl/8.5.0"}};
        QCOMPARE(detectProvider(head), nullptr);
    }

    void registryNames()
    {
        QCOMPARE(providerNames(), (QStringList{"sentry", "github", "stripe", "slack", "shopify",
                                               "standard-webhooks"}));
        for (const QString &name : providerNames())
            QCOMPARE(findProvider(name)->name(), name);
        QCOMPARE(findProvider(u"GitHub")->name(), QStringLiteral("github"));
        QCOMPARE(findProvider(u"svix")->name(), QStringLiteral("standard-webhooks"));
        QCOMPARE(findProvider(u"gitlab"), nullptr);
        QCOMPARE(makeProvider(u"gitlab", 300), nullptr);
    }

    void summaryNamesReasonMessageAndHint()
    {
        const Verdict v =
            Verdict::reject(Reason::SignatureMismatch, QStringLiteral("m"), QStringLiteral("h"));
        QCOMPARE(v.summary(), QStringLiteral("signature mismatch: m (h)"));
        QCOMPARE(reasonCode(Reason::TimestampOutsideTolerance),
                 QStringLiteral("timestamp-outside-tolerance"));
        QCOMPARE(Verdict::accept().summary(), QStringLiteral("valid"));
    }
};

QTEST_GUILESS_MAIN(TestWebhookProviders)
#include "tst_webhookproviders.moc"
