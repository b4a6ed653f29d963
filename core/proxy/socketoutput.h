#pragma once

#include <QByteArray>
#include <QByteArrayView>

class QTcpSocket;

namespace Hookscope::Proxy {

// What the proxy writes to one socket. Small writes are gathered so that a message (head, body,
// chunk framing) leaves in one system call at flush(); a large piece with nothing gathered in
// front of it goes out at once. While the socket has nothing queued, bytes go straight to the
// kernel; what the kernel does not take is queued in the socket (which says so in bytesToWrite(),
// drives backpressure and emits bytesWritten() as it drains).
class SocketOutput
{
public:
    explicit SocketOutput(QTcpSocket *socket)
        : m_socket(socket)
    {}

    void write(QByteArrayView data);
    // What is gathered for the next flush(), to append to in place (a head serialised straight
    // into it saves a copy).
    QByteArray &gathered() { return m_gathered; }
    // Sends what is gathered; does nothing while the socket is not connected yet.
    void flush();
    // Gathered plus queued in the socket but not yet sent.
    qint64 pending() const;
    void setSocket(QTcpSocket *socket) { m_socket = socket; }

private:
    void send(QByteArrayView data);

    QTcpSocket *m_socket = nullptr;
    QByteArray m_gathered;
};

} // namespace Hookscope::Proxy
