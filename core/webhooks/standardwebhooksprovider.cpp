#include "standardwebhooksprovider.h"

#include "randomids.h"
#include "signaturecrypto.h"

namespace Hookscope::Webhooks {

namespace {

// Svix sends the same scheme under its own header names; a delivery uses one family throughout.
struct HeaderNames
{
    QByteArray id;
    QByteArray timestamp;
    QByteArray signature;
};
const HeaderNames StandardNames{"webhook-id", "webhook-timestamp", "webhook-signature"};
const HeaderNames SvixNames{"svix-id", "svix-timestamp", "svix-signature"};

const HeaderNames &namesFor(const Http::RequestHead &head)
{
    return !head.headers.contains(StandardNames.signature) &&
                   head.headers.contains(SvixNames.signature)
               ? SvixNames
               : StandardNames;
}

std::optional<QByteArray> decodeKey(const QByteArray &secret)
{
    const QByteArrayView encoded =
        secret.startsWith("whsec_") ? QByteArrayView(secret).sliced(6) : QByteArrayView(secret);
    return Crypto::decodeBase64(encoded, -1, true);
}

QByteArray signedContent(const QByteArray &id, const QByteArray &timestamp, const QByteArray &body)
{
    return id + '.' + timestamp + '.' + body;
}

} // namespace

bool StandardWebhooksProvider::hasSignature(const Http::RequestHead &head) const
{
    return head.headers.contains(StandardNames.signature) ||
           head.headers.contains(SvixNames.signature);
}

bool StandardWebhooksProvider::looksLike(const Http::RequestHead &head) const
{
    return hasAnyHeader(head, {"webhook-id", "webhook-signature", "webhook-timestamp", "svix-id",
                               "svix-signature", "svix-timestamp"});
}

Status StandardWebhooksProvider::checkSecret(const QByteArray &secret) const
{
    const auto key = decodeKey(secret);
    if (!key || key->size() < 24 || key->size() > 64)
        return Error{QStringLiteral("the Standard Webhooks secret is not whsec_ followed by the "
                                    "base64 of 24 to 64 bytes: pass %1")
                         .arg(secretDescription())};
    return {};
}

Verdict StandardWebhooksProvider::verify(const Http::RequestHead &head, const QByteArray &body,
                                         const QByteArray &secret, qint64 now) const
{
    const HeaderNames &names = namesFor(head);
    const Field header = singleHeader(head, names.signature, Reason::MissingSignature);
    if (header.problem)
        return *header.problem;
    QList<QByteArray> signatures;
    for (const QByteArray &entry : header.value.split(' ')) {
        if (entry.isEmpty())
            continue;
        const qsizetype comma = entry.indexOf(',');
        if (comma <= 0)
            return Verdict::reject(Reason::MalformedHeader,
                                   QStringLiteral("%1 has an entry that is not version,signature")
                                       .arg(names.signature));
        if (entry.left(comma) != "v1")
            continue;
        const auto decoded = Crypto::decodeBase64(QByteArrayView(entry).sliced(comma + 1), 32);
        if (!decoded)
            return Verdict::reject(Reason::MalformedHeader,
                                   QStringLiteral("a v1 entry of %1 is not the base64 of 32 bytes")
                                       .arg(names.signature));
        signatures.append(*decoded);
    }
    if (signatures.isEmpty())
        return Verdict::reject(Reason::MalformedHeader,
                               QStringLiteral("%1 has no v1 signature").arg(names.signature));
    const Field id = singleHeader(head, names.id, Reason::MalformedHeader);
    if (id.problem)
        return Verdict::reject(
            Reason::MalformedHeader,
            QStringLiteral("no %1 header; it is part of the signed content").arg(names.id));
    const Timestamp timestamp = timestampHeader(head, names.timestamp);
    if (timestamp.problem)
        return *timestamp.problem;
    const QByteArray timestampText = head.headers.value(names.timestamp);

    if (!decodeKey(secret))
        return Verdict::reject(Reason::UnusableSecret,
                               QStringLiteral("the secret is not whsec_ followed by base64, so it "
                                              "cannot be a Standard Webhooks key"),
                               decodeKey(secret.trimmed())
                                   ? QStringLiteral("the secret has leading or trailing "
                                                    "whitespace; without it, it is a usable key")
                                   : QString());
    const auto matches = [&](const QByteArray &b, const QByteArray &s) {
        const auto key = decodeKey(s);
        if (!key)
            return false;
        const QByteArray expected = Crypto::hmac(*key, signedContent(id.value, timestampText, b));
        bool any = false;
        for (const QByteArray &received : signatures)
            any = Crypto::constantTimeEquals(expected, received) || any;
        return any;
    };
    if (!matches(body, secret))
        return mismatch(QStringLiteral("no v1 signature in %1 matches the id, timestamp and body")
                            .arg(names.signature),
                        body, secret, matches);
    return checkTolerance(timestamp.seconds, now, QString::fromLatin1(names.timestamp));
}

Result<Http::Headers> StandardWebhooksProvider::sign(const Http::RequestHead &head,
                                                     const QByteArray &body,
                                                     const QByteArray &secret, qint64 now) const
{
    const auto key = decodeKey(secret);
    if (!key)
        return Error{checkSecret(secret).error()};
    QByteArray id = head.headers.value(StandardNames.id);
    if (id.isEmpty())
        id = "msg_" + RandomIds::alphanumeric(27);
    const QByteArray t = QByteArray::number(now);
    return Http::Headers{{StandardNames.id, id},
                         {StandardNames.timestamp, t},
                         {StandardNames.signature,
                          "v1," + Crypto::hmac(*key, signedContent(id, t, body)).toBase64()}};
}

Http::Headers StandardWebhooksProvider::sampleHeaders(const QString &, qint64) const
{
    return {{"Content-Type", "application/json"}};
}

std::optional<qint64> StandardWebhooksProvider::signedAt(const Http::RequestHead &head) const
{
    const Timestamp timestamp = timestampHeader(head, namesFor(head).timestamp);
    return timestamp.problem ? std::nullopt : std::optional<qint64>(timestamp.seconds);
}

} // namespace Hookscope::Webhooks
