#pragma once

#include <QObject>
#include <functional>

class QTcpSocket;

namespace Hookscope::Proxy {

// Copies bytes both ways between two connected sockets after a protocol switch (WebSocket),
// reading a side only while the other has less than ~1 MiB unwritten (the client's read buffer is
// bounded, the upstream's socket unbuffered). When one side closes, the other gets what is left
// and is closed too; then `finished` runs. Takes ownership of both.
class Tunnel : public QObject
{
public:
    Tunnel(QTcpSocket *client, QTcpSocket *upstream, std::function<void()> finished,
           QObject *parent = nullptr);
    ~Tunnel() override;

    // Sends bytes that arrived with the handshake to one side.
    void sendToClient(const QByteArray &bytes);
    void sendToUpstream(const QByteArray &bytes);
    void close(); // drops both sides at once

private:
    void pump(QTcpSocket *from, QTcpSocket *to);
    void sideClosed(QTcpSocket *side, QTcpSocket *other);
    void wire(QTcpSocket *from, QTcpSocket *to);

    QTcpSocket *m_client = nullptr;
    QTcpSocket *m_upstream = nullptr;
    std::function<void()> m_finished;
    bool m_clientClosed = false;
    bool m_upstreamClosed = false;
    bool m_done = false;
};

} // namespace Hookscope::Proxy
