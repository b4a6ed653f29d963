#include "demostream.h"

#include "webhooksender.h"

#include <QDateTime>
#include <QTimer>
#include <nlohmann/json.hpp>

namespace Hookscope::Webhooks {

namespace {

using Fault = DemoDelivery::Fault;

QString faultText(Fault fault)
{
    switch (fault) {
    case Fault::None:
        return {};
    case Fault::WrongSecret:
        return QStringLiteral("signed with another secret");
    case Fault::TamperedBody:
        return QStringLiteral("body changed after signing");
    case Fault::StaleTimestamp:
        return QStringLiteral("sent ten minutes ago, replayed");
    case Fault::ReserialisedBody:
        return QStringLiteral("pretty-printed after signing");
    case Fault::MissingSignature:
        return QStringLiteral("no signature");
    case Fault::MalformedSignature:
        return QStringLiteral("signature cut short");
    case Fault::NotAWebhook:
        return QStringLiteral("not a webhook");
    }
    return {};
}

// Another action of the same resource: what a tampered body claims instead.
QByteArray otherAction(const QString &event)
{
    const QString resource = event.section(u'.', 0, 0);
    for (const SampleEvent &e : sampleEvents(QStringLiteral("sentry"))) {
        if (e.event.section(u'.', 0, 0) == resource && e.event != event)
            return e.event.section(u'.', 1).toUtf8();
    }
    return "tampered";
}

} // namespace

QString DemoDelivery::label() const
{
    if (fault == Fault::NotAWebhook)
        return QStringLiteral("GET /health (%1)").arg(faultText(fault));
    return fault == Fault::None ? event : QStringLiteral("%1 (%2)").arg(event, faultText(fault));
}

QList<DemoDelivery> demoPlan()
{
    return {
        {QStringLiteral("installation.created"), Fault::None},
        {QStringLiteral("issue.created"), Fault::None},
        {QStringLiteral("error.created"), Fault::None},
        {QStringLiteral("event_alert.triggered"), Fault::None},
        {QStringLiteral("issue.assigned"), Fault::None},
        {QStringLiteral("comment.created"), Fault::None},
        {QStringLiteral("issue.resolved"), Fault::TamperedBody},
        {QStringLiteral("comment.updated"), Fault::None},
        {QStringLiteral("metric_alert.open"), Fault::None},
        {QStringLiteral("metric_alert.warning"), Fault::None},
        {QStringLiteral("metric_alert.critical"), Fault::WrongSecret},
        {QStringLiteral("metric_alert.critical"), Fault::None},
        {QStringLiteral("issue.ignored"), Fault::StaleTimestamp},
        {QStringLiteral("issue.ignored"), Fault::None},
        {QStringLiteral("comment.deleted"), Fault::None},
        {QStringLiteral("issue.unresolved"), Fault::ReserialisedBody},
        {{}, Fault::NotAWebhook},
        {QStringLiteral("metric_alert.resolved"), Fault::None},
        {QStringLiteral("issue.resolved"), Fault::None},
        {QStringLiteral("comment.created"), Fault::MissingSignature},
        {QStringLiteral("issue.unresolved"), Fault::None},
        {QStringLiteral("error.created"), Fault::MalformedSignature},
        {QStringLiteral("installation.deleted"), Fault::None},
    };
}

Result<SampleRequest> demoRequest(const DemoDelivery &delivery, const QByteArray &secret,
                                  qint64 now, const QByteArray &path)
{
    if (delivery.fault == Fault::NotAWebhook) {
        SampleRequest plain;
        plain.head.method = "GET";
        plain.head.target = "/health";
        plain.head.headers = {{"User-Agent", "hookscope-demo"}, {"Accept", "*/*"}};
        return plain;
    }
    const QString sentry = QStringLiteral("sentry");
    const qint64 signedAt = delivery.fault == Fault::StaleTimestamp ? now - 600 : now;
    const QByteArray key = delivery.fault == Fault::WrongSecret ? secret + "-rotated" : secret;
    auto sample = buildSample(sentry, delivery.event, key, signedAt, path);
    if (!sample)
        return sample;
    SampleRequest request = std::move(sample).value();
    switch (delivery.fault) {
    case Fault::TamperedBody: {
        const QByteArray action = delivery.event.section(u'.', 1).toUtf8();
        const QByteArray from = "\"action\":\"" + action + '"';
        const QByteArray to = "\"action\":\"" + otherAction(delivery.event) + '"';
        request.body.replace(from, to);
        break;
    }
    case Fault::ReserialisedBody: {
        const auto json = nlohmann::ordered_json::parse(request.body.toStdString());
        request.body = QByteArray::fromStdString(json.dump(4));
        break;
    }
    case Fault::MissingSignature:
        request.head.headers.remove("Sentry-Hook-Signature");
        break;
    case Fault::MalformedSignature:
        request.head.headers.set("Sentry-Hook-Signature",
                                 request.head.headers.value("Sentry-Hook-Signature").left(40));
        break;
    default:
        break;
    }
    return request;
}

DemoStream::DemoStream(QUrl url, QByteArray secret, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_secret(std::move(secret))
    , m_plan(demoPlan())
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &DemoStream::sendNext);
}

void DemoStream::start()
{
    m_next = 0;
    sendNext();
}

void DemoStream::sendNext()
{
    if (m_next >= m_plan.size())
        return Q_EMIT finished();
    const DemoDelivery delivery = m_plan.at(m_next++);
    const QString label = delivery.label();
    auto request = demoRequest(delivery, m_secret, QDateTime::currentSecsSinceEpoch());
    if (!request) {
        Q_EMIT delivered(label, 0, request.error());
        return m_timer->start(m_intervalMs);
    }
    QUrl url = m_url;
    if (delivery.fault == Fault::NotAWebhook)
        url.setPath(QStringLiteral("/health"));
    auto *sender = new WebhookSender(url, request->head, request->body, this);
    connect(sender, &WebhookSender::finished, this, [this, sender, label] {
        sender->deleteLater();
        if (const auto &response = sender->response()) {
            const int status = response->head.status;
            Q_EMIT delivered(label, status,
                             status >= 400 ? QString::fromUtf8(response->body.trimmed())
                                           : QString());
        } else
            Q_EMIT delivered(label, 0, sender->error());
        m_timer->start(m_intervalMs);
    });
    sender->start();
}

} // namespace Hookscope::Webhooks
