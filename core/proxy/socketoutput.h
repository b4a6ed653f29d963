#pragma once

#include <QByteArray>
#include <QByteArrayView>

class QTcpSocket;

namespace Hookscope::Proxy {

// What the proxy writes to one socket. Small writes are gathered so that a message (head, body,
// chunk framing) leaves in one system call at flush(); a large piece with nothing gathered in
// front of it goes to the socket at once. The socket keeps what the kernel did not take (and says
// so in bytesToWrite(), which drives backpressure).
class SocketOutput
{
public:
    explicit SocketOutput(QTcpSocket *socket)
        : m_socket(socket)
    {}

    void write(QByteArrayView data);
    // Hands what is gathered to the socket; does nothing while the socket is not connected yet.
    void flush();
    // Gathered plus handed over but not yet sent.
    qint64 pending() const;
    void setSocket(QTcpSocket *socket) { m_socket = socket; }

private:
    QTcpSocket *m_socket = nullptr;
    QByteArray m_gathered;
};

} // namespace Hookscope::Proxy
