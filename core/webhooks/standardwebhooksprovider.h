#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// Standard Webhooks (and Svix, which sends the same headers prefixed svix-): webhook-signature is
// a space-separated list of "v1,<base64>", each the base64 HMAC-SHA256 of
// "<webhook-id>.<webhook-timestamp>.<raw body>" keyed with the base64-decoded part of the
// whsec_ secret. Any v1 may match; other versions (v1a, asymmetric) are ignored. The timestamp
// must be within the tolerance (five minutes, as in the reference libraries).
class StandardWebhooksProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("standard-webhooks"); }
    QString displayName() const override { return QStringLiteral("Standard Webhooks"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the endpoint's signing secret (whsec_ and base64)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    // webhook-id (the head's own, else a fresh msg_…), webhook-timestamp and webhook-signature.
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    // The secret must be whsec_ (optional) followed by base64 of 24 to 64 bytes.
    Status checkSecret(const QByteArray &secret) const override;
    std::optional<qint64> signedAt(const Http::RequestHead &head) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Any; }
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;

protected:
    QStringList expectedSecretPrefixes() const override { return {QStringLiteral("whsec_")}; }
};

} // namespace Hookscope::Webhooks
