#include "apiserver.h"

#include "http/requestparser.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Hookscope::Api {

struct ApiServer::Connection
{
    QTcpSocket *socket = nullptr;
    Http::RequestParser parser;
    QByteArray pending; // received, not yet parsed
    QByteArray body;
    QTimer idle;
    bool closing = false;
};

ApiServer::ApiServer(ApiBackend backend, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(backend))
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &ApiServer::accept);
}

ApiServer::~ApiServer()
{
    for (auto &[socket, connection] : m_connections) {
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

Status ApiServer::listen(const QHostAddress &address, quint16 port)
{
    const QString where =
        QStringLiteral("%1:%2").arg(address.protocol() == QAbstractSocket::IPv6Protocol
                                        ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                                        : address.toString(),
                                    QString::number(port));
    if (!address.isLoopback())
        return Error{QStringLiteral("the inspection API listens on loopback addresses only, not "
                                    "%1 (it has no authentication)")
                         .arg(where)};
    if (const Status opened = m_handler.open(); !opened)
        return opened;
    if (!m_server->listen(address, port))
        return Error{QStringLiteral("cannot listen on %1 for the inspection API: %2 (try "
                                    "--web-addr 127.0.0.1:%3, or --web-addr off)")
                         .arg(where, m_server->errorString())
                         .arg(port == 65535 ? 4041 : port + 1)};
    return {};
}

quint16 ApiServer::port() const
{
    return m_server->serverPort();
}

void ApiServer::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->socket = socket;
        c->idle.setSingleShot(true);
        c->idle.setInterval(idleTimeoutMs);
        connect(&c->idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { readFrom(c); });
        // Queued: the connection may close while readFrom() still uses it.
        connect(
            socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); },
            Qt::QueuedConnection);
        m_connections.emplace(socket, std::move(connection));
        c->idle.start();
        readFrom(c);
    }
}

void ApiServer::drop(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->second->idle.stop();
    m_connections.erase(it);
    socket->deleteLater();
}

void ApiServer::respond(Connection *c, const QByteArray &bytes, bool close)
{
    c->socket->write(bytes);
    if (close) {
        c->closing = true;
        c->socket->disconnectFromHost(); // after what is queued has been written
    }
}

void ApiServer::refuseTooLarge(Connection *c)
{
    const ApiResponse response = ApiResponse::error(
        413, TooLarge,
        QStringLiteral("API requests carry at most %1 bytes of body").arg(maxBodySize));
    respond(c, response.serialize(true), true);
}

void ApiServer::readFrom(Connection *c)
{
    if (c->closing)
        return;
    c->idle.start();
    c->pending += c->socket->readAll();
    while (!c->closing && !c->pending.isEmpty()) {
        const Http::FeedResult &result = c->parser.feed(c->pending);
        bool complete = false;
        for (const Http::ParseEvent &event : result.events) {
            if (event.type == Http::ParseEvent::Head) {
                if (c->parser.contentLength() > maxBodySize)
                    return refuseTooLarge(c);
                if (c->parser.expectsContinue())
                    c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            } else if (event.type == Http::ParseEvent::Body) {
                c->body += event.data.toByteArray();
                if (c->body.size() > maxBodySize)
                    return refuseTooLarge(c);
            } else if (event.type == Http::ParseEvent::MessageComplete) {
                complete = true;
            }
        }
        if (result.status == Http::ParseStatus::Error) {
            respond(c,
                    ApiResponse::error(
                        400, BadRequest,
                        QStringLiteral("malformed HTTP request: %1").arg(c->parser.error()))
                        .serialize(true),
                    true);
            return;
        }
        c->pending.remove(0, result.consumed);
        if (!complete)
            return;
        const bool close = !c->parser.keepAlive();
        const ApiResponse response = m_handler.handle(c->parser.head(), std::exchange(c->body, {}));
        respond(c, response.serialize(close), close);
    }
}

} // namespace Hookscope::Api
