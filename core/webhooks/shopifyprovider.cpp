#include "shopifyprovider.h"

#include "randomids.h"
#include "signaturecrypto.h"

#include <QDateTime>

namespace Hookscope::Webhooks {

namespace {
const QByteArray SignatureHeader = "X-Shopify-Hmac-Sha256";
} // namespace

bool ShopifyProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader);
}

bool ShopifyProvider::looksLike(const Http::RequestHead &head) const
{
    return hasAnyHeader(head, {"X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Webhook-Id"});
}

Verdict ShopifyProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                                const QByteArray &secret, qint64) const
{
    const Field signature = singleHeader(head, SignatureHeader, Reason::MissingSignature);
    if (signature.problem)
        return *signature.problem;
    const auto received = Crypto::decodeBase64(signature.value, 32);
    if (!received)
        return Verdict::reject(Reason::MalformedHeader,
                               QStringLiteral("X-Shopify-Hmac-Sha256 is not the base64 of 32 bytes "
                                              "(44 characters ending in =)"));
    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        return Crypto::constantTimeEquals(Crypto::hmac(s, b), *received);
    };
    if (!matches(body, secret))
        return mismatch(QStringLiteral("X-Shopify-Hmac-Sha256 does not match the body"), body,
                        secret, matches);
    return Verdict::accept();
}

Result<Http::Headers> ShopifyProvider::sign(const Http::RequestHead &, const QByteArray &body,
                                            const QByteArray &secret, qint64) const
{
    return Http::Headers{{SignatureHeader, Crypto::hmac(secret, body).toBase64()}};
}

Http::Headers ShopifyProvider::sampleHeaders(const QString &event, qint64 now) const
{
    const QByteArray triggeredAt =
        QDateTime::fromSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    return {{"User-Agent", "Shopify-Captain-Hook"},
            {"Content-Type", "application/json"},
            {"X-Shopify-Topic", event.toUtf8()},
            {"X-Shopify-Shop-Domain", "hookscope-demo.myshopify.com"},
            {"X-Shopify-API-Version", "2024-07"},
            {"X-Shopify-Webhook-Id", RandomIds::uuid()},
            {"X-Shopify-Event-Id", RandomIds::uuid()},
            {"X-Shopify-Triggered-At", triggeredAt}};
}

} // namespace Hookscope::Webhooks
