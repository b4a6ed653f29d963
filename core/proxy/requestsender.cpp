#include "requestsender.h"

#include "forwarder.h"
#include "upstreampool.h"

#include <QTcpSocket>

namespace Hookscope::Proxy {

struct RequestSender::Job final : Forwarder::Client
{
    RequestSender *owner = nullptr;
    std::function<void(const Store::Exchange &)> done;
    std::unique_ptr<Forwarder> forwarder;
    bool over = false;

    void interimResponse(const Http::ResponseHead &) override {}
    void responseHead(const Http::ResponseHead &, Http::BodyFraming) override {}
    void responseBody(QByteArrayView) override {}
    void responseEnd(const Http::Headers &) override { owner->jobDone(this); }
    void responseAborted() override { owner->jobDone(this); }
    void switchedProtocols(QTcpSocket *upstream, const QByteArray &) override
    {
        // Nobody is on the other end to talk the new protocol: the handshake is the result.
        upstream->abort();
        upstream->deleteLater();
        owner->jobDone(this);
    }
    void requestWritable() override {}
    void flushResponse() override {}
};

RequestSender::RequestSender(const ForwardSettings &settings, UpstreamPool *pool, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_pool(pool ? pool : new UpstreamPool(this))
{}

RequestSender::~RequestSender() = default;

void RequestSender::send(const Http::RequestHead &head, const QByteArray &body,
                         const QString &clientAddress,
                         std::function<void(const Store::Exchange &)> done)
{
    auto job = std::make_unique<Job>();
    job->owner = this;
    job->done = std::move(done);
    job->forwarder = std::make_unique<Forwarder>(*m_pool, m_settings, *job);
    Job *j = job.get();
    m_jobs.push_back(std::move(job));

    QByteArray clientIp;
    if (!clientAddress.isEmpty()) {
        const qsizetype colon = clientAddress.lastIndexOf(QLatin1Char(':'));
        QString ip = colon > 0 ? clientAddress.left(colon) : clientAddress;
        if (ip.startsWith(QLatin1Char('[')) && ip.endsWith(QLatin1Char(']')))
            ip = ip.mid(1, ip.size() - 2);
        clientIp = ip.toLatin1();
    }
    const bool hasBody = !body.isEmpty() ||
                         head.headers.contains(QByteArrayLiteral("Content-Length")) ||
                         head.headers.contains(QByteArrayLiteral("Transfer-Encoding"));
    Forwarder::Request request;
    request.head = head;
    request.body = {hasBody ? Http::BodyFraming::ContentLength : Http::BodyFraming::None,
                    body.size(), false};
    request.clientAddress = clientAddress;
    request.clientIp = clientIp;
    request.started = Moment::now();
    j->forwarder->start(request);
    if (j->over)
        return;
    j->forwarder->writeBody(body);
    if (j->over)
        return;
    j->forwarder->endBody();
    // A pooled connection sends what was gathered only when told (a new one once connected).
    if (!j->over)
        j->forwarder->flush();
}

void RequestSender::jobDone(Job *job)
{
    if (job->over)
        return;
    job->over = true;
    const Store::Exchange exchange = job->forwarder->takeExchange();
    if (job->done)
        job->done(exchange);
    Q_EMIT finished(exchange);
    // The job's forwarder is still on the call stack: remove it once that has unwound.
    QMetaObject::invokeMethod(
        this,
        [this, job] {
            std::erase_if(m_jobs, [job](const std::unique_ptr<Job> &j) { return j.get() == job; });
        },
        Qt::QueuedConnection);
}

} // namespace Hookscope::Proxy
