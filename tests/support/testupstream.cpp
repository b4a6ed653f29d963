#include "testupstream.h"

#include "http/requestparser.h"
#include "http/serializer.h"
#include "store/exchangewriter.h"

#include <QCryptographicHash>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Hookscope::Testing {

using namespace Hookscope::Http;

UpstreamReply jsonReply(const QByteArray &body, int status)
{
    UpstreamReply reply;
    reply.status = status;
    reply.headers = {{"Content-Type", "application/json"}};
    reply.body = body;
    return reply;
}

TestUpstream::Handler removingWhenSent(Store::ExchangeWriter *writer, const QByteArray &target,
                                       qint64 id, const UpstreamReply &reply)
{
    return [writer, target, id, reply](const RecordedRequest &r) {
        if (r.head.target == target) {
            writer->remove({id});
            writer->flush();
        }
        return reply;
    };
}

std::unique_ptr<Store::ExchangeWriter> openRemovingWriter(const QString &db)
{
    Store::WriterOptions quiet;
    quiet.indexChunk = 0;
    auto writer = Store::ExchangeWriter::open(db, quiet);
    if (!writer)
        qWarning("%s", qPrintable(writer.error()));
    return writer ? std::move(writer).value() : nullptr;
}

struct TestUpstream::Connection
{
    QTcpSocket *socket = nullptr;
    int index = 0;
    RequestParser parser;
    QByteArray pending;
    RecordedRequest current;
    QCryptographicHash hash{QCryptographicHash::Sha256};
    bool busy = false;   // a complete request waits for its answer
    bool tunnel = false; // after a 101: echo everything
};

TestUpstream::TestUpstream(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &TestUpstream::accept);
}

TestUpstream::~TestUpstream()
{
    close();
}

bool TestUpstream::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 TestUpstream::port() const
{
    return m_server->serverPort();
}

QString TestUpstream::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void TestUpstream::close()
{
    m_server->close();
    while (!m_connections.empty()) {
        QTcpSocket *socket = m_connections.begin()->first;
        m_connections.erase(m_connections.begin());
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
        --m_open;
    }
}

void TestUpstream::setReply(const UpstreamReply &reply)
{
    m_handler = [reply](const RecordedRequest &) { return reply; };
}

void TestUpstream::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void TestUpstream::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->socket = socket;
        c->index = m_connectionCount++;
        ++m_open;
        m_connections[socket] = std::move(connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { readFrom(c); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (m_connections.erase(socket) == 0)
                return;
            --m_open;
            socket->deleteLater();
            Q_EMIT connectionClosed();
        });
    }
}

void TestUpstream::readFrom(Connection *c)
{
    if (c->tunnel) {
        c->socket->write(c->socket->readAll());
        return;
    }
    c->pending += c->socket->readAll();
    while (!c->busy && !c->tunnel && !c->pending.isEmpty()) {
        const FeedResult &r = c->parser.feed(c->pending);
        RecordedRequest &rec = c->current;
        if (rec.raw.size() < m_maxRecorded + 65536)
            rec.raw += c->pending.left(r.consumed);
        for (const ParseEvent &e : r.events) {
            switch (e.type) {
            case ParseEvent::Head:
                rec.head = c->parser.head();
                rec.connection = c->index;
                if (c->parser.expectsContinue() && m_sendContinue)
                    c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                break;
            case ParseEvent::Body:
                c->hash.addData(e.data);
                if (rec.body.size() < m_maxRecorded)
                    rec.body += e.data.first(qMin(e.data.size(), m_maxRecorded - rec.body.size()));
                break;
            case ParseEvent::Trailers:
                rec.trailers = c->parser.trailers();
                break;
            case ParseEvent::MessageComplete:
                rec.bodySize = c->parser.bodySize();
                rec.bodySha256 = c->hash.result();
                c->hash.reset();
                c->busy = true;
                break;
            }
        }
        const bool failed = r.status == ParseStatus::Error;
        c->pending.remove(0, r.consumed);
        if (failed) {
            c->socket->write(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            c->socket->disconnectFromHost();
            return;
        }
        if (c->busy) {
            m_requests.append(std::exchange(c->current, {}));
            Q_EMIT requestReceived();
            answer(c);
        } else {
            break;
        }
    }
}

void TestUpstream::answer(Connection *c)
{
    const UpstreamReply reply = m_handler ? m_handler(m_requests.last()) : UpstreamReply{};
    if (reply.delayMs > 0)
        QTimer::singleShot(reply.delayMs, c->socket, [this, c, reply] { send(c, reply); });
    else
        send(c, reply);
}

void TestUpstream::send(Connection *c, const UpstreamReply &reply)
{
    if (reply.silent)
        return;
    if (reply.dropConnection) {
        c->socket->disconnectFromHost();
        return;
    }
    ResponseHead head;
    head.status = reply.status;
    head.reason = reasonPhrase(reply.status);
    head.headers = reply.headers;
    const bool bodyless = reply.status / 100 == 1 || reply.status == 204 || reply.status == 304;
    if (reply.chunked && !head.headers.contains("Transfer-Encoding"))
        head.headers.add("Transfer-Encoding", "chunked");
    else if (!reply.chunked && !reply.closeDelimited && !bodyless &&
             !head.headers.contains("Content-Length"))
        head.headers.add("Content-Length", QByteArray::number(reply.body.size()));
    if (reply.closeAfter && !head.headers.contains("Connection"))
        head.headers.add("Connection", "close");
    QByteArray out = serializeResponseHead(head);
    if (reply.chunked) {
        for (qsizetype at = 0; at < reply.body.size(); at += 1000)
            out += encodeChunk(reply.body.mid(at, 1000));
        out += lastChunk(reply.trailers);
    } else {
        out += reply.body;
    }
    c->socket->write(out);
    if (reply.status == 101) {
        c->tunnel = true;
        c->socket->write(std::exchange(c->pending, {}));
        return;
    }
    if (reply.closeAfter || reply.closeDelimited) {
        c->socket->disconnectFromHost();
        return;
    }
    c->busy = false;
    if (!c->pending.isEmpty())
        readFrom(c);
}

} // namespace Hookscope::Testing
