#pragma once

#include "http/message.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>

class QTcpServer;
class QTcpSocket;

namespace Hookscope::Store {
class ExchangeWriter;
}

namespace Hookscope::Testing {

// One request as the upstream received it.
struct RecordedRequest
{
    int connection = 0; // index of the accepted connection it came on, from 0
    QByteArray raw;     // the message's bytes exactly as on the wire (capped like body)
    Http::RequestHead head;
    QByteArray body; // de-chunked; only the first maxRecordedBytes() bytes
    Http::Headers trailers;
    qint64 bodySize = 0;   // the full de-chunked size
    QByteArray bodySha256; // of the full de-chunked body
};

// What the upstream answers to one request.
struct UpstreamReply
{
    int status = 200;
    Http::Headers headers; // sent as given, Content-Length added unless framed otherwise
    QByteArray body;
    bool chunked = false;        // send the body chunked (in pieces of at most 1000 bytes)
    Http::Headers trailers;      // with chunked
    bool closeDelimited = false; // no length: the body ends when the upstream closes
    bool closeAfter = false;     // close the connection after answering
    int delayMs = 0;             // wait this long before answering
    bool dropConnection = false; // close without answering
    bool silent = false;         // never answer (the connection stays open)
    // With status 101: after the response the connection echoes every byte it receives.
};

// A reply with a JSON body (Content-Type: application/json).
UpstreamReply jsonReply(const QByteArray &body, int status = 200);

// A real HTTP/1.1 server on 127.0.0.1 (port 0) for tests: it records every request it receives
// byte-exact and answers each with a configurable reply, in order, one request at a time per
// connection. `Expect: 100-continue` is answered with 100 Continue unless turned off.
class TestUpstream : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<UpstreamReply(const RecordedRequest &)>;

    explicit TestUpstream(QObject *parent = nullptr);
    ~TestUpstream() override;

    bool listen(); // on 127.0.0.1, a free port
    quint16 port() const;
    QString url() const; // "http://127.0.0.1:PORT"
    void close();        // stops listening and drops every connection

    void setReply(const UpstreamReply &reply); // the same reply for every request
    void setHandler(Handler handler);          // or a reply computed per request
    void setSendContinue(bool send) { m_sendContinue = send; }
    void setMaxRecordedBytes(qint64 bytes) { m_maxRecorded = bytes; }
    qint64 maxRecordedBytes() const { return m_maxRecorded; }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    int connectionCount() const { return m_connectionCount; }
    int openConnections() const { return m_open; }

Q_SIGNALS:
    void requestReceived();
    void connectionClosed();

private:
    struct Connection;
    void accept();
    void readFrom(Connection *c);
    void answer(Connection *c);
    void send(Connection *c, const UpstreamReply &reply);

    QTcpServer *m_server = nullptr;
    Handler m_handler;
    bool m_sendContinue = true;
    qint64 m_maxRecorded = 64 * 1024 * 1024;
    QList<RecordedRequest> m_requests;
    int m_connectionCount = 0;
    int m_open = 0;
    std::map<QTcpSocket *, std::unique_ptr<Connection>> m_connections;
};

// A handler answering `reply` that, when the request for `target` arrives, removes exchange `id`
// through `writer` and waits for it: an original deleted (by retention, or the user's Clear)
// while the one before it is in flight.
TestUpstream::Handler removingWhenSent(Store::ExchangeWriter *writer, const QByteArray &target,
                                       qint64 id,
                                       const UpstreamReply &reply = jsonReply(R"({"ok":true})"));
// A writer on `db` for removingWhenSent(): it does nothing in idle time (no search indexing)
// while the replays are recorded. Null (with a warning) when the file cannot be opened.
std::unique_ptr<Store::ExchangeWriter> openRemovingWriter(const QString &db);

} // namespace Hookscope::Testing
