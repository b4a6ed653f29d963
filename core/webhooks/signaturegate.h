#pragma once

#include "provider.h"
#include "proxy/requestgate.h"

#include <QByteArray>
#include <QStringView>
#include <functional>
#include <memory>

namespace Hookscope::Webhooks {

// Webhook signature verification in the proxy: every request that may be a delivery is verified
// on its exact body bytes before it reaches the app.
//
// Which requests are verified: in Block mode every request except GET, HEAD, OPTIONS and TRACE
// (no provider delivers with them; they still are verified when they carry the provider's
// headers), so a forged delivery cannot slip through by leaving its signature out. In Observe
// mode only requests that carry the provider's headers get a verdict, and nothing is refused.
//
// The secret lives only in this object: decisions carry the provider name, the verdict and a
// reason for a person, never the secret, so what is recorded, logged or exported cannot leak it.
class SignatureGate : public Proxy::RequestGate
{
public:
    enum class Mode {
        Block,   // invalid requests are answered 403 and never reach the app
        Observe, // every request is forwarded; verdicts are only recorded
    };
    using Clock = std::function<qint64()>; // Unix seconds

    SignatureGate(std::unique_ptr<Provider> provider, QByteArray secret, Mode mode = Mode::Block,
                  Clock clock = {});

    // For a provider name as typed ("sentry"): an error names the known providers, or says what
    // is wrong with the secret.
    static Result<std::unique_ptr<SignatureGate>>
    create(QStringView providerName, const QByteArray &secret, Mode mode = Mode::Block,
           int toleranceSeconds = Provider::DefaultToleranceSeconds);

    const Provider &provider() const { return *m_provider; }
    Mode mode() const { return m_mode; }

    bool wantsBody(const Http::RequestHead &head) const override;
    // Refuses (in Block mode) a request that has no signature header at all, before its body is
    // read: with `Expect: 100-continue` the client never sends it.
    Proxy::GateDecision precheck(const Http::RequestHead &head) const override;
    Proxy::GateDecision decide(const Http::RequestHead &head,
                               const QByteArray &body) const override;

private:
    bool applies(const Http::RequestHead &head) const;
    Proxy::GateDecision decision(const Verdict &verdict) const;

    const std::unique_ptr<Provider> m_provider;
    const QByteArray m_secret;
    const Mode m_mode = Mode::Block;
    const Clock m_clock;
};

} // namespace Hookscope::Webhooks
