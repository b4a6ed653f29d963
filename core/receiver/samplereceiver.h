#pragma once

#include "common/result.h"
#include "http/message.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <functional>

namespace Hookscope::Receiver {

// The built-in sample app, like the Node.js sample of ngrok's webhook guide: for every request it
// logs a separator, the headers and the body, and answers 200 {"message":"Thank you for the
// message"}. Keep-alive, pipelining and Expect: 100-continue work as a real server's would.
class SampleReceiver : public QObject
{
    Q_OBJECT
public:
    using LogSink = std::function<void(const QString &text)>;

    explicit SampleReceiver(LogSink log, QObject *parent = nullptr);
    ~SampleReceiver() override;

    // "cannot listen on 127.0.0.1:3000: address in use (try --port 3001)" when it fails.
    Status listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    qint64 requestsServed() const { return m_served; }

    // The log text for one request: separator, headers as JSON, body (pretty JSON when it is JSON).
    static QString describe(const Http::RequestHead &head, const QByteArray &body);

Q_SIGNALS:
    void requestServed();

private:
    void accept();

    QTcpServer m_server;
    LogSink m_log;
    qint64 m_served = 0;
};

} // namespace Hookscope::Receiver
