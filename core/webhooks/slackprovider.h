#pragma once

#include "provider.h"

namespace Hookscope::Webhooks {

// Slack requests: X-Slack-Signature is "v0=" and the hex HMAC-SHA256 of
// "v0:<X-Slack-Request-Timestamp>:<raw body>" keyed with the app's Signing Secret; the timestamp
// must be within the tolerance (Slack recommends five minutes).
class SlackProvider : public Provider
{
public:
    using Provider::Provider;

    QString name() const override { return QStringLiteral("slack"); }
    QString displayName() const override { return QStringLiteral("Slack"); }
    QString secretDescription() const override
    {
        return QStringLiteral("the app's Signing Secret (Basic Information → App Credentials)");
    }
    bool hasSignature(const Http::RequestHead &head) const override;
    bool looksLike(const Http::RequestHead &head) const override;
    Verdict verify(const Http::RequestHead &head, const QByteArray &body, const QByteArray &secret,
                   qint64 now) const override;
    Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const override;
    std::optional<qint64> signedAt(const Http::RequestHead &head) const override;
    BodyStyle bodyStyle() const override { return BodyStyle::Compact; }
    Http::Headers sampleHeaders(const QString &event, qint64 now) const override;
};

} // namespace Hookscope::Webhooks
