#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// Shopify webhooks: X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body keyed with
// the app's client secret. Shopify signs no timestamp (X-Shopify-Triggered-At is informational).
class ShopifyProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("shopify"); }
    QString displayName() const override { return QStringLiteral("Shopify"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the app's client secret (or the store's webhook signing key for "
                              "webhooks created in the admin)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Compact; }
    // X-Shopify-Topic is `event` as Shopify spells topics ("orders/create").
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;
};

} // namespace Hookscope::Webhooks
