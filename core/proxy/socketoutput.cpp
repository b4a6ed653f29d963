#include "socketoutput.h"

#include <QTcpSocket>
#include <sys/socket.h>

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
        send(data);
        return;
    }
    m_gathered.append(data);
    if (connected && m_gathered.size() >= FlushAt)
        flush();
}

void SocketOutput::flush()
{
    if (m_gathered.isEmpty() || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    send(m_gathered);
    m_gathered.resize(0); // keeps the capacity for the next message
}

void SocketOutput::send(QByteArrayView data)
{
    // Qt queues every write to an accepted socket (it buffers those whatever the open mode) and
    // sends it on the next write notification: turning that notifier on and off costs more than
    // the send itself. With nothing queued, the kernel takes the bytes now.
    if (m_socket->bytesToWrite() == 0) {
        const ssize_t sent = ::send(int(m_socket->socketDescriptor()), data.data(),
                                    size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        // After an error the socket's own write below meets it again and reports it.
        if (sent > 0)
            data = data.sliced(sent);
        if (data.isEmpty())
            return;
    }
    m_socket->write(data.data(), data.size());
}

qint64 SocketOutput::pending() const
{
    return m_gathered.size() + (m_socket ? m_socket->bytesToWrite() : 0);
}

} // namespace Hookscope::Proxy
