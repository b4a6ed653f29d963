#pragma once

#include "http/message.h"
#include "store/exchange.h"

#include <QByteArray>
#include <QString>

namespace Hookscope::Proxy {

// What a gate decided about one request.
struct GateDecision
{
    bool forward = true;                             // false: answer 403 and never reach the app
    Store::Verdict verdict = Store::Verdict::None;   // recorded with the exchange
    QString provider;                                // "sentry"
    QString reason;                                  // for a person, also the 403 body when refused
};

// Looks at requests before they are forwarded (webhook signature verification is one). The proxy
// calls it from its own thread; implementations must be immutable after construction.
class RequestGate
{
public:
    virtual ~RequestGate() = default;

    // Whether this gate wants to see the whole body of this request before it is forwarded. When
    // true, the proxy holds the body (up to a limit) instead of streaming it, then calls decide().
    virtual bool wantsBody(const Http::RequestHead &head) const = 0;

    // Called on the head alone, before any body byte is read (so a request with
    // `Expect: 100-continue` can be refused without reading its body). Return forward = true to go
    // on to decide().
    virtual GateDecision precheck(const Http::RequestHead &head) const = 0;

    // The verdict on the head and the exact body bytes as received (after de-chunking).
    virtual GateDecision decide(const Http::RequestHead &head, const QByteArray &body) const = 0;
};

} // namespace Hookscope::Proxy
