#pragma once

#include "activitytimer.h"
#include "forwarder.h"
#include "http/requestparser.h"
#include "proxyoptions.h"
#include "socketoutput.h"

#include <QByteArray>
#include <QObject>
#include <memory>

class QTcpSocket;

namespace Hookscope::Proxy {

class Tunnel;
class UpstreamPool;

// What the connections of one proxy share; owned by the ProxyServer.
struct ProxyContext
{
    ProxyOptions options;
    ForwardSettings forward;
    QString upstreamUrl; // forward.upstream.url(), recorded with every exchange
    UpstreamPool *pool = nullptr;
};

// One client connection to the proxy: parses its requests (one at a
// time, so pipelined ones are answered in order), runs each through the gate, forwards it with a
// Forwarder while streaming both bodies under backpressure, writes the response re-framed for this
// client, hands each finished exchange to the sink, and tunnels after a 101. Answers 400 for
// malformed requests (nothing forwarded), 403 for requests the gate refuses. Deletes itself when
// the client is gone.
class ClientConnection : public QObject, private Forwarder::Client
{
    Q_OBJECT
public:
    ClientConnection(QTcpSocket *socket, const ProxyContext &context, QObject *parent);
    ~ClientConnection() override;

    // The proxy is stopping: records what is in flight as failed and drops the connection.
    void shutdown();

private:
    enum class Phase {
        Head,      // reading a request head (or idle between requests)
        Streaming, // the request body goes upstream as it arrives
        Holding,   // the gate wants the whole body before deciding
        Refusing,  // refused: the body is read (and captured) but goes nowhere
        Done,      // the request is read; its response is on the way
    };
    enum class ResponseBody { AsIs, Chunked, UntilClose };

    void readClient();
    void onRequestHead();
    void onRequestBody(QByteArrayView data);
    void onRequestComplete();
    void startForwarding(const OutgoingBody &body);
    void onBadRequest();
    void refuse(const GateDecision &decision, int status);
    void answerRefusal(bool close);
    // Answers with a short text made here and records the exchange (when `record`).
    void answerLocally(int status, const QString &text, const QString &error, bool close,
                       bool record = true);
    void requestFinished(bool close);
    void emitExchange(Store::Exchange &&exchange);
    void finishExchange();
    void recordUnanswered(const QString &error);
    void abandonExchange(const QString &error);
    void onClientBytesWritten();
    void onClientGone();
    void onIdleTimeout();
    void closeAfterWriting();
    void scheduleRead();
    void write(QByteArrayView data);

    // Forwarder::Client
    void interimResponse(const Http::ResponseHead &head) override;
    void responseHead(const Http::ResponseHead &head, Http::BodyFraming framing) override;
    void responseBody(QByteArrayView data) override;
    void responseEnd(const Http::Headers &trailers) override;
    void responseAborted() override;
    void switchedProtocols(QTcpSocket *upstream, const QByteArray &rest) override;
    void requestWritable() override;
    void flushResponse() override;

    const ProxyContext &m_context;
    QTcpSocket *m_socket = nullptr; // with a bounded read buffer
    SocketOutput m_out;
    QString m_clientAddress;
    QByteArray m_clientIp;
    Http::RequestParser m_parser;
    QByteArray m_inbuf;
    ActivityTimer m_idle;
    std::unique_ptr<Forwarder> m_forwarder;
    std::unique_ptr<Forwarder> m_retired; // finished, deleted once its call stack has unwound
    Tunnel *m_tunnel = nullptr;

    // The request in progress.
    Phase m_phase = Phase::Head;
    Moment m_started;
    bool m_startedSet = false;
    Http::RequestHead m_head;
    bool m_keepAlive = true;
    bool m_expectsContinue = false;
    bool m_sentContinue = false;
    GateDecision m_decision;
    int m_refusalStatus = 403;
    Store::CapturedBody m_heldBody; // held for the gate, or captured while refusing

    // The response in progress.
    ResponseBody m_responseBody = ResponseBody::AsIs;
    bool m_closeAfterResponse = false;
    bool m_responsePaused = false;
    bool m_waitingForUpstream = false; // stopped reading: the upstream has too much unwritten
    bool m_readScheduled = false;
    bool m_readDeferred = false; // the client had something to read while we could not take it
    bool m_closing = false;
    bool m_gone = false;
};

} // namespace Hookscope::Proxy
