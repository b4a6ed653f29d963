#include "stripeprovider.h"

#include "signaturecrypto.h"

namespace Hookscope::Webhooks {

namespace {
const QByteArray SignatureHeader = "Stripe-Signature";

QByteArray signedPayload(const QByteArray &timestamp, const QByteArray &body)
{
    return timestamp + '.' + body;
}
} // namespace

bool StripeProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader);
}

bool StripeProvider::looksLike(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader) ||
           head.headers.value("User-Agent").startsWith("Stripe/");
}

Verdict StripeProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const
{
    const Field header = singleHeader(head, SignatureHeader, Reason::MissingSignature);
    if (header.problem)
        return *header.problem;

    std::optional<QByteArray> timestampText;
    QList<QByteArray> signatures;
    for (const QByteArray &item : header.value.split(',')) {
        const QByteArray pair = item.trimmed();
        const qsizetype equals = pair.indexOf('=');
        if (equals <= 0)
            return Verdict::reject(Reason::MalformedHeader,
                                   QStringLiteral("Stripe-Signature has an item that is not "
                                                  "key=value"));
        const QByteArray key = pair.left(equals);
        const QByteArray value = pair.mid(equals + 1);
        if (key == "t") {
            if (timestampText)
                return Verdict::reject(Reason::MalformedHeader,
                                       QStringLiteral("Stripe-Signature has more than one t="));
            timestampText = value;
        } else if (key == "v1") {
            const auto decoded = Crypto::decodeHex(value, 32);
            if (!decoded)
                return Verdict::reject(Reason::MalformedHeader,
                                       QStringLiteral("a v1= in Stripe-Signature is not 64 hex "
                                                      "digits"));
            signatures.append(*decoded);
        }
    }
    if (!timestampText)
        return Verdict::reject(Reason::MissingTimestamp,
                               QStringLiteral("Stripe-Signature has no t= timestamp"));
    const auto timestamp = Crypto::parseUnixSeconds(*timestampText);
    if (!timestamp)
        return Verdict::reject(Reason::MalformedHeader,
                               QStringLiteral("t= in Stripe-Signature is not a Unix time in "
                                              "seconds"));
    if (signatures.isEmpty())
        return Verdict::reject(Reason::MalformedHeader,
                               QStringLiteral("Stripe-Signature has no v1= signature"));

    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        const QByteArray expected = Crypto::hmac(s, signedPayload(*timestampText, b));
        bool any = false;
        for (const QByteArray &received : signatures)
            any = Crypto::constantTimeEquals(expected, received) || any;
        return any;
    };
    if (!matches(body, secret))
        return mismatch(signatures.size() == 1
                            ? QStringLiteral("the v1 signature does not match t and the body")
                            : QStringLiteral("none of the %1 v1 signatures matches t and the body")
                                  .arg(signatures.size()),
                        body, secret, matches);
    return checkTolerance(*timestamp, now, QStringLiteral("Stripe-Signature t=%1").arg(*timestamp));
}

Result<Http::Headers> StripeProvider::sign(const Http::RequestHead &, const QByteArray &body,
                                           const QByteArray &secret, qint64 now) const
{
    const QByteArray t = QByteArray::number(now);
    return Http::Headers{
        {SignatureHeader,
         "t=" + t + ",v1=" + Crypto::hmac(secret, signedPayload(t, body)).toHex()}};
}

Http::Headers StripeProvider::sampleHeaders(const QString &, qint64) const
{
    return {{"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
            {"Content-Type", "application/json; charset=utf-8"},
            {"Cache-Control", "no-cache"},
            {"Accept", "*/*; q=0.5, application/xml"}};
}

std::optional<qint64> StripeProvider::signedAt(const Http::RequestHead &head) const
{
    for (const QByteArray &item : head.headers.value(SignatureHeader).split(',')) {
        const QByteArray pair = item.trimmed();
        if (pair.startsWith("t="))
            return Crypto::parseUnixSeconds(QByteArrayView(pair).sliced(2));
    }
    return std::nullopt;
}

} // namespace Hookscope::Webhooks
