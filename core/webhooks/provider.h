#pragma once

#include "common/result.h"
#include "http/message.h"
#include "verdict.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

namespace Hookscope::Webhooks {

// How a provider serialises the JSON it signs; a body in another style was re-serialised on the
// way (and so no longer matches its signature).
enum class BodyStyle {
    Any,     // no fixed style (the sender decides)
    Compact, // no whitespace between tokens: {"a":1,"b":[2,3]}
    Pretty,  // indented by two spaces, one member per line
};

// One webhook provider's signing scheme: how it signs a delivery, how a receiver verifies one,
// which headers give a delivery of it away, and what its deliveries look like (for samples).
// Instances are immutable; verify() and sign() may be called from any thread.
class Provider
{
public:
    static constexpr int DefaultToleranceSeconds = 300;

    explicit Provider(int toleranceSeconds = DefaultToleranceSeconds)
        : m_toleranceSeconds(toleranceSeconds)
    {}
    virtual ~Provider() = default;
    Provider(const Provider &) = delete;
    Provider &operator=(const Provider &) = delete;

    virtual QString name() const = 0;        // "sentry": the registry key and CLI spelling
    virtual QString displayName() const = 0; // "Sentry"
    // Where the user finds the secret: "the integration's Client Secret".
    virtual QString secretDescription() const = 0;

    // Whether the request carries this provider's signature header (what the proxy checks before
    // reading a body).
    virtual bool hasSignature(const Http::RequestHead &head) const = 0;
    // Whether the request carries any header this provider sends with its deliveries.
    virtual bool looksLike(const Http::RequestHead &head) const = 0;

    // Verifies the exact body bytes as received. `now` is Unix time in seconds.
    virtual Verdict verify(const Http::RequestHead &head, const QByteArray &body,
                           const QByteArray &secret, qint64 now) const = 0;
    // The headers that sign this body at time `now` (signature, timestamp, message id); set them
    // on the head to get a delivery that verify() accepts.
    virtual Result<Http::Headers> sign(const Http::RequestHead &head, const QByteArray &body,
                                       const QByteArray &secret, qint64 now) const = 0;
    // sign() applied: the head with each signing header set (replacing any of the same name).
    Result<Http::RequestHead> signRequest(Http::RequestHead head, const QByteArray &body,
                                          const QByteArray &secret, qint64 now) const;

    // When a timestamped scheme (Stripe, Slack, Standard Webhooks) says the request was signed, in
    // Unix seconds; nothing for schemes without a timestamp or when it cannot be read. Replay uses
    // it to warn that a resent delivery is older than the tolerance.
    virtual std::optional<qint64> signedAt(const Http::RequestHead &head) const
    {
        Q_UNUSED(head);
        return std::nullopt;
    }

    // Whether `secret` can be a key of this scheme at all (not whether it is the right one).
    virtual Status checkSecret(const QByteArray &secret) const;

    virtual BodyStyle bodyStyle() const = 0;
    // The headers a real delivery of `event` carries besides the signing ones, with fresh ids.
    virtual Http::Headers sampleHeaders(const QString &event, qint64 now) const = 0;

    int toleranceSeconds() const { return m_toleranceSeconds; }

protected:
    // Does this body (or this secret) produce the signature that was received?
    using SignatureCheck = std::function<bool(const QByteArray &body, const QByteArray &secret)>;

    // The one value of a header. Absent: rejected with `whenMissing`; sent several times with
    // different values: rejected as malformed.
    struct Field
    {
        QByteArray value;
        std::optional<Verdict> problem;
    };
    static Field singleHeader(const Http::RequestHead &head, const QByteArray &name,
                              Reason whenMissing);

    // A header holding `prefix` and a hex HMAC-SHA256 (64 digits), decoded to its 32 bytes.
    struct Digest
    {
        QByteArray bytes;
        std::optional<Verdict> problem;
    };
    static Digest hexDigestHeader(const Http::RequestHead &head, const QByteArray &name,
                                  const QByteArray &prefix = {});

    struct Timestamp
    {
        qint64 seconds = 0;
        std::optional<Verdict> problem;
    };
    // A Unix-seconds timestamp header: missing → MissingTimestamp, not digits → MalformedHeader.
    static Timestamp timestampHeader(const Http::RequestHead &head, const QByteArray &name);

    // Valid when |now - timestamp| is within the tolerance; `what` names the value in messages.
    Verdict checkTolerance(qint64 timestamp, qint64 now, const QString &what,
                           const QString &note = {}) const;

    // A SignatureMismatch verdict with a hint: which variant of the body or secret would have
    // matched, or why the body or secret look wrong for this provider.
    Verdict mismatch(const QString &message, const QByteArray &body, const QByteArray &secret,
                     const SignatureCheck &matches) const;

    // Secret prefixes this provider's secrets start with ("whsec_"); none by default.
    virtual QStringList expectedSecretPrefixes() const { return {}; }
    static bool hasAnyHeader(const Http::RequestHead &head,
                             std::initializer_list<const char *> names);

private:
    QString bodyHint(const QByteArray &body, const QByteArray &secret,
                     const SignatureCheck &matches) const;
    QString secretHint(const QByteArray &secret, const QByteArray &body,
                       const SignatureCheck &matches) const;

    int m_toleranceSeconds = DefaultToleranceSeconds;
};

} // namespace Hookscope::Webhooks
