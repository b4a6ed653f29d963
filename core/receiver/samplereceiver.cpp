#include "samplereceiver.h"

#include "http/requestparser.h"
#include "http/serializer.h"

#include <QTcpSocket>
#include <nlohmann/json.hpp>

namespace Hookscope::Receiver {

namespace {

const QByteArray answerBody = R"({"message":"Thank you for the message"})";

QByteArray answer(bool keepAlive)
{
    Http::ResponseHead head;
    head.headers = {{"Content-Type", "application/json; charset=utf-8"},
                    {"Content-Length", QByteArray::number(answerBody.size())}};
    if (!keepAlive)
        head.headers.add("Connection", "close");
    return Http::serializeResponseHead(head) + answerBody;
}

QByteArray badRequest(const QString &why)
{
    const QByteArray body = "Bad request: " + why.toUtf8() + '\n';
    Http::ResponseHead head;
    head.status = 400;
    head.reason = Http::reasonPhrase(400);
    head.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                    {"Content-Length", QByteArray::number(body.size())},
                    {"Connection", "close"}};
    return Http::serializeResponseHead(head) + body;
}

// One client connection: parses requests in order and answers each when it is complete.
class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, SampleReceiver *receiver,
               std::function<void(const Http::RequestHead &, const QByteArray &)> served)
        : QObject(receiver)
        , m_socket(socket)
        , m_served(std::move(served))
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::read);
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void read()
    {
        m_buffer += m_socket->readAll();
        while (!m_buffer.isEmpty() && m_socket->state() == QAbstractSocket::ConnectedState) {
            const Http::FeedResult &result = m_parser.feed(m_buffer);
            for (const Http::ParseEvent &event : result.events) {
                if (event.type == Http::ParseEvent::Head && m_parser.expectsContinue())
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                else if (event.type == Http::ParseEvent::Body)
                    m_body += event.data.toByteArray();
            }
            if (result.status == Http::ParseStatus::Error) {
                m_socket->write(badRequest(m_parser.error()));
                m_socket->disconnectFromHost();
                return;
            }
            m_buffer.remove(0, result.consumed);
            if (result.status == Http::ParseStatus::NeedMore)
                return;
            const bool keepAlive = m_parser.keepAlive();
            m_served(m_parser.head(), m_body);
            m_body.clear();
            m_socket->write(answer(keepAlive));
            if (!keepAlive) {
                m_socket->disconnectFromHost();
                return;
            }
        }
    }

    QTcpSocket *m_socket;
    std::function<void(const Http::RequestHead &, const QByteArray &)> m_served;
    Http::RequestParser m_parser;
    QByteArray m_buffer;
    QByteArray m_body;
};

} // namespace

SampleReceiver::SampleReceiver(LogSink log, QObject *parent)
    : QObject(parent)
    , m_log(std::move(log))
{
    connect(&m_server, &QTcpServer::newConnection, this, &SampleReceiver::accept);
}

SampleReceiver::~SampleReceiver() = default;

Status SampleReceiver::listen(const QHostAddress &address, quint16 port)
{
    if (m_server.listen(address, port))
        return {};
    const QString where = address.toString() + u':' + QString::number(port);
    if (m_server.serverError() == QAbstractSocket::AddressInUseError)
        return Error{QStringLiteral("cannot listen on %1: address in use (try --port %2)")
                         .arg(where)
                         .arg(port + 1)};
    return Error{QStringLiteral("cannot listen on %1: %2").arg(where, m_server.errorString())};
}

quint16 SampleReceiver::port() const
{
    return m_server.serverPort();
}

void SampleReceiver::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        new Connection(socket, this, [this](const Http::RequestHead &head, const QByteArray &body) {
            ++m_served;
            if (m_log)
                m_log(describe(head, body));
            Q_EMIT requestServed();
        });
    }
}

QString SampleReceiver::describe(const Http::RequestHead &head, const QByteArray &body)
{
    // Headers as the Node.js sample prints them: an object of lower-cased names.
    nlohmann::ordered_json headers = nlohmann::ordered_json::object();
    for (const Http::HeaderField &f : head.headers) {
        const std::string name = f.name.toLower().toStdString();
        const std::string value = QString::fromUtf8(f.value).toStdString();
        if (headers.contains(name))
            headers[name] = headers[name].get<std::string>() + ", " + value;
        else
            headers[name] = value;
    }
    QString text = QStringLiteral("-------------- New Request --------------\n");
    text += QString::fromLatin1(head.method + ' ' + head.target) + u'\n';
    text += QStringLiteral("Headers:") +
            QString::fromStdString(
                headers.dump(3, ' ', false, nlohmann::json::error_handler_t::replace)) +
            u'\n';
    const auto json = nlohmann::json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (body.isEmpty())
        text += QStringLiteral("Body:{}\n");
    else if (!json.is_discarded())
        text += QStringLiteral("Body:") + QString::fromStdString(json.dump(3)) + u'\n';
    else
        text += QStringLiteral("Body:") + QString::fromUtf8(body) + u'\n';
    return text;
}

} // namespace Hookscope::Receiver
