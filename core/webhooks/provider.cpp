#include "provider.h"

#include "signaturecrypto.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

namespace Hookscope::Webhooks {

namespace {

// Re-serialising is only tried on bodies small enough to parse again without noticeable cost.
constexpr qsizetype MaxBodyForVariants = 4 * 1024 * 1024;

struct BodyVariant
{
    QString description;
    QByteArray bytes;
};

// Python's json.dumps default separators (", " and ": "), the most common re-serialisation in
// receivers; nlohmann cannot produce them, so they are put into the compact form token-wise.
QByteArray withPythonSeparators(const std::string &compact)
{
    QByteArray out;
    out.reserve(qsizetype(compact.size() + compact.size() / 8));
    bool inString = false;
    bool escaped = false;
    for (char c : compact) {
        out += c;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == ',' || c == ':') {
            out += ' ';
        }
    }
    return out;
}

QByteArray fromStd(const std::string &s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

std::optional<nlohmann::ordered_json> parseJsonContainer(const QByteArray &body)
{
    if (body.size() > MaxBodyForVariants)
        return std::nullopt;
    auto json = nlohmann::ordered_json::parse(body.begin(), body.end(), nullptr, false);
    if (json.is_discarded() || !(json.is_object() || json.is_array()))
        return std::nullopt;
    return json;
}

// Ways a body commonly changes between signing and verifying, each described for a person.
QList<BodyVariant> bodyVariants(const QByteArray &body)
{
    QList<BodyVariant> out;
    if (const auto json = parseJsonContainer(body)) {
        const std::string compact = json->dump();
        out.append({QStringLiteral("the same JSON serialised compactly"), fromStd(compact)});
        out.append({QStringLiteral("the same JSON with non-ASCII characters escaped"),
                    fromStd(json->dump(-1, ' ', true))});
        out.append(
            {QStringLiteral("the same JSON with spaces after ',' and ':' (Python's json.dumps)"),
             withPythonSeparators(compact)});
        out.append({QStringLiteral("the same JSON pretty-printed with 2-space indents"),
                    fromStd(json->dump(2))});
        out.append({QStringLiteral("the same JSON pretty-printed with 4-space indents"),
                    fromStd(json->dump(4))});
    }
    if (body.size() <= MaxBodyForVariants) {
        if (body.endsWith('\n'))
            out.append({QStringLiteral("the body without its final newline"), body.chopped(1)});
        else
            out.append({QStringLiteral("the body with a final newline"), body + '\n'});
        if (body.contains("\r\n"))
            out.append({QStringLiteral("the body with CRLF line ends turned into LF"),
                        QByteArray(body).replace("\r\n", "\n")});
        else if (body.contains('\n'))
            out.append({QStringLiteral("the body with LF line ends turned into CRLF"),
                        QByteArray(body).replace("\n", "\r\n")});
    }
    out.removeIf([&](const BodyVariant &v) { return v.bytes == body; });
    return out;
}

struct SecretKind
{
    const char *prefix;
    const char *kind;
};

// Prefixes of credentials people paste where a webhook signing secret belongs.
constexpr SecretKind knownSecretKinds[] = {
    {"whsec_", "a Stripe or Standard Webhooks signing secret (whsec_…)"},
    {"github_pat_", "a GitHub personal access token"},
    {"ghp_", "a GitHub personal access token"},
    {"gho_", "a GitHub OAuth token"},
    {"ghs_", "a GitHub App installation token"},
    {"ghu_", "a GitHub App user token"},
    {"xoxb-", "a Slack bot token"},
    {"xoxp-", "a Slack user token"},
    {"xapp-", "a Slack app-level token"},
    {"sk_live_", "a Stripe secret API key"},
    {"sk_test_", "a Stripe secret API key"},
    {"rk_live_", "a Stripe restricted API key"},
    {"rk_test_", "a Stripe restricted API key"},
    {"pk_live_", "a Stripe publishable key"},
    {"pk_test_", "a Stripe publishable key"},
    {"shpat_", "a Shopify Admin API access token"},
    {"shpca_", "a Shopify custom app access token"},
    {"shppa_", "a Shopify private app password"},
    {"sntrys_", "a Sentry organization auth token"},
    {"sntryu_", "a Sentry user auth token"},
};

} // namespace

Result<Http::RequestHead> Provider::signRequest(Http::RequestHead head, const QByteArray &body,
                                                const QByteArray &secret, qint64 now) const
{
    auto headers = sign(head, body, secret, now);
    if (!headers)
        return Error{headers.error()};
    for (const auto &field : *headers)
        head.headers.set(field.name, field.value);
    return head;
}

Status Provider::checkSecret(const QByteArray &secret) const
{
    if (secret.isEmpty())
        return Error{QStringLiteral("the %1 secret is empty: pass %2")
                         .arg(displayName(), secretDescription())};
    return {};
}

bool Provider::hasAnyHeader(const Http::RequestHead &head,
                            std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        if (head.headers.contains(name))
            return true;
    }
    return false;
}

Provider::Field Provider::singleHeader(const Http::RequestHead &head, const QByteArray &name,
                                       Reason whenMissing)
{
    const QList<QByteArray> values = head.headers.values(name);
    if (values.isEmpty())
        return {{}, Verdict::reject(whenMissing, QStringLiteral("no %1 header").arg(name))};
    for (const QByteArray &v : values) {
        if (v != values.first())
            return {{},
                    Verdict::reject(Reason::MalformedHeader,
                                    QStringLiteral("%1 is sent %2 times with different values")
                                        .arg(name)
                                        .arg(values.size()))};
    }
    return {values.first(), std::nullopt};
}

Provider::Digest Provider::hexDigestHeader(const Http::RequestHead &head, const QByteArray &name,
                                           const QByteArray &prefix)
{
    const Field field = singleHeader(head, name, Reason::MissingSignature);
    if (field.problem)
        return {{}, field.problem};
    const auto decoded =
        field.value.startsWith(prefix)
            ? Crypto::decodeHex(QByteArrayView(field.value).sliced(prefix.size()), 32)
            : std::nullopt;
    if (!decoded)
        return {{},
                Verdict::reject(
                    Reason::MalformedHeader,
                    QStringLiteral("%1 is not %2a hex HMAC-SHA256 (64 hex digits); it "
                                   "is %3 characters long")
                        .arg(QString::fromLatin1(name),
                             prefix.isEmpty() ? QString() : QString::fromLatin1(prefix + " and "))
                        .arg(field.value.size()))};
    return {*decoded, std::nullopt};
}

Provider::Timestamp Provider::timestampHeader(const Http::RequestHead &head, const QByteArray &name)
{
    const Field field = singleHeader(head, name, Reason::MissingTimestamp);
    if (field.problem)
        return {0, field.problem};
    const auto seconds = Crypto::parseUnixSeconds(field.value);
    if (!seconds)
        return {0, Verdict::reject(Reason::MalformedHeader,
                                   QStringLiteral("%1 is not a Unix time in seconds").arg(name))};
    return {*seconds, std::nullopt};
}

Verdict Provider::checkTolerance(qint64 timestamp, qint64 now, const QString &what,
                                 const QString &note) const
{
    const qint64 age = now - timestamp;
    if (std::llabs(age) <= m_toleranceSeconds)
        return Verdict::accept();
    const QString when = age > 0 ? QStringLiteral("%1 s old").arg(age)
                                 : QStringLiteral("%1 s in the future").arg(-age);
    return Verdict::reject(
        Reason::TimestampOutsideTolerance,
        QStringLiteral("%1 is %2; the tolerance is %3 s").arg(what, when).arg(m_toleranceSeconds),
        note.isEmpty() ? QStringLiteral("a replayed or delayed delivery, or a "
                                        "clock that is off")
                       : note);
}

Verdict Provider::mismatch(const QString &message, const QByteArray &body, const QByteArray &secret,
                           const SignatureCheck &matches) const
{
    QStringList hints;
    if (const QString h = bodyHint(body, secret, matches); !h.isEmpty())
        hints.append(h);
    if (const QString h = secretHint(secret, body, matches); !h.isEmpty())
        hints.append(h);
    return Verdict::reject(Reason::SignatureMismatch, message, hints.join(QStringLiteral("; ")));
}

QString Provider::bodyHint(const QByteArray &body, const QByteArray &secret,
                           const SignatureCheck &matches) const
{
    for (const BodyVariant &variant : bodyVariants(body)) {
        if (matches(variant.bytes, secret))
            return QStringLiteral("body looks re-serialised: %1 matches the signature, so the "
                                  "bytes changed after %2 signed them")
                .arg(variant.description, displayName());
    }
    const auto json = parseJsonContainer(body);
    if (!json)
        return {};
    const bool oneLine = !body.contains('\n');
    if (bodyStyle() == BodyStyle::Compact && fromStd(json->dump()) != body &&
        fromStd(json->dump(-1, ' ', true)) != body)
        return QStringLiteral("body looks re-serialised: it has whitespace between JSON tokens, "
                              "and %1 sends compact JSON")
            .arg(displayName());
    if (bodyStyle() == BodyStyle::Pretty && oneLine && !json->empty())
        return QStringLiteral("body looks re-serialised: %1 sends pretty-printed JSON, and this "
                              "body is on one line")
            .arg(displayName());
    return {};
}

QString Provider::secretHint(const QByteArray &secret, const QByteArray &body,
                             const SignatureCheck &matches) const
{
    const QByteArray trimmed = secret.trimmed();
    if (trimmed != secret) {
        if (!trimmed.isEmpty() && matches(body, trimmed))
            return QStringLiteral("the secret has leading or trailing whitespace; without it the "
                                  "signature matches");
        return QStringLiteral("the secret has leading or trailing whitespace (copied with a "
                              "newline?)");
    }
    const QStringList expected = expectedSecretPrefixes();
    for (const SecretKind &known : knownSecretKinds) {
        if (secret.startsWith(known.prefix) && !expected.contains(QLatin1String(known.prefix)))
            return QStringLiteral("the secret looks like %1, not %2")
                .arg(QString::fromUtf8(known.kind), secretDescription());
    }
    if (!expected.isEmpty()) {
        bool found = false;
        for (const QString &prefix : expected)
            found = found || secret.startsWith(prefix.toLatin1());
        if (!found)
            return QStringLiteral("%1 secrets start with %2 and this one does not: use %3")
                .arg(displayName(), expected.join(QStringLiteral(" or ")), secretDescription());
    }
    return {};
}

} // namespace Hookscope::Webhooks
