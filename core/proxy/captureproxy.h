#pragma once

#include "common/result.h"
#include "http/message.h"
#include "proxyoptions.h"
#include "store/exchange.h"

#include <QObject>
#include <QThread>
#include <atomic>

namespace Hookscope::Proxy {

class ProxyServer;

// The capture proxy: listens for clients, forwards every request to the upstream and hands each
// finished exchange to ProxyOptions::sink. All network work happens on a thread of its own; the
// calls below may come from any one other thread (they wait for the proxy thread where needed).
//
// HTTP/1.0 and 1.1 with keep-alive on both sides (a small pool of upstream connections),
// pipelined requests answered in order, bodies streamed both ways with backpressure (a side is
// not read while the other has more than ~1 MiB unwritten, so any size passes in bounded memory),
// chunked bodies and trailers, Expect: 100-continue, Upgrade/WebSocket tunnelled after the
// upstream's 101. Hop-by-hop fields are stripped; X-Forwarded-For/-Proto/-Host added. Malformed or
// ambiguously framed requests get 400 and are never forwarded; an unreachable upstream gives 502,
// a silent one 504, each with a short text body and recorded with Exchange::error. The gate, when
// set, sees each head before its body (and the body too, when it wants it); refused requests get
// 403, are recorded as blocked and never forwarded.
class CaptureProxy : public QObject
{
    Q_OBJECT
public:
    explicit CaptureProxy(const ProxyOptions &options, QObject *parent = nullptr);
    ~CaptureProxy() override; // stop()s

    // Starts the thread and binds. The error names the address and a way out, e.g.
    // "cannot listen on 127.0.0.1:8080: address in use (try --listen 127.0.0.1:8081)".
    Status start();
    // Drops all connections (exchanges in flight are recorded as failed) and ends the thread.
    void stop();
    bool isRunning() const { return m_server != nullptr; }

    // The bound port (useful with listenPort 0); 0 when not running.
    quint16 port() const { return m_port.load(); }
    QString listenAuthority() const; // "127.0.0.1:8080"
    const ProxyOptions &options() const { return m_options; }

private:
    ProxyOptions m_options;
    QThread m_thread;
    ProxyServer *m_server = nullptr;
    std::atomic<quint16> m_port{0};
};

} // namespace Hookscope::Proxy
