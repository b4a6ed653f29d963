#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// Stripe webhooks: Stripe-Signature is "t=<unix seconds>,v1=<hex>[,v1=<hex>…]" where each v1 is
// the hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's whsec_ secret used as is (not
// decoded). Any v1 may match (several are sent while a secret is being rolled); other schemes
// (v0) are ignored. t must be within the tolerance (300 s by default, as in Stripe's libraries).
class StripeProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("stripe"); }
    QString displayName() const override { return QStringLiteral("Stripe"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the endpoint's Signing secret (whsec_…, Developers → Webhooks, "
                              "or the one `stripe listen` prints)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    std::optional<qint64> signedAt(const Http::RequestHead &head) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Pretty; }
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;

protected:
    QStringList expectedSecretPrefixes() const override { return {QStringLiteral("whsec_")}; }
};

} // namespace Hookscope::Webhooks
