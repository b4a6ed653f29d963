#include "verdict.h"

namespace Hookscope::Webhooks {

QString reasonCode(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return QStringLiteral("valid");
    case Reason::MissingSignature:
        return QStringLiteral("missing-signature");
    case Reason::MalformedHeader:
        return QStringLiteral("malformed-header");
    case Reason::SignatureMismatch:
        return QStringLiteral("signature-mismatch");
    case Reason::TimestampOutsideTolerance:
        return QStringLiteral("timestamp-outside-tolerance");
    case Reason::MissingTimestamp:
        return QStringLiteral("missing-timestamp");
    case Reason::UnusableSecret:
        return QStringLiteral("unusable-secret");
    }
    return {};
}

QString reasonText(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return QStringLiteral("valid");
    case Reason::MissingSignature:
        return QStringLiteral("missing signature header");
    case Reason::MalformedHeader:
        return QStringLiteral("malformed header");
    case Reason::SignatureMismatch:
        return QStringLiteral("signature mismatch");
    case Reason::TimestampOutsideTolerance:
        return QStringLiteral("timestamp outside tolerance");
    case Reason::MissingTimestamp:
        return QStringLiteral("missing timestamp");
    case Reason::UnusableSecret:
        return QStringLiteral("unusable secret");
    }
    return {};
}

QString Verdict::summary() const
{
    QString out = reasonText(reason);
    if (!message.isEmpty())
        out += QStringLiteral(": ") + message;
    if (!hint.isEmpty())
        out += QStringLiteral(" (") + hint + u')';
    return out;
}

Verdict Verdict::accept(QString message)
{
    return {Reason::None, std::move(message), {}};
}

Verdict Verdict::reject(Reason reason, QString message, QString hint)
{
    return {reason, std::move(message), std::move(hint)};
}

} // namespace Hookscope::Webhooks
