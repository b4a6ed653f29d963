#pragma once

#include <QString>

namespace Hookscope::Webhooks {

// Why a delivery failed verification. None means it passed.
enum class Reason {
    None,
    MissingSignature,          // the provider's signature header is absent
    MalformedHeader,           // a signature or timestamp header that cannot be parsed
    SignatureMismatch,         // well-formed, but no signature matches the body and secret
    TimestampOutsideTolerance, // signed (or sent) too long ago, or in the future
    MissingTimestamp,          // the scheme needs a timestamp and none was sent
    UnusableSecret,            // the configured secret cannot be a key of this scheme
};

// A stable machine-readable code: "missing-signature", "signature-mismatch", …
QString reasonCode(Reason reason);
// The same for a person: "missing signature header", "signature mismatch", …
QString reasonText(Reason reason);

// The outcome of verifying one delivery. Messages and hints name headers, lengths and times, and
// never contain the secret, so a verdict may be stored, logged and exported.
struct Verdict
{
    Reason reason = Reason::None;
    QString message; // exactly what was found: "Sentry-Hook-Signature is not 64 hex digits"
    QString hint;    // for a mismatch: the likely cause ("body looks re-serialised: …"), or empty

    bool valid() const { return reason == Reason::None; }
    // One line: "signature mismatch: <message> (<hint>)", or "valid".
    QString summary() const;

    static Verdict accept(QString message = {});
    static Verdict reject(Reason reason, QString message, QString hint = {});
};

} // namespace Hookscope::Webhooks
