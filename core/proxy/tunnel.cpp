#include "tunnel.h"

#include "upstreamconnection.h"

#include <QTcpSocket>

namespace Hookscope::Proxy {

namespace {
constexpr qint64 HighWater = UpstreamConnection::HighWater;
constexpr qint64 LowWater = UpstreamConnection::LowWater;
} // namespace

Tunnel::Tunnel(QTcpSocket *client, QTcpSocket *upstream, std::function<void()> finished,
               QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_upstream(upstream)
    , m_finished(std::move(finished))
{
    m_client->setParent(this);
    m_upstream->setParent(this);
    wire(m_client, m_upstream);
    wire(m_upstream, m_client);
    // Bytes may already wait in either socket's buffer.
    QMetaObject::invokeMethod(
        this,
        [this] {
            pump(m_client, m_upstream);
            pump(m_upstream, m_client);
        },
        Qt::QueuedConnection);
}

Tunnel::~Tunnel() = default;

void Tunnel::wire(QTcpSocket *from, QTcpSocket *to)
{
    connect(from, &QTcpSocket::readyRead, this, [this, from, to] { pump(from, to); });
    connect(to, &QTcpSocket::bytesWritten, this, [this, from, to] {
        if (to->bytesToWrite() <= LowWater)
            pump(from, to);
    });
    connect(from, &QTcpSocket::disconnected, this, [this, from, to] { sideClosed(from, to); });
}

void Tunnel::sendToClient(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_client->write(bytes);
}

void Tunnel::sendToUpstream(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        m_upstream->write(bytes);
}

void Tunnel::pump(QTcpSocket *from, QTcpSocket *to)
{
    if (m_done)
        return;
    while (from->bytesAvailable() > 0 && to->bytesToWrite() < HighWater) {
        const QByteArray bytes = from->read(64 * 1024);
        if (bytes.isEmpty())
            break;
        if (to->state() == QAbstractSocket::ConnectedState)
            to->write(bytes);
    }
}

void Tunnel::sideClosed(QTcpSocket *side, QTcpSocket *other)
{
    if (m_done)
        return;
    --m_open;
    if (other->state() == QAbstractSocket::ConnectedState) {
        other->write(side->readAll());
        other->disconnectFromHost(); // after what is still unwritten
    }
    if (m_done)
        return; // the other side closed at once and finished the tunnel
    if (m_open > 0 && other->state() != QAbstractSocket::UnconnectedState)
        return;
    m_done = true;
    if (m_finished)
        m_finished();
}

void Tunnel::close()
{
    if (m_done)
        return;
    m_done = true;
    m_client->abort();
    m_upstream->abort();
}

} // namespace Hookscope::Proxy
