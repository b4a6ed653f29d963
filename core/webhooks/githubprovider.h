#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// GitHub webhooks: X-Hub-Signature-256 is "sha256=" and the hex HMAC-SHA256 of the raw body
// keyed with the webhook's secret. The legacy SHA-1 X-Hub-Signature is sent too but not trusted.
// GitHub signs no timestamp, so there is nothing to check for age.
class GitHubProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("github"); }
    QString displayName() const override { return QStringLiteral("GitHub"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the webhook's Secret (repository or organization Settings → "
                              "Webhooks)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    // X-Hub-Signature-256, and X-Hub-Signature (SHA-1) as GitHub still sends it.
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Compact; }
    // User-Agent, X-GitHub-Event (the part of `event` before the dot), X-GitHub-Delivery, hook ids.
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;
};

} // namespace Hookscope::Webhooks
