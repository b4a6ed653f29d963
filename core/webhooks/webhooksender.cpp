#include "webhooksender.h"

#include "http/responseparser.h"
#include "http/serializer.h"

#include <QTcpSocket>
#include <QTimer>

namespace Hookscope::Webhooks {

WebhookSender::WebhookSender(QUrl url, Http::RequestHead head, QByteArray body, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_head(std::move(head))
    , m_body(std::move(body))
    , m_parser(std::make_unique<Http::ResponseParser>())
{}

WebhookSender::~WebhookSender() = default;

QString WebhookSender::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("'%1' is not a URL: give one like http://127.0.0.1:8080/webhooks")
            .arg(url.toString());
    if (url.scheme() != u"http")
        return QStringLiteral("'%1': only http:// URLs can be sent to (point it at the local "
                              "address, e.g. the capture proxy)")
            .arg(url.toString());
    return {};
}

QString WebhookSender::peer() const
{
    return QStringLiteral("%1:%2").arg(m_url.host()).arg(m_url.port(80));
}

void WebhookSender::start()
{
    if (const QString problem = checkUrl(m_url); !problem.isEmpty())
        return fail(problem);
    QByteArray target = m_url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (m_url.hasQuery())
        target += '?' + m_url.query(QUrl::FullyEncoded).toLatin1();
    m_head.target = target;
    const int port = m_url.port(80);
    const QByteArray host = m_url.host(QUrl::FullyEncoded).toLatin1();
    m_head.headers.set("Host", port == 80 ? host : host + ':' + QByteArray::number(port));
    m_head.headers.set("Content-Length", QByteArray::number(m_body.size()));
    m_head.headers.set("Connection", "close");
    m_parser->setRequestMethod(m_head.method);

    m_socket = new QTcpSocket(this);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no response from %1 within %2 s")
                 .arg(peer())
                 .arg(m_timeoutMs / 1000.0));
    });
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_socket->write(Http::serializeRequestHead(m_head));
        m_socket->write(m_body);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &WebhookSender::readResponse);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_done)
            return;
        if (error == QAbstractSocket::RemoteHostClosedError) {
            readResponse();
            if (m_done)
                return;
            const auto &end = m_parser->finish();
            if (end.status == Http::ParseStatus::MessageComplete) {
                for (const auto &event : end.events) {
                    if (event.type == Http::ParseEvent::Body)
                        m_partial.body += event.data.toByteArray();
                }
                return succeed(std::move(m_partial));
            }
            return fail(
                QStringLiteral("%1 closed the connection without a complete response").arg(peer()));
        }
        if (error == QAbstractSocket::ConnectionRefusedError)
            return fail(QStringLiteral("cannot connect to %1: connection refused (is anything "
                                       "listening there?)")
                            .arg(peer()));
        fail(QStringLiteral("cannot send to %1: %2").arg(peer(), m_socket->errorString()));
    });
    m_timer->start(m_timeoutMs);
    m_socket->connectToHost(m_url.host(), quint16(port));
}

void WebhookSender::readResponse()
{
    QByteArray data = m_socket->readAll();
    QByteArrayView rest(data);
    while (!m_done && !rest.isEmpty()) {
        const auto &result = m_parser->feed(rest);
        for (const auto &event : result.events) {
            if (event.type == Http::ParseEvent::Head)
                m_partial.head = m_parser->head();
            else if (event.type == Http::ParseEvent::Body)
                m_partial.body += event.data.toByteArray();
        }
        if (result.status == Http::ParseStatus::Error)
            return fail(QStringLiteral("%1 answered with malformed HTTP: %2")
                            .arg(peer(), m_parser->error()));
        rest = rest.sliced(result.consumed);
        if (result.status == Http::ParseStatus::MessageComplete) {
            if (m_parser->isInterim()) {
                m_partial = {};
                continue;
            }
            return succeed(std::move(m_partial));
        }
    }
}

void WebhookSender::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_error = message;
    if (m_timer)
        m_timer->stop();
    if (m_socket)
        m_socket->abort();
    Q_EMIT finished();
}

void WebhookSender::succeed(Response response)
{
    if (m_done)
        return;
    m_done = true;
    m_response = std::move(response);
    m_timer->stop();
    m_socket->disconnectFromHost();
    Q_EMIT finished();
}

} // namespace Hookscope::Webhooks
