#include "slackprovider.h"

#include "signaturecrypto.h"

namespace Hookscope::Webhooks {

namespace {
const QByteArray SignatureHeader = "X-Slack-Signature";
const QByteArray TimestampHeader = "X-Slack-Request-Timestamp";
const QByteArray Prefix = "v0=";

QByteArray baseString(const QByteArray &timestamp, const QByteArray &body)
{
    return "v0:" + timestamp + ':' + body;
}
} // namespace

bool SlackProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader);
}

bool SlackProvider::looksLike(const Http::RequestHead &head) const
{
    return hasAnyHeader(head, {"X-Slack-Signature", "X-Slack-Request-Timestamp"});
}

Verdict SlackProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                              const QByteArray &secret, qint64 now) const
{
    const Digest received = hexDigestHeader(head, SignatureHeader, Prefix);
    if (received.problem)
        return *received.problem;
    const Timestamp timestamp = timestampHeader(head, TimestampHeader);
    if (timestamp.problem)
        return *timestamp.problem;
    const QByteArray timestampText = head.headers.value(TimestampHeader);

    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        return Crypto::constantTimeEquals(Crypto::hmac(s, baseString(timestampText, b)),
                                          received.bytes);
    };
    if (!matches(body, secret))
        return mismatch(QStringLiteral("X-Slack-Signature does not match the timestamp and body"),
                        body, secret, matches);
    return checkTolerance(timestamp.seconds, now, QStringLiteral("X-Slack-Request-Timestamp"));
}

Result<Http::Headers> SlackProvider::sign(const Http::RequestHead &, const QByteArray &body,
                                          const QByteArray &secret, qint64 now) const
{
    const QByteArray t = QByteArray::number(now);
    return Http::Headers{
        {TimestampHeader, t},
        {SignatureHeader, Prefix + Crypto::hmac(secret, baseString(t, body)).toHex()}};
}

Http::Headers SlackProvider::sampleHeaders(const QString &, qint64) const
{
    return {{"User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"},
            {"Content-Type", "application/json"}};
}

std::optional<qint64> SlackProvider::signedAt(const Http::RequestHead &head) const
{
    const Timestamp timestamp = timestampHeader(head, TimestampHeader);
    return timestamp.problem ? std::nullopt : std::optional<qint64>(timestamp.seconds);
}

} // namespace Hookscope::Webhooks
