#pragma once

#include "forwarding.h"
#include "moment.h"
#include "proxyoptions.h"
#include "store/exchange.h"
#include "upstreamconnection.h"

#include <QByteArray>
#include <QString>

class QTcpSocket;

namespace Hookscope::Proxy {

class UpstreamPool;

// One request sent to the upstream and its response, captured as a Store::Exchange. Both the
// capture proxy (streaming a client's request) and replay (a stored request with its whole body,
// see RequestSender) go through it, so they share the pooled connections, the header rewriting
// of forwarding.h, the timeouts and the 502/504 answers.
//
// The caller writes the request (start, writeBody…, endBody) and its Client receives the
// response. When the upstream cannot be reached or times out before a response began, the
// Forwarder answers itself (502/504, short text naming the upstream) and records the error. A
// pooled connection the upstream had silently closed is retried on another connection when the
// request sent so far is fully captured. Lives on the thread of its pool.
class Forwarder final : private UpstreamConnection::Handler
{
public:
    // Where the response goes. The exchange is over after responseEnd(), responseAborted() or
    // switchedProtocols(): takeExchange() then holds the capture.
    class Client
    {
    public:
        // A 1xx other than 101 from the upstream (100 Continue, 103 Early Hints).
        virtual void interimResponse(const Http::ResponseHead &head) = 0;
        // The final response head as received (or made up for a 502/504), and its body framing.
        virtual void responseHead(const Http::ResponseHead &head, Http::BodyFraming framing) = 0;
        virtual void responseBody(QByteArrayView data) = 0;
        virtual void responseEnd(const Http::Headers &trailers) = 0;
        // The upstream failed after the head was passed on: the response is cut short.
        virtual void responseAborted() = 0;
        // After responseHead() of a 101: `upstream` (now owned by the client) carries the new
        // protocol; `rest` is what the upstream sent after the head.
        virtual void switchedProtocols(QTcpSocket *upstream, const QByteArray &rest) = 0;
        // The upstream took the body written so far: more may be written.
        virtual void requestWritable() = 0;
        // A batch of response events is over: what they produced can go out now.
        virtual void flushResponse() = 0;

    protected:
        ~Client() = default;
    };

    struct Request
    {
        Http::RequestHead head; // as received: captured as is, rewritten for the upstream
        OutgoingBody body;
        bool upgrade = false;  // pass Upgrade on (the client asked to switch protocols)
        QString clientAddress; // "127.0.0.1:54321", recorded
        // The upstream's url(), recorded; made once by a caller that sends many requests (made
        // here when empty).
        QString upstreamUrl;
        QByteArray clientIp; // appended to X-Forwarded-For (none when empty)
        Moment started;      // the request's first byte
    };

    // `settings` must outlive the Forwarder (they belong to the proxy or the sender).
    Forwarder(UpstreamPool &pool, const ForwardSettings &settings, Client &client);
    ~Forwarder();
    Forwarder(const Forwarder &) = delete;
    Forwarder &operator=(const Forwarder &) = delete;

    void start(const Request &request);
    void writeBody(QByteArrayView data);
    void endBody(const Http::Headers &trailers = {});
    void flush();
    // Request bytes written but not yet taken by the upstream.
    qint64 pendingRequestBytes() const;
    // Stops (or resumes) reading the response, for a client that is not keeping up.
    void setResponsePaused(bool paused);
    // The client is gone: records `error`, drops the upstream connection; no Client call follows.
    void abort(const QString &error);

    bool isFinished() const { return m_finished; }
    bool responseStarted() const { return m_headPassed; }
    Store::Exchange &exchange() { return m_exchange; }
    Store::Exchange takeExchange() { return std::move(m_exchange); }

private:
    void upstreamHead(const Http::ResponseParser &parser) override;
    void upstreamBody(QByteArrayView data) override;
    void upstreamComplete(const Http::ResponseParser &parser) override;
    void upstreamSwitched(QTcpSocket *socket, const QByteArray &rest) override;
    void upstreamFailed(const UpstreamFailure &failure) override;
    void upstreamWritable() override;
    void upstreamReadDone() override;

    void connectAndSend();
    void writeFramed(QByteArrayView data);
    void answerLocally(const UpstreamFailure &failure);
    void finishTiming();

    UpstreamPool &m_pool;
    const ForwardSettings &m_settings;
    Client &m_client;
    UpstreamConnection *m_connection = nullptr;
    Store::Exchange m_exchange;
    Moment m_started;
    QByteArray m_headBytes;
    Http::BodyFraming m_framing = Http::BodyFraming::None;
    Http::Headers m_trailers;
    bool m_requestEnded = false;
    bool m_headPassed = false;
    bool m_finished = false;
};

} // namespace Hookscope::Proxy
