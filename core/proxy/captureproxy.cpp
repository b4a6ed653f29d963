#include "captureproxy.h"

#include "proxyserver.h"

namespace Hookscope::Proxy {

CaptureProxy::CaptureProxy(const ProxyOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_thread.setObjectName(QStringLiteral("hookscope-proxy"));
    qRegisterMetaType<Store::Exchange>();
}

CaptureProxy::~CaptureProxy()
{
    stop();
}

QString CaptureProxy::listenAuthority() const
{
    const QHostAddress &a = m_options.listenAddress;
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + a.toString() + QLatin1Char(']')
                             : a.toString();
    return host + QLatin1Char(':') + QString::number(port() ? port() : m_options.listenPort);
}

Status CaptureProxy::start()
{
    if (m_server)
        return {};
    m_thread.start();
    auto *server = new ProxyServer(m_options);
    server->moveToThread(&m_thread);
    Status status;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        server,
        [&] {
            status = server->listen();
            port = server->port();
        },
        Qt::BlockingQueuedConnection);
    if (!status.ok()) {
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        return status;
    }
    m_server = server;
    m_port = port;
    return {};
}

void CaptureProxy::stop()
{
    if (!m_server)
        return;
    ProxyServer *server = std::exchange(m_server, nullptr);
    QMetaObject::invokeMethod(
        server,
        [server] {
            server->shutdown();
            delete server;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

} // namespace Hookscope::Proxy
