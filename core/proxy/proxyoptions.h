#pragma once

#include "requestgate.h"
#include "store/exchange.h"
#include "upstreamtarget.h"

#include <QHostAddress>
#include <functional>
#include <memory>

namespace Hookscope::Proxy {

// What every exchange sent upstream shares, whether it comes from a client or from a replay.
struct ForwardSettings
{
    UpstreamTarget upstream;
    int connectTimeoutMs = 5'000;   // connection not accepted in time → 504
    int responseTimeoutMs = 30'000; // upstream silent this long while an answer is due → 504
    qint64 maxBodySize = 10 * 1024 * 1024; // how much of each body is captured (all is forwarded)
};

struct ProxyOptions
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 8080; // 0 picks a free port (CaptureProxy::port() tells which)
    UpstreamTarget upstream;
    qint64 maxBodySize = 10 * 1024 * 1024;
    int connectTimeoutMs = 5'000;
    int responseTimeoutMs = 30'000;
    int idleTimeoutMs = 60'000; // a client silent this long (between or inside requests) is closed
    // Requests a gate holds for decide() may carry at most this much body; larger ones get 413.
    qint64 gateBodyLimit = 10 * 1024 * 1024;
    std::shared_ptr<const RequestGate> gate;
    // Called on the proxy thread as each exchange ends; must not block (ExchangeWriter::submit).
    std::function<void(Store::Exchange)> sink;

    ForwardSettings forwardSettings() const
    {
        return {upstream, connectTimeoutMs, responseTimeoutMs, maxBodySize};
    }
};

} // namespace Hookscope::Proxy
