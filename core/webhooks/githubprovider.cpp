#include "githubprovider.h"

#include "randomids.h"
#include "signaturecrypto.h"

namespace Hookscope::Webhooks {

namespace {
const QByteArray SignatureHeader = "X-Hub-Signature-256";
const QByteArray LegacyHeader = "X-Hub-Signature";
const QByteArray Prefix = "sha256=";
} // namespace

bool GitHubProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(SignatureHeader);
}

bool GitHubProvider::looksLike(const Http::RequestHead &head) const
{
    return hasAnyHeader(
        head, {"X-Hub-Signature-256", "X-Hub-Signature", "X-GitHub-Event", "X-GitHub-Delivery"});
}

Verdict GitHubProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                               const QByteArray &secret, qint64) const
{
    const Digest received = hexDigestHeader(head, SignatureHeader, Prefix);
    if (received.problem) {
        Verdict v = *received.problem;
        if (v.reason == Reason::MissingSignature && head.headers.contains(LegacyHeader))
            v.hint = QStringLiteral("only the legacy SHA-1 X-Hub-Signature is present; GitHub "
                                    "sends X-Hub-Signature-256 whenever the webhook has a secret");
        else if (v.reason == Reason::MissingSignature)
            v.hint = QStringLiteral("GitHub signs deliveries only when the webhook has a secret");
        return v;
    }
    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        return Crypto::constantTimeEquals(Crypto::hmac(s, b), received.bytes);
    };
    if (!matches(body, secret))
        return mismatch(QStringLiteral("X-Hub-Signature-256 does not match the body"), body, secret,
                        matches);
    return Verdict::accept();
}

Result<Http::Headers> GitHubProvider::sign(const Http::RequestHead &, const QByteArray &body,
                                           const QByteArray &secret, qint64) const
{
    return Http::Headers{
        {LegacyHeader, "sha1=" + Crypto::hmac(secret, body, QCryptographicHash::Sha1).toHex()},
        {SignatureHeader, Prefix + Crypto::hmac(secret, body).toHex()}};
}

Http::Headers GitHubProvider::sampleHeaders(const QString &event, qint64) const
{
    return {{"User-Agent", "GitHub-Hookshot/" + RandomIds::hex(7)},
            {"Content-Type", "application/json"},
            {"X-GitHub-Delivery", RandomIds::uuid()},
            {"X-GitHub-Event", event.section(u'.', 0, 0).toUtf8()},
            {"X-GitHub-Hook-ID", RandomIds::digits(9)},
            {"X-GitHub-Hook-Installation-Target-ID", RandomIds::digits(9)},
            {"X-GitHub-Hook-Installation-Target-Type", "repository"}};
}

} // namespace Hookscope::Webhooks
