#pragma once

#include "proxy/captureproxy.h"
#include "store/exchange.h"
#include "testupstream.h"

#include <QList>
#include <QMutex>
#include <QTcpSocket>
#include <memory>

namespace Hookscope::Testing {

// A CaptureProxy on 127.0.0.1 (port 0) in front of a TestUpstream, collecting every exchange its
// sink receives. The upstream runs on the test's thread: wait with QTRY_* or ResponseReader so
// that it keeps working.
class ProxyFixture
{
public:
    ProxyFixture();
    ~ProxyFixture();

    TestUpstream upstream;

    // Starts the proxy with `options` (listen address, port, upstream and sink are filled in).
    bool start(Proxy::ProxyOptions options = {});
    Proxy::CaptureProxy &proxy() { return *m_proxy; }
    quint16 port() const { return m_proxy ? m_proxy->port() : 0; }

    // A client socket connecting to the proxy (writes are buffered until connected).
    std::unique_ptr<QTcpSocket> connectClient() const;

    QList<Store::Exchange> captured() const;
    int capturedCount() const;

private:
    std::unique_ptr<Proxy::CaptureProxy> m_proxy;
    mutable QMutex m_mutex;
    QList<Store::Exchange> m_captured;
};

} // namespace Hookscope::Testing
