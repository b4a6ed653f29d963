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
    char buffer[16 * 1024];
    while (to->bytesToWrite() < HighWater) {
        const qint64 n = from->read(buffer, sizeof buffer);
        if (n < 0) { // closed, and everything it sent was read
            sideClosed(from, to);
            return;
        }
        if (n == 0)
            break;
        if (to->state() == QAbstractSocket::ConnectedState)
            to->write(buffer, n);
    }
}

void Tunnel::sideClosed(QTcpSocket *side, QTcpSocket *other)
{
    bool &closed = side == m_client ? m_clientClosed : m_upstreamClosed;
    if (m_done || closed)
        return;
    closed = true;
    if (other->state() == QAbstractSocket::ConnectedState)
        other->disconnectFromHost(); // after what is still unwritten
    if (m_done)
        return; // the other side closed at once and finished the tunnel
    const bool otherClosed = side == m_client ? m_upstreamClosed : m_clientClosed;
    if (!otherClosed && other->state() != QAbstractSocket::UnconnectedState)
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
