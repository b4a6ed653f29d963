#include "signaturegate.h"

#include "registry.h"

#include <QDateTime>

namespace Hookscope::Webhooks {

namespace {
bool isSafeMethod(const QByteArray &method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
}
} // namespace

SignatureGate::SignatureGate(std::unique_ptr<Provider> provider, QByteArray secret, Mode mode,
                             Clock clock)
    : m_provider(std::move(provider))
    , m_secret(std::move(secret))
    , m_mode(mode)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentSecsSinceEpoch(); }))
{}

Result<std::unique_ptr<SignatureGate>> SignatureGate::create(QStringView providerName,
                                                             const QByteArray &secret, Mode mode,
                                                             int toleranceSeconds)
{
    auto provider = makeProvider(providerName, toleranceSeconds);
    if (!provider)
        return Error{QStringLiteral("unknown webhook provider '%1': use one of %2")
                         .arg(providerName, providerNames().join(QStringLiteral(", ")))};
    if (const Status usable = provider->checkSecret(secret); !usable)
        return Error{usable.error()};
    return std::make_unique<SignatureGate>(std::move(provider), secret, mode);
}

bool SignatureGate::applies(const Http::RequestHead &head) const
{
    if (m_provider->looksLike(head))
        return true;
    return m_mode == Mode::Block && !isSafeMethod(head.method);
}

bool SignatureGate::wantsBody(const Http::RequestHead &head) const
{
    return applies(head);
}

Proxy::GateDecision SignatureGate::precheck(const Http::RequestHead &head) const
{
    if (!applies(head) || m_provider->hasSignature(head))
        return {};
    // Without a signature header the body cannot matter; decide() would say the same.
    return decision(m_provider->verify(head, {}, m_secret, m_clock()));
}

Proxy::GateDecision SignatureGate::decide(const Http::RequestHead &head,
                                          const QByteArray &body) const
{
    if (!applies(head))
        return {};
    return decision(m_provider->verify(head, body, m_secret, m_clock()));
}

Proxy::GateDecision SignatureGate::decision(const Verdict &verdict) const
{
    Proxy::GateDecision out;
    out.provider = m_provider->name();
    if (verdict.valid()) {
        out.verdict = Store::Verdict::Valid;
        return out;
    }
    out.verdict = Store::Verdict::Invalid;
    out.forward = m_mode == Mode::Observe;
    out.reason = verdict.summary();
    return out;
}

} // namespace Hookscope::Webhooks
