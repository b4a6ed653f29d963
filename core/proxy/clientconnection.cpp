#include "clientconnection.h"

#include "bodycapture.h"
#include "http/serializer.h"
#include "tunnel.h"
#include "upstreamconnection.h"

#include <QTcpSocket>
#include <limits>

namespace Hookscope::Proxy {

using Http::BodyFraming;

namespace {
constexpr qint64 ReadChunk = 64 * 1024;
constexpr qint64 SocketReadBuffer = 256 * 1024;
constexpr qint64 HighWater = UpstreamConnection::HighWater;
constexpr qint64 LowWater = UpstreamConnection::LowWater;

bool atLeastHttp11(const Http::Version &v)
{
    return v.major > 1 || (v.major == 1 && v.minor >= 1);
}

QHostAddress plainAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}
} // namespace

ClientConnection::ClientConnection(QTcpSocket *socket, const ProxyContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_socket(socket)
    , m_out(socket)
    , m_idle([this] { onIdleTimeout(); }, this)
{
    socket->setParent(this);
    // Qt buffers the reads of an accepted socket whatever its open mode (only connectToHost()
    // honours Unbuffered), and without a limit it would go on reading a client the upstream
    // cannot keep up with into memory. A full buffer is what stops polling the client.
    socket->setReadBufferSize(SocketReadBuffer);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QHostAddress peer = plainAddress(socket->peerAddress());
    m_clientIp = peer.toString().toLatin1();
    m_clientAddress = (peer.protocol() == QAbstractSocket::IPv6Protocol
                           ? QLatin1Char('[') + peer.toString() + QLatin1Char(']')
                           : peer.toString()) +
                      QLatin1Char(':') + QString::number(socket->peerPort());
    m_inbuf.reserve(ReadChunk);
    connect(socket, &QTcpSocket::readyRead, this, &ClientConnection::readClient);
    connect(socket, &QTcpSocket::bytesWritten, this, &ClientConnection::onClientBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &ClientConnection::onClientGone);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // A plain close is followed by disconnected(), after the last bytes were read.
        if (error != QAbstractSocket::RemoteHostClosedError)
            onClientGone();
    });
    m_idle.start(m_context.options.idleTimeoutMs);
}

ClientConnection::~ClientConnection() = default;

void ClientConnection::write(QByteArrayView data)
{
    m_out.write(data);
}

void ClientConnection::scheduleRead()
{
    if (m_readScheduled)
        return;
    m_readScheduled = true;
    QMetaObject::invokeMethod(this, &ClientConnection::readClient, Qt::QueuedConnection);
}

void ClientConnection::readClient()
{
    m_readScheduled = false;
    if (m_tunnel || m_closing || m_gone)
        return;
    m_retired.reset(); // readClient() only runs from the event loop, never inside a Forwarder call
    // A socket whose read buffer is full is polled again only once it is read: remember to come
    // back to one left unread while a response is awaited.
    m_readDeferred = m_phase == Phase::Done;
    while (!m_closing && !m_gone && m_phase != Phase::Done) {
        if (m_phase == Phase::Streaming && m_forwarder &&
            m_forwarder->pendingRequestBytes() > HighWater) {
            m_waitingForUpstream = true;
            break;
        }
        if (m_inbuf.isEmpty()) {
            m_inbuf.resize(ReadChunk);
            const qint64 n = m_socket->read(m_inbuf.data(), ReadChunk);
            m_inbuf.resize(qMax<qint64>(n, 0));
            if (n < 0) { // the client closed and everything it sent was read
                onClientGone();
                return;
            }
            if (n == 0)
                break;
            m_idle.touch();
        }
        if (!m_startedSet) {
            m_started = Moment::now();
            m_startedSet = true;
        }
        const Http::FeedResult &r = m_parser.feed(m_inbuf);
        const qsizetype consumed = r.consumed;
        const Http::ParseStatus status = r.status;
        for (const Http::ParseEvent &e : r.events) {
            switch (e.type) {
            case Http::ParseEvent::Head:
                onRequestHead();
                break;
            case Http::ParseEvent::Body:
                onRequestBody(e.data);
                break;
            case Http::ParseEvent::Trailers:
                break;
            case Http::ParseEvent::MessageComplete:
                onRequestComplete();
                break;
            }
            if (m_closing || m_gone)
                return;
        }
        m_inbuf.remove(0, consumed);
        if (status == Http::ParseStatus::Error) {
            onBadRequest();
            return;
        }
    }
    if (m_forwarder)
        m_forwarder->flush();
    m_out.flush();
}

void ClientConnection::onRequestHead()
{
    m_head = m_parser.head();
    m_keepAlive = m_parser.keepAlive();
    m_expectsContinue = m_parser.expectsContinue();
    m_sentContinue = false;
    m_decision = {};
    m_heldBody = {};
    m_closeAfterResponse = false;
    m_responseBody = ResponseBody::AsIs;

    if (m_head.method == "CONNECT") {
        answerLocally(
            501,
            QStringLiteral("501 Not Implemented: Hookscope is a reverse proxy in front of "
                           "%1 and does not open CONNECT tunnels.")
                .arg(m_context.upstreamUrl),
            QStringLiteral("CONNECT is not supported"), true);
        return;
    }
    if (const RequestGate *gate = m_context.options.gate.get()) {
        const GateDecision decision = gate->precheck(m_head);
        if (!decision.forward) {
            refuse(decision, 403);
            return;
        }
        m_decision = decision;
        if (gate->wantsBody(m_head)) {
            m_phase = Phase::Holding;
            if (m_expectsContinue) {
                write("HTTP/1.1 100 Continue\r\n\r\n");
                m_sentContinue = true;
            }
            return;
        }
    }
    startForwarding({m_parser.framing(), qMax<qint64>(m_parser.contentLength(), 0), true});
}

void ClientConnection::startForwarding(const OutgoingBody &body)
{
    m_phase = Phase::Streaming;
    Forwarder::Client &client = *this;
    m_forwarder = std::make_unique<Forwarder>(*m_context.pool, m_context.forward, client);
    m_forwarder->start({m_head, body, m_parser.isUpgrade(), m_clientAddress, m_context.upstreamUrl,
                        m_clientIp, m_started});
}

void ClientConnection::onRequestBody(QByteArrayView data)
{
    switch (m_phase) {
    case Phase::Streaming:
        if (m_forwarder)
            m_forwarder->writeBody(data);
        break;
    case Phase::Holding:
        if (m_heldBody.size + data.size() > m_context.options.gateBodyLimit) {
            appendCaptured(m_heldBody, data, m_context.options.maxBodySize);
            GateDecision tooLarge = m_decision;
            tooLarge.forward = false;
            tooLarge.reason =
                QStringLiteral("the body is larger than %1 bytes, too large to verify")
                    .arg(m_context.options.gateBodyLimit);
            refuse(tooLarge, 413);
            break;
        }
        appendCaptured(m_heldBody, data, std::numeric_limits<qint64>::max());
        break;
    case Phase::Refusing:
        appendCaptured(m_heldBody, data, m_context.options.maxBodySize);
        break;
    case Phase::Head:
    case Phase::Done:
        break;
    }
}

void ClientConnection::onRequestComplete()
{
    switch (m_phase) {
    case Phase::Streaming:
        m_phase = Phase::Done;
        if (m_forwarder)
            m_forwarder->endBody(m_parser.trailers());
        break;
    case Phase::Holding: {
        const GateDecision decision = m_context.options.gate->decide(m_head, m_heldBody.bytes);
        if (!decision.forward) {
            m_decision = decision;
            m_refusalStatus = 403;
            answerRefusal(false);
            break;
        }
        m_decision = decision;
        const QByteArray body = std::exchange(m_heldBody, {}).bytes;
        startForwarding(
            {body.isEmpty() ? BodyFraming::None : BodyFraming::ContentLength, body.size(), false});
        m_phase = Phase::Done;
        if (m_forwarder) {
            m_forwarder->writeBody(body);
            m_forwarder->endBody();
        }
        break;
    }
    case Phase::Refusing:
        answerRefusal(false);
        break;
    case Phase::Head:
    case Phase::Done:
        break;
    }
}

void ClientConnection::refuse(const GateDecision &decision, int status)
{
    m_decision = decision;
    m_refusalStatus = status;
    // A client waiting for 100 Continue will not send its body: answer at once and close.
    // Otherwise the body is read (and captured, never forwarded) and the answer follows it.
    if (m_expectsContinue && !m_sentContinue && m_parser.framing() != BodyFraming::None) {
        answerRefusal(true);
        return;
    }
    m_phase = Phase::Refusing;
}

void ClientConnection::answerRefusal(bool close)
{
    const QString reason = m_decision.reason.isEmpty()
                               ? QStringLiteral("refused by the request gate")
                               : m_decision.reason;
    const int status = m_refusalStatus;
    answerLocally(
        status,
        QStringLiteral("%1 %2: Hookscope blocked this request: %3")
            .arg(QString::number(status), QString::fromLatin1(Http::reasonPhrase(status)), reason),
        {}, close);
}

void ClientConnection::onBadRequest()
{
    const QString reason = m_parser.error();
    const QString text =
        QStringLiteral("400 Bad Request: Hookscope refused a malformed request: %1.").arg(reason);
    const QString error = QStringLiteral("malformed request: %1").arg(reason);
    if (m_forwarder) {
        // The body went bad after forwarding began: the upstream connection is dropped.
        const bool answered = m_forwarder->responseStarted();
        m_forwarder->abort(error);
        Store::Exchange e = m_forwarder->takeExchange();
        m_retired = std::move(m_forwarder);
        if (answered) {
            emitExchange(std::move(e));
            m_socket->abort();
            return;
        }
        const LocalResponse local = localResponse(400, text);
        e.response = local.head;
        e.responseBody = {local.body, local.body.size(), false};
        emitExchange(std::move(e));
        Http::ResponseHead head = local.head;
        head.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
        write(Http::serializeResponseHead(head));
        write(local.body);
        closeAfterWriting();
        return;
    }
    if (m_parser.hasHead())
        m_head = m_parser.head();
    answerLocally(400, text, error, true, m_parser.hasHead());
}

void ClientConnection::answerLocally(int status, const QString &text, const QString &error,
                                     bool close, bool record)
{
    const LocalResponse local = localResponse(status, text);
    close = close || !m_keepAlive;
    Http::ResponseHead head = local.head;
    if (close)
        head.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    else if (!atLeastHttp11(m_head.version))
        head.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    write(Http::serializeResponseHead(head));
    if (m_head.method != "HEAD")
        write(local.body);
    m_out.flush();
    if (record) {
        Store::Exchange e;
        e.startedUs = m_started.epochUs;
        e.durationUs = m_started.microsecondsSince();
        e.clientAddress = m_clientAddress;
        e.upstream = m_context.upstreamUrl;
        e.request = m_head;
        e.requestBody = std::exchange(m_heldBody, {});
        e.response = local.head;
        e.responseBody = {local.body, local.body.size(), false};
        e.error = error;
        e.blocked = !m_decision.forward;
        emitExchange(std::move(e));
    }
    requestFinished(close);
}

void ClientConnection::requestFinished(bool close)
{
    m_startedSet = false;
    m_phase = Phase::Head;
    m_head = {};
    m_decision = {};
    m_heldBody = {};
    if (close) {
        closeAfterWriting();
        return;
    }
    m_idle.touch();
    if (!m_inbuf.isEmpty() || m_readDeferred)
        scheduleRead();
}

void ClientConnection::emitExchange(Store::Exchange &&exchange)
{
    exchange.verdict = m_decision.verdict;
    exchange.verdictProvider = m_decision.provider;
    exchange.verdictReason = m_decision.reason;
    if (m_context.options.sink)
        m_context.options.sink(std::move(exchange));
}

void ClientConnection::finishExchange()
{
    if (!m_forwarder)
        return;
    Store::Exchange e = m_forwarder->takeExchange();
    m_retired = std::move(m_forwarder);
    emitExchange(std::move(e));
}

void ClientConnection::recordUnanswered(const QString &error)
{
    if (m_phase != Phase::Holding && m_phase != Phase::Refusing)
        return;
    Store::Exchange e;
    e.startedUs = m_started.epochUs;
    e.durationUs = m_started.microsecondsSince();
    e.clientAddress = m_clientAddress;
    e.upstream = m_context.upstreamUrl;
    e.request = m_head;
    e.requestBody = std::exchange(m_heldBody, {});
    e.error = error;
    e.blocked = !m_decision.forward;
    m_phase = Phase::Head;
    emitExchange(std::move(e));
}

void ClientConnection::closeAfterWriting()
{
    m_closing = true;
    m_out.flush();
    m_socket->disconnectFromHost(); // once what is queued has been written
}

// Forwarder::Client

void ClientConnection::interimResponse(const Http::ResponseHead &head)
{
    if (!atLeastHttp11(m_head.version))
        return;
    if (head.status == 100) {
        if (!m_expectsContinue || m_sentContinue)
            return;
        m_sentContinue = true;
        write("HTTP/1.1 100 Continue\r\n\r\n");
        m_out.flush();
        return;
    }
    Http::appendResponseHead(m_out.gathered(), clientResponseHead(head, false));
    m_out.flush();
}

void ClientConnection::responseHead(const Http::ResponseHead &head, BodyFraming framing)
{
    const bool upgrade = head.status == 101;
    Http::ResponseHead out = clientResponseHead(head, upgrade);
    const bool bodyless = m_head.method == "HEAD" || head.status / 100 == 1 || head.status == 204 ||
                          head.status == 304;
    // The rest of an unread request body would be taken for the next request: close after.
    bool close = !m_keepAlive || m_phase != Phase::Done;
    m_responseBody = ResponseBody::AsIs;
    if (!bodyless && !upgrade &&
        (framing == BodyFraming::Chunked || framing == BodyFraming::UntilClose)) {
        if (atLeastHttp11(m_head.version)) {
            m_responseBody = ResponseBody::Chunked;
            out.headers.add(QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
        } else {
            m_responseBody = ResponseBody::UntilClose;
            close = true;
        }
    }
    m_closeAfterResponse = close && !upgrade;
    if (m_closeAfterResponse)
        out.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    else if (!upgrade && !atLeastHttp11(m_head.version))
        out.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    Http::appendResponseHead(m_out.gathered(), out);
}

void ClientConnection::responseBody(QByteArrayView data)
{
    if (m_head.method == "HEAD")
        return;
    if (m_responseBody == ResponseBody::Chunked) {
        write(QByteArray(QByteArray::number(data.size(), 16) + "\r\n"));
        write(data);
        write("\r\n");
    } else {
        write(data);
    }
    if (!m_responsePaused && m_out.pending() > HighWater && m_forwarder) {
        m_responsePaused = true;
        m_forwarder->setResponsePaused(true);
    }
}

void ClientConnection::responseEnd(const Http::Headers &trailers)
{
    if (m_responseBody == ResponseBody::Chunked)
        write(Http::lastChunk(trailers));
    m_out.flush();
    m_responsePaused = false;
    finishExchange();
    requestFinished(m_closeAfterResponse);
}

void ClientConnection::responseAborted()
{
    finishExchange();
    m_phase = Phase::Head;
    m_socket->abort();
}

void ClientConnection::switchedProtocols(QTcpSocket *upstream, const QByteArray &rest)
{
    finishExchange();
    m_out.flush();
    m_idle.stop();
    m_socket->disconnect(this);
    m_tunnel = new Tunnel(
        m_socket, upstream, [this] { deleteLater(); }, this);
    m_tunnel->sendToClient(rest);
    m_tunnel->sendToUpstream(std::exchange(m_inbuf, {}));
}

void ClientConnection::flushResponse()
{
    m_out.flush();
}

void ClientConnection::requestWritable()
{
    if (m_waitingForUpstream) {
        m_waitingForUpstream = false;
        scheduleRead();
    }
}

void ClientConnection::onClientBytesWritten()
{
    m_idle.touch();
    if (m_responsePaused && m_out.pending() <= LowWater) {
        m_responsePaused = false;
        if (m_forwarder)
            m_forwarder->setResponsePaused(false);
    }
}

void ClientConnection::abandonExchange(const QString &error)
{
    if (m_forwarder) {
        m_forwarder->abort(error);
        finishExchange();
    } else {
        recordUnanswered(error);
    }
}

void ClientConnection::onClientGone()
{
    if (m_gone || m_tunnel)
        return;
    m_gone = true;
    m_idle.stop();
    abandonExchange(m_phase == Phase::Done
                        ? QStringLiteral("the client closed the connection before the response "
                                         "was complete")
                        : QStringLiteral("the client closed the connection before the request "
                                         "was complete"));
    deleteLater();
}

void ClientConnection::onIdleTimeout()
{
    if (m_gone)
        return;
    const int timeout = m_context.options.idleTimeoutMs;
    if (m_forwarder && m_phase == Phase::Done && !m_responsePaused && !m_closing) {
        // Waiting on the upstream, which has its own timeout.
        m_idle.start(timeout);
        return;
    }
    if (m_phase != Phase::Head || m_parser.inMessage() || m_forwarder) {
        abandonExchange(m_responsePaused
                            ? QStringLiteral("the client stopped reading the response for %1")
                                  .arg(seconds(timeout))
                            : QStringLiteral("the client sent nothing for %1 in the middle of "
                                             "its request")
                                  .arg(seconds(timeout)));
    }
    m_socket->abort();
}

void ClientConnection::shutdown()
{
    if (m_tunnel) {
        m_tunnel->close();
        return;
    }
    if (m_gone)
        return;
    abandonExchange(QStringLiteral("Hookscope stopped before the exchange was complete"));
    m_socket->abort();
}

} // namespace Hookscope::Proxy
