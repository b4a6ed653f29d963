#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// Sentry integration-platform webhooks: Sentry-Hook-Signature is the lower-case hex HMAC-SHA256
// of the raw body keyed with the integration's Client Secret. Sentry also sends
// Sentry-Hook-Timestamp (Unix seconds) but does not sign it; Hookscope still requires it and
// checks it against the tolerance, which catches a stored delivery replayed with its original
// headers (a forger who knows the body and signature can of course change the timestamp).
class SentryProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("sentry"); }
    QString displayName() const override { return QStringLiteral("Sentry"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the integration's Client Secret (Settings → Developer Settings)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    // Sentry-Hook-Timestamp: unsigned, but checked against the tolerance like a signed one.
    std::optional<qint64> signedAt(const Http::RequestHead &head) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Compact; }
    // Content-Type, Request-ID and Sentry-Hook-Resource (the part of `event` before the dot).
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;
};

} // namespace Hookscope::Webhooks
