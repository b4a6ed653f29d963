#include "sentryprovider.h"

#include "randomids.h"
#include "signaturecrypto.h"

namespace Hookscope::Webhooks {

namespace {
const QByteArray SignatureHeader = "Sentry-Hook-Signature";
const QByteArray TimestampHeader = "Sentry-Hook-Timestamp";
} // namespace

bool SentryProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader);
}

bool SentryProvider::looksLike(const Http::RequestHead &head) const
{
    return hasAnyHeader(head,
                        {"Sentry-Hook-Signature", "Sentry-Hook-Resource", "Sentry-Hook-Timestamp"});
}

Verdict SentryProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64 now) const
{
    const Digest received = hexDigestHeader(head, SignatureHeader);
    if (received.problem)
        return *received.problem;
    const Timestamp timestamp = timestampHeader(head, TimestampHeader);
    if (timestamp.problem)
        return *timestamp.problem;

    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        return Crypto::constantTimeEquals(Crypto::hmac(s, b), received.bytes);
    };
    if (!matches(body, secret))
        return mismatch(QStringLiteral("Sentry-Hook-Signature does not match the body"), body,
                        secret, matches);
    return checkTolerance(timestamp.seconds, now, QStringLiteral("Sentry-Hook-Timestamp"),
                          QStringLiteral("Sentry does not sign its timestamp; Hookscope checks it "
                                         "to catch replayed deliveries"));
}

std::optional<qint64> SentryProvider::signedAt(const Http::RequestHead &head) const
{
    const Timestamp timestamp = timestampHeader(head, TimestampHeader);
    return timestamp.problem ? std::nullopt : std::optional<qint64>(timestamp.seconds);
}

Result<Http::Headers> SentryProvider::sign(const Http::RequestHead &, const QByteArray &body,
                                           const QByteArray &secret, qint64 now) const
{
    return Http::Headers{{TimestampHeader, QByteArray::number(now)},
                         {SignatureHeader, Crypto::hmac(secret, body).toHex()}};
}

Http::Headers SentryProvider::sampleHeaders(const QString &event, qint64) const
{
    return {{"Content-Type", "application/json"},
            {"Request-ID", RandomIds::uuid()},
            {"Sentry-Hook-Resource", event.section(u'.', 0, 0).toUtf8()}};
}

} // namespace Hookscope::Webhooks
