#pragma once

#include "clientconnection.h"
#include "common/result.h"
#include "proxyoptions.h"

#include <QObject>

class QTcpServer;

namespace Hookscope::Proxy {

class UpstreamPool;

// The proxy's listening side, living on the proxy thread: accepts clients and gives each a
// ClientConnection; owns the upstream pool they share. CaptureProxy drives it from outside.
class ProxyServer : public QObject
{
    Q_OBJECT
public:
    explicit ProxyServer(const ProxyOptions &options, QObject *parent = nullptr);
    ~ProxyServer() override;

    Status listen();
    quint16 port() const;
    // Stops accepting, drops every connection (recording exchanges in flight as failed).
    void shutdown();

private:
    void accept(qintptr descriptor);

    ProxyContext m_context;
    QTcpServer *m_server = nullptr;
    UpstreamPool *m_pool = nullptr;
};

} // namespace Hookscope::Proxy
