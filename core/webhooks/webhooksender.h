#pragma once

#include "http/message.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>
#include <optional>

class QTcpSocket;
class QTimer;

namespace Hookscope::Http {
class ResponseParser;
}

namespace Hookscope::Webhooks {

// Sends one request to an http:// URL over a new connection, exactly as given (the head is
// serialised field by field and the body follows byte for byte), and reads the response. Used to
// deliver sample webhooks. Single use: start() once, then wait for finished().
class WebhookSender : public QObject
{
    Q_OBJECT
public:
    struct Response
    {
        Http::ResponseHead head;
        QByteArray body;
    };

    // `head.target` is replaced by the URL's path and query; Host, Content-Length and
    // Connection: close are set.
    WebhookSender(QUrl url, Http::RequestHead head, QByteArray body, QObject *parent = nullptr);
    ~WebhookSender() override;

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void start();

    // After finished(): the response, or nothing and error() says why.
    const std::optional<Response> &response() const { return m_response; }
    const QString &error() const { return m_error; }
    // The request as sent (with the head this sender completed).
    const Http::RequestHead &requestHead() const { return m_head; }

    // Checks that `url` can be sent to: http with a host. An error names the problem.
    static QString checkUrl(const QUrl &url);

Q_SIGNALS:
    void finished();

private:
    void readResponse();
    void fail(const QString &message);
    void succeed(Response response);
    QString peer() const;

    QUrl m_url;
    Http::RequestHead m_head;
    QByteArray m_body;
    int m_timeoutMs = 30'000;
    QTcpSocket *m_socket = nullptr;
    QTimer *m_timer = nullptr;
    std::unique_ptr<Http::ResponseParser> m_parser;
    Response m_partial;
    std::optional<Response> m_response;
    QString m_error;
    bool m_done = false;
};

} // namespace Hookscope::Webhooks
