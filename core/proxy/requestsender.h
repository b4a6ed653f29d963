#pragma once

#include "http/message.h"
#include "proxyoptions.h"
#include "store/exchange.h"

#include <QObject>
#include <functional>
#include <memory>
#include <vector>

namespace Hookscope::Proxy {

class UpstreamPool;

// Sends a stored request to the upstream again, through the same Forwarder the capture proxy
// uses: the same header rewriting (hop-by-hop fields stripped, X-Forwarded-* added), framing by
// Content-Length, timeouts, and the same 502/504 answers when the upstream is down or silent. The
// result is a new Store::Exchange; the original is never touched. Replay and edit-and-resend build
// on it (set replayOf on the result). A captured body that was truncated is sent truncated: the
// caller decides whether that is acceptable (check CapturedBody::truncated first).
//
// Lives on the thread it was created on (which needs an event loop). Uses the given pool (the
// capture proxy's, on its thread) or one of its own.
class RequestSender : public QObject
{
    Q_OBJECT
public:
    explicit RequestSender(const ForwardSettings &settings, UpstreamPool *pool = nullptr,
                           QObject *parent = nullptr);
    ~RequestSender() override;

    // Sends `head` with the whole `body`; `done` gets the captured exchange (also emitted as
    // finished()). Several sends may be in flight. `clientAddress` ("ip:port") is recorded and its
    // address added to X-Forwarded-For, as for a client of the proxy.
    void send(const Http::RequestHead &head, const QByteArray &body,
              const QString &clientAddress = {},
              std::function<void(const Store::Exchange &)> done = {});

    int inFlight() const { return int(m_jobs.size()); }

Q_SIGNALS:
    void finished(const Hookscope::Store::Exchange &exchange);

private:
    struct Job;
    void jobDone(Job *job);

    ForwardSettings m_settings;
    UpstreamPool *m_pool = nullptr;
    std::vector<std::unique_ptr<Job>> m_jobs;
};

} // namespace Hookscope::Proxy
