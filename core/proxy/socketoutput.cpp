#include "socketoutput.h"

#include <QTcpSocket>

namespace Hookscope::Proxy {

namespace {
constexpr qsizetype DirectWrite = 16 * 1024; // pieces this large skip the gathering copy
constexpr qsizetype FlushAt = 64 * 1024;     // gathering beyond this goes out without waiting
} // namespace

void SocketOutput::write(QByteArrayView data)
{
    if (data.isEmpty() || !m_socket)
        return;
    const bool connected = m_socket->state() == QAbstractSocket::ConnectedState;
    if (connected && m_gathered.isEmpty() && data.size() >= DirectWrite) {
        m_socket->write(data.data(), data.size());
        return;
    }
    m_gathered.append(data);
    if (connected && m_gathered.size() >= FlushAt)
        flush();
}

void SocketOutput::flush()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (!m_gathered.isEmpty()) {
        m_socket->write(m_gathered.constData(), m_gathered.size());
        m_gathered.resize(0); // keeps the capacity for the next message
    }
    // A buffered socket (an accepted one) would otherwise wait for the next write notification.
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

qint64 SocketOutput::pending() const
{
    return m_gathered.size() + (m_socket ? m_socket->bytesToWrite() : 0);
}

} // namespace Hookscope::Proxy
