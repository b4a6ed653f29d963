#pragma once

#include "apibackend.h"
#include "apihandler.h"
#include "common/result.h"

#include <QHostAddress>
#include <QObject>
#include <map>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace Hookscope::Api {

// The inspection API's HTTP/1.1 server: keep-alive and pipelining, requests parsed by our
// Http::RequestParser, each answered by ApiHandler in order. Lives on one thread (see
// InspectionApi); listens on loopback addresses only.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(ApiBackend backend, QObject *parent = nullptr);
    ~ApiServer() override;

    // Opens the database and binds. Non-loopback addresses are refused: the API has no
    // authentication. The error names the address and a way out.
    Status listen(const QHostAddress &address, quint16 port);
    quint16 port() const;

    static constexpr qint64 maxBodySize = 1024 * 1024; // larger API requests get 413
    static constexpr int idleTimeoutMs = 60'000;

private:
    struct Connection;
    void accept();
    void readFrom(Connection *c);
    void respond(Connection *c, const QByteArray &bytes, bool close);
    void refuseTooLarge(Connection *c);
    void drop(QTcpSocket *socket);

    ApiHandler m_handler;
    QTcpServer *m_server = nullptr;
    std::map<QTcpSocket *, std::unique_ptr<Connection>> m_connections;
};

} // namespace Hookscope::Api
