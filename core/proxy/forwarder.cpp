#include "forwarder.h"

#include "bodycapture.h"
#include "http/serializer.h"
#include "upstreampool.h"

namespace Hookscope::Proxy {

using Http::BodyFraming;

Forwarder::Forwarder(UpstreamPool &pool, const ForwardSettings &settings, Client &client)
    : m_pool(pool)
    , m_settings(settings)
    , m_client(client)
{}

Forwarder::~Forwarder()
{
    if (m_connection)
        m_connection->abandon();
}

void Forwarder::start(const Request &request)
{
    m_started = request.started;
    m_exchange.startedUs = request.started.epochUs;
    m_exchange.clientAddress = request.clientAddress;
    m_exchange.upstream =
        request.upstreamUrl.isEmpty() ? m_settings.upstream.url() : request.upstreamUrl;
    m_exchange.request = request.head;
    m_framing = request.body.framing;
    if (m_framing == BodyFraming::ContentLength)
        m_exchange.requestBody.bytes.reserve(
            qMin(request.body.contentLength, m_settings.maxBodySize));
    m_headBytes = Http::serializeRequestHead(upstreamRequestHead(
        request.head, m_settings.upstream, request.clientIp, request.body, request.upgrade));
    connectAndSend();
}

void Forwarder::connectAndSend()
{
    m_connection = m_pool.acquire(m_settings.upstream);
    m_connection->begin(this, m_exchange.request.method, m_settings.connectTimeoutMs,
                        m_settings.responseTimeoutMs);
    m_connection->write(m_headBytes);
    // A retry resends what the client already gave (all of it was captured, or no retry).
    if (!m_exchange.requestBody.bytes.isEmpty())
        writeFramed(m_exchange.requestBody.bytes);
    if (m_requestEnded) {
        if (m_framing == BodyFraming::Chunked)
            m_connection->write(Http::lastChunk(m_trailers));
        m_connection->requestComplete();
    }
}

void Forwarder::writeFramed(QByteArrayView data)
{
    if (m_framing == BodyFraming::Chunked) {
        m_connection->write(QByteArray(QByteArray::number(data.size(), 16) + "\r\n"));
        m_connection->write(data);
        m_connection->write("\r\n");
    } else {
        m_connection->write(data);
    }
}

void Forwarder::writeBody(QByteArrayView data)
{
    if (data.isEmpty() || m_finished)
        return;
    appendCaptured(m_exchange.requestBody, data, m_settings.maxBodySize);
    if (m_connection)
        writeFramed(data);
}

void Forwarder::endBody(const Http::Headers &trailers)
{
    if (m_requestEnded || m_finished)
        return;
    m_requestEnded = true;
    m_trailers = trailers;
    if (!m_connection)
        return;
    if (m_framing == BodyFraming::Chunked)
        m_connection->write(Http::lastChunk(trailers));
    m_connection->requestComplete();
}

void Forwarder::flush()
{
    if (m_connection)
        m_connection->flush();
}

qint64 Forwarder::pendingRequestBytes() const
{
    return m_connection ? m_connection->bytesToWrite() : 0;
}

void Forwarder::setResponsePaused(bool paused)
{
    if (m_connection)
        m_connection->setReadingPaused(paused);
}

void Forwarder::abort(const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_exchange.error = error;
    finishTiming();
    if (m_connection)
        std::exchange(m_connection, nullptr)->abandon();
}

void Forwarder::finishTiming()
{
    m_exchange.durationUs = m_started.microsecondsSince();
}

void Forwarder::upstreamHead(const Http::ResponseParser &parser)
{
    if (parser.isInterim()) {
        m_client.interimResponse(parser.head());
        return;
    }
    m_exchange.response = parser.head();
    m_exchange.upgraded = parser.isUpgrade();
    m_headPassed = true;
    if (parser.framing() == BodyFraming::ContentLength)
        m_exchange.responseBody.bytes.reserve(qMin(parser.contentLength(), m_settings.maxBodySize));
    m_client.responseHead(parser.head(), parser.framing());
}

void Forwarder::upstreamBody(QByteArrayView data)
{
    appendCaptured(m_exchange.responseBody, data, m_settings.maxBodySize);
    m_client.responseBody(data);
}

void Forwarder::upstreamComplete(const Http::ResponseParser &parser)
{
    m_finished = true;
    finishTiming();
    // A connection whose request was not completely sent cannot carry another exchange.
    std::exchange(m_connection, nullptr)->finish(parser.keepAlive() && m_requestEnded);
    m_client.responseEnd(parser.trailers());
}

void Forwarder::upstreamSwitched(QTcpSocket *socket, const QByteArray &rest)
{
    m_connection = nullptr;
    m_finished = true;
    finishTiming();
    m_client.switchedProtocols(socket, rest);
}

void Forwarder::upstreamFailed(const UpstreamFailure &failure)
{
    m_connection = nullptr;
    const bool stale =
        failure.reused && failure.beforeResponse &&
        (failure.kind == UpstreamFailure::Closed || failure.kind == UpstreamFailure::Network);
    if (stale && !m_exchange.requestBody.truncated) {
        // Nobody else flushes here: the retry happens on an upstream event, not a client read.
        connectAndSend();
        flush();
        return;
    }
    if (!m_headPassed) {
        answerLocally(failure);
        return;
    }
    m_finished = true;
    finishTiming();
    m_exchange.error = QStringLiteral("upstream %1 %2").arg(m_exchange.upstream, failure.detail);
    m_client.responseAborted();
}

void Forwarder::answerLocally(const UpstreamFailure &failure)
{
    const QString upstream = m_exchange.upstream;
    int status = 502;
    QString what;
    switch (failure.kind) {
    case UpstreamFailure::Refused:
        what = QStringLiteral("could not connect to the upstream %1: %2")
                   .arg(upstream, failure.detail);
        break;
    case UpstreamFailure::ConnectTimeout:
    case UpstreamFailure::ResponseTimeout:
        status = 504;
        what = QStringLiteral("the upstream %1 %2").arg(upstream, failure.detail);
        break;
    case UpstreamFailure::Closed:
        what = QStringLiteral("the upstream %1 %2").arg(upstream, failure.detail);
        break;
    case UpstreamFailure::BadResponse:
        what = QStringLiteral("the upstream %1 sent a malformed response: %2")
                   .arg(upstream, failure.detail);
        break;
    case UpstreamFailure::Network:
        what = QStringLiteral("the connection to the upstream %1 failed: %2")
                   .arg(upstream, failure.detail);
        break;
    }
    const QString hint = failure.kind == UpstreamFailure::Refused
                             ? QStringLiteral(" Is the app running and listening there?")
                             : QString();
    const LocalResponse local = localResponse(
        status, QStringLiteral("%1 %2: Hookscope %3.%4")
                    .arg(QString::number(status), QString::fromLatin1(Http::reasonPhrase(status)),
                         what, hint));
    m_finished = true;
    finishTiming();
    m_exchange.error = what;
    m_exchange.response = local.head;
    m_exchange.responseBody = {local.body, local.body.size(), false};
    m_headPassed = true;
    m_client.responseHead(local.head, BodyFraming::ContentLength);
    m_client.responseBody(local.body);
    m_client.responseEnd({});
}

void Forwarder::upstreamWritable()
{
    m_client.requestWritable();
}

void Forwarder::upstreamReadDone()
{
    m_client.flushResponse();
}

} // namespace Hookscope::Proxy
