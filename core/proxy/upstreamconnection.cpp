#include "upstreamconnection.h"

#include "upstreampool.h"

#include <QTcpSocket>

namespace Hookscope::Proxy {

namespace {
constexpr qint64 ReadChunk = 64 * 1024;

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}
} // namespace

UpstreamConnection::UpstreamConnection(const UpstreamTarget &target, UpstreamPool *pool)
    : QObject(pool)
    , m_target(target)
    , m_pool(pool)
    , m_socket(new QTcpSocket(this))
    , m_out(m_socket)
    , m_timer([this] { onTimeout(); }, this)
{
    connect(m_socket, &QTcpSocket::connected, this, &UpstreamConnection::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &UpstreamConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &UpstreamConnection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
}

UpstreamConnection::~UpstreamConnection() = default;

bool UpstreamConnection::isUsable() const
{
    // Anything arriving while idle (bytes, a close) has already dropped the connection.
    return m_state == State::Idle && m_socket->state() == QAbstractSocket::ConnectedState &&
           m_buffer.isEmpty() && !m_parser.hasFailed();
}

void UpstreamConnection::begin(Handler *handler, const QByteArray &method, int connectTimeoutMs,
                               int responseTimeoutMs)
{
    m_handler = handler;
    m_parser.setRequestMethod(method);
    m_responseTimeoutMs = responseTimeoutMs;
    m_requestDone = false;
    m_responseStarted = false;
    m_paused = false;
    m_writableWanted = false;
    if (m_state == State::Fresh) {
        m_reused = false;
        m_state = State::Connecting;
        m_timer.start(connectTimeoutMs);
        // Unbuffered: reads go straight to the kernel (no copy, no FIONREAD), and a socket that
        // is not read stops being polled, which is the backpressure.
        m_socket->connectToHost(m_target.host, m_target.port,
                                QIODevice::ReadWrite | QIODevice::Unbuffered);
    } else {
        m_reused = true;
        m_state = State::Active;
        m_timer.stop();
    }
}

void UpstreamConnection::write(QByteArrayView data)
{
    if (m_handler)
        m_out.write(data);
}

void UpstreamConnection::flush()
{
    if (m_state == State::Active)
        m_out.flush();
}

qint64 UpstreamConnection::bytesToWrite() const
{
    return m_socket ? m_out.pending() : 0;
}

void UpstreamConnection::requestComplete()
{
    m_requestDone = true;
    if (m_state == State::Active)
        m_timer.start(m_responseTimeoutMs);
}

void UpstreamConnection::setReadingPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused && m_handler) {
        // Resume from the event loop: the caller may be in the middle of a handler call.
        QMetaObject::invokeMethod(this, &UpstreamConnection::onReadyRead, Qt::QueuedConnection);
    }
}

void UpstreamConnection::finish(bool reusable)
{
    m_handler = nullptr;
    m_timer.stop();
    if (reusable && m_state == State::Active && m_buffer.isEmpty() && !m_parser.hasFailed() &&
        !m_parser.inMessage() && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_state = State::Idle;
        m_pool->release(this);
        return;
    }
    drop();
}

void UpstreamConnection::abandon()
{
    m_handler = nullptr;
    drop();
}

void UpstreamConnection::park(int idleTimeoutMs)
{
    m_timer.start(idleTimeoutMs);
}

void UpstreamConnection::drop()
{
    if (m_state == State::Gone)
        return;
    const bool wasIdle = m_state == State::Idle;
    m_state = State::Gone;
    m_timer.stop();
    if (wasIdle)
        m_pool->forget(this);
    if (m_socket)
        m_socket->abort();
    deleteLater();
}

void UpstreamConnection::fail(UpstreamFailure::Kind kind, const QString &detail)
{
    Handler *handler = std::exchange(m_handler, nullptr);
    const UpstreamFailure failure{kind, detail, !m_responseStarted, m_reused};
    drop();
    if (handler)
        handler->upstreamFailed(failure);
}

void UpstreamConnection::onConnected()
{
    if (m_state != State::Connecting)
        return;
    m_state = State::Active;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer.stop();
    if (m_requestDone)
        m_timer.start(m_responseTimeoutMs);
    m_out.flush();
}

void UpstreamConnection::onTimeout()
{
    switch (m_state) {
    case State::Connecting:
        fail(UpstreamFailure::ConnectTimeout,
             QStringLiteral("did not accept the connection within %1")
                 .arg(seconds(m_timer.timeoutMs())));
        break;
    case State::Active:
        fail(UpstreamFailure::ResponseTimeout,
             m_responseStarted
                 ? QStringLiteral("stopped sending its response for %1")
                       .arg(seconds(m_timer.timeoutMs()))
                 : QStringLiteral("did not answer within %1").arg(seconds(m_timer.timeoutMs())));
        break;
    case State::Idle:
        drop();
        break;
    case State::Fresh:
    case State::Gone:
        break;
    }
}

void UpstreamConnection::onBytesWritten()
{
    if (m_state != State::Active || !m_handler)
        return;
    if (m_requestDone)
        m_timer.touch();
    if (m_socket->bytesToWrite() <= LowWater)
        m_handler->upstreamWritable();
}

void UpstreamConnection::onSocketError()
{
    if (m_state == State::Gone)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    if (m_state == State::Idle) {
        drop();
        return;
    }
    if (!m_handler)
        return;
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // handled in onDisconnected, after the last bytes are read
    if (m_state == State::Connecting) {
        const bool refused = error == QAbstractSocket::ConnectionRefusedError;
        fail(UpstreamFailure::Refused,
             refused ? QStringLiteral("connection refused") : m_socket->errorString());
        return;
    }
    fail(UpstreamFailure::Network, m_socket->errorString());
}

void UpstreamConnection::onDisconnected()
{
    if (m_state == State::Gone)
        return;
    if (m_state == State::Idle || !m_handler) {
        drop();
        return;
    }
    if (m_state == State::Connecting) {
        fail(UpstreamFailure::Refused, QStringLiteral("connection closed while connecting"));
        return;
    }
    onReadyRead(); // reads what is left, then ends the stream
}

void UpstreamConnection::endOfStream()
{
    // A response without a length ends with the connection.
    const Http::FeedResult &r = m_parser.finish();
    if (r.status == Http::ParseStatus::MessageComplete) {
        Handler *handler = m_handler;
        handler->upstreamComplete(m_parser);
        if (m_handler == handler)
            m_handler = nullptr;
        drop();
        return;
    }
    fail(UpstreamFailure::Closed, m_responseStarted
                                      ? QStringLiteral("closed the connection in the middle of "
                                                       "its response")
                                      : QStringLiteral("closed the connection without answering"));
}

void UpstreamConnection::onReadyRead()
{
    if (m_state == State::Idle) {
        // An idle connection has nothing to say: whatever came (bytes, a close) ends it.
        drop();
        return;
    }
    if (m_state != State::Active || !m_handler)
        return;
    Handler *handler = m_handler;
    while (!m_paused && m_handler) {
        if (m_buffer.isEmpty()) {
            m_buffer.resize(ReadChunk);
            const qint64 n = m_socket->read(m_buffer.data(), ReadChunk);
            m_buffer.resize(qMax<qint64>(n, 0));
            if (n < 0) { // the upstream closed (an unbuffered socket says so only here)
                endOfStream();
                return;
            }
            if (n == 0)
                break;
        }
        m_timer.touch();
        m_responseStarted = true;
        if (!parseBuffered())
            return;
    }
    if (m_handler == handler)
        handler->upstreamReadDone();
}

bool UpstreamConnection::parseBuffered()
{
    Handler *handler = m_handler;
    const Http::FeedResult &r = m_parser.feed(m_buffer);
    const qsizetype consumed = r.consumed;
    const Http::ParseStatus status = r.status;
    bool complete = false;
    for (const Http::ParseEvent &e : r.events) {
        switch (e.type) {
        case Http::ParseEvent::Head:
            handler->upstreamHead(m_parser);
            break;
        case Http::ParseEvent::Body:
            handler->upstreamBody(e.data);
            break;
        case Http::ParseEvent::Trailers:
            break;
        case Http::ParseEvent::MessageComplete:
            complete = true;
            break;
        }
        if (m_handler != handler)
            return false; // the handler gave the exchange up
    }
    if (status == Http::ParseStatus::Error) {
        fail(UpstreamFailure::BadResponse, m_parser.error());
        return false;
    }
    m_buffer.remove(0, consumed);
    if (!complete)
        return true;
    if (m_parser.isUpgrade()) {
        m_handler = nullptr;
        m_state = State::Gone;
        m_timer.stop();
        QTcpSocket *socket = m_socket;
        socket->disconnect(this);
        socket->setParent(nullptr);
        m_socket = nullptr;
        m_out.setSocket(nullptr);
        const QByteArray rest = std::exchange(m_buffer, {});
        deleteLater();
        handler->upstreamSwitched(socket, rest);
        return false;
    }
    if (m_parser.isInterim())
        return true;
    m_timer.stop();
    handler->upstreamComplete(m_parser);
    return false;
}

} // namespace Hookscope::Proxy
