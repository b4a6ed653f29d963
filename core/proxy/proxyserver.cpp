#include "proxyserver.h"

#include "upstreampool.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <unistd.h>

namespace Hookscope::Proxy {

namespace {
// Hands accepted connections over as sockets (see ClientConnection for their read buffer).
class Listener : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> incoming;

protected:
    void incomingConnection(qintptr descriptor) override { incoming(descriptor); }
};

QString authority(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}
} // namespace

ProxyServer::ProxyServer(const ProxyOptions &options, QObject *parent)
    : QObject(parent)
    , m_server(new Listener(this))
    , m_pool(new UpstreamPool(this))
{
    static_cast<Listener *>(m_server)->incoming = [this](qintptr descriptor) {
        accept(descriptor);
    };
    m_context.options = options;
    m_context.forward = options.forwardSettings();
    m_context.upstreamUrl = m_context.forward.upstream.url();
    m_context.pool = m_pool;
}

ProxyServer::~ProxyServer() = default;

Status ProxyServer::listen()
{
    const QHostAddress address = m_context.options.listenAddress;
    const quint16 port = m_context.options.listenPort;
    if (m_server->listen(address, port))
        return {};
    const QString where = authority(address, port);
    switch (m_server->serverError()) {
    case QAbstractSocket::AddressInUseError:
        return Error{QStringLiteral("cannot listen on %1: address in use (try --listen %2)")
                         .arg(where, authority(address, port == 65535 ? 8080 : port + 1))};
    case QAbstractSocket::SocketAccessError:
        return Error{QStringLiteral("cannot listen on %1: permission denied (ports below 1024 "
                                    "need privileges; try --listen %2)")
                         .arg(where, authority(address, 8080))};
    case QAbstractSocket::SocketAddressNotAvailableError:
        return Error{QStringLiteral("cannot listen on %1: no such local address (try --listen "
                                    "127.0.0.1:%2)")
                         .arg(where, QString::number(port))};
    default:
        return Error{QStringLiteral("cannot listen on %1: %2 (try another --listen address)")
                         .arg(where, m_server->errorString())};
    }
}

quint16 ProxyServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void ProxyServer::accept(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor, QAbstractSocket::ConnectedState)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    new ClientConnection(socket, m_context, this);
}

void ProxyServer::shutdown()
{
    if (!m_server)
        return;
    m_server->close();
    const auto connections = findChildren<ClientConnection *>(Qt::FindDirectChildrenOnly);
    for (ClientConnection *c : connections)
        c->shutdown();
    qDeleteAll(findChildren<ClientConnection *>(Qt::FindDirectChildrenOnly));
    delete std::exchange(m_pool, nullptr);
    delete std::exchange(m_server, nullptr);
}

} // namespace Hookscope::Proxy
