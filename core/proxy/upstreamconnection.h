#pragma once

#include "activitytimer.h"
#include "http/responseparser.h"
#include "socketoutput.h"
#include "upstreamtarget.h"

#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

namespace Hookscope::Proxy {

class UpstreamPool;

// Why an exchange with the upstream failed.
struct UpstreamFailure
{
    enum Kind {
        Refused,         // could not connect (refused, unreachable, unknown host)
        ConnectTimeout,  // the connection was not accepted in time
        ResponseTimeout, // the upstream went silent while a response was due
        Closed,          // the upstream closed before its response was complete
        BadResponse,     // the upstream's bytes are not a valid HTTP response
        Network,         // any other socket error
    };
    Kind kind = Closed;
    QString detail;             // for a person: "connection refused", the parser's reason…
    bool beforeResponse = true; // not one byte of a response had arrived
    bool reused = false;        // the connection had carried an exchange before
};

// One keep-alive TCP connection to the upstream, carrying one exchange at a time: it writes what
// it is given, parses the response (ResponseParser) and reports to its current Handler. Between
// exchanges it waits in the UpstreamPool. Lives on the proxy thread.
class UpstreamConnection : public QObject
{
public:
    // Receives the events of the exchange in progress. No call follows upstreamComplete(),
    // upstreamSwitched() or upstreamFailed().
    class Handler
    {
    public:
        // A response head: interim (1xx) ones first, then the final one. `parser` tells framing.
        virtual void upstreamHead(const Http::ResponseParser &parser) = 0;
        virtual void upstreamBody(QByteArrayView data) = 0;
        // The final response ended; the handler calls finish() (or abandon()).
        virtual void upstreamComplete(const Http::ResponseParser &parser) = 0;
        // After a 101 head: the socket now belongs to the handler, `rest` is what followed the
        // head. The connection object is gone.
        virtual void upstreamSwitched(QTcpSocket *socket, const QByteArray &rest) = 0;
        // The exchange failed; the connection is already closed.
        virtual void upstreamFailed(const UpstreamFailure &failure) = 0;
        // Unwritten bytes dropped to LowWater: the handler may write more.
        virtual void upstreamWritable() = 0;
        // A batch of reads is over: what the events above produced can go out now.
        virtual void upstreamReadDone() = 0;

    protected:
        ~Handler() = default;
    };

    static constexpr qint64 HighWater = 1024 * 1024; // stop feeding the socket above this
    static constexpr qint64 LowWater = 256 * 1024;

    UpstreamConnection(const UpstreamTarget &target, UpstreamPool *pool);
    ~UpstreamConnection() override;

    const UpstreamTarget &target() const { return m_target; }
    bool isReused() const { return m_reused; }
    // Whether it can start another exchange (connected, nothing unexpected arrived).
    bool isUsable() const;

    // Starts an exchange, connecting first when needed; writes are buffered while connecting.
    void begin(Handler *handler, const QByteArray &method, int connectTimeoutMs,
               int responseTimeoutMs);
    // Gathered until flush() (see SocketOutput); kept while connecting.
    void write(QByteArrayView data);
    void flush();
    qint64 bytesToWrite() const;
    // The whole request is written: from now on the upstream must answer within the timeout.
    void requestComplete();
    void setReadingPaused(bool paused);
    // Ends the exchange: back to the pool when `reusable` and the connection is clean, else closed.
    void finish(bool reusable);
    // Ends the exchange by dropping the connection.
    void abandon();

    // Idle in the pool: closes after `idleTimeoutMs` without use.
    void park(int idleTimeoutMs);

private:
    enum class State { Fresh, Connecting, Active, Idle, Gone };

    void onConnected();
    void onReadyRead();
    void onBytesWritten();
    void onSocketError();
    void onDisconnected();
    void onTimeout();
    void endOfStream();
    // Parses m_buffer; returns false once the exchange is over (or handed on).
    bool parseBuffered();
    void fail(UpstreamFailure::Kind kind, const QString &detail);
    void drop();

    UpstreamTarget m_target;
    UpstreamPool *m_pool = nullptr;
    QTcpSocket *m_socket = nullptr;
    SocketOutput m_out;
    Http::ResponseParser m_parser;
    ActivityTimer m_timer;
    QByteArray m_buffer;
    Handler *m_handler = nullptr;
    State m_state = State::Fresh;
    int m_responseTimeoutMs = 0;
    bool m_reused = false;
    bool m_paused = false;
    bool m_requestDone = false;
    bool m_responseStarted = false;
    bool m_writableWanted = false;
};

} // namespace Hookscope::Proxy
