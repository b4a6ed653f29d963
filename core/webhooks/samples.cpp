#include "samples.h"

#include "registry.h"
#include "sampletemplate.h"

#include <QFile>

namespace Hookscope::Webhooks {

namespace {

struct Entry
{
    const char *provider;
    const char *event;
    const char *description;
};

constexpr Entry catalog[] = {
    {"sentry", "installation.created", "the integration was installed in an organization"},
    {"sentry", "installation.deleted", "the integration was uninstalled"},
    {"sentry", "issue.created", "a new issue was created"},
    {"sentry", "issue.resolved", "an issue was resolved"},
    {"sentry", "issue.assigned", "an issue was assigned to someone"},
    {"sentry", "issue.ignored", "an issue was archived (ignored) until it escalates"},
    {"sentry", "issue.unresolved", "a resolved issue regressed"},
    {"sentry", "error.created", "an error event was processed"},
    {"sentry", "comment.created", "someone commented on an issue"},
    {"sentry", "comment.updated", "a comment on an issue was edited"},
    {"sentry", "comment.deleted", "a comment on an issue was deleted"},
    {"sentry", "event_alert.triggered", "an issue alert rule fired"},
    {"sentry", "metric_alert.open", "a metric alert incident opened"},
    {"sentry", "metric_alert.critical", "a metric alert reached its critical threshold"},
    {"sentry", "metric_alert.warning", "a metric alert reached its warning threshold"},
    {"sentry", "metric_alert.resolved", "a metric alert incident was resolved"},
    {"github", "push", "commits were pushed to a branch"},
    {"github", "ping", "a webhook was created"},
    {"stripe", "payment_intent.succeeded", "a payment succeeded"},
    {"slack", "event_callback", "an Events API delivery (app_mention)"},
    {"slack", "url_verification", "the challenge Slack sends when a Request URL is set"},
    {"shopify", "orders/create", "an order was placed"},
    {"standard-webhooks", "contact.created", "a contact was created"},
};

SampleEvent toEvent(const Entry &e)
{
    return {QString::fromLatin1(e.provider), QString::fromLatin1(e.event),
            QString::fromUtf8(e.description)};
}

QString resourcePath(const SampleEvent &e)
{
    return QStringLiteral(":/webhooks/%1/%2.json")
        .arg(e.provider, QString(e.event).replace(u'/', u'.'));
}

Result<SampleEvent> find(const QString &provider, const QString &event)
{
    const Provider *known = findProvider(provider);
    if (!known)
        return Error{QStringLiteral("unknown provider '%1': use one of %2")
                         .arg(provider, providerNames().join(QStringLiteral(", ")))};
    QStringList events;
    for (const SampleEvent &e : sampleEvents(known->name())) {
        if (e.event == event)
            return e;
        events.append(e.event);
    }
    return Error{QStringLiteral("no sample event '%1' for %2: use one of %3")
                     .arg(event, known->name(), events.join(QStringLiteral(", ")))};
}

} // namespace

QList<SampleEvent> sampleEvents(const QString &provider)
{
    QList<SampleEvent> out;
    for (const Entry &e : catalog) {
        if (provider.isEmpty() || provider == QLatin1String(e.provider))
            out.append(toEvent(e));
    }
    return out;
}

Result<QByteArray> sampleBody(const QString &provider, const QString &event, qint64 now)
{
    const auto sample = find(provider, event);
    if (!sample)
        return Error{sample.error()};
    QFile file(resourcePath(*sample));
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("the sample payload %1 is missing from this build")
                         .arg(file.fileName())};
    auto body =
        expandSampleTemplate(file.readAll(), now, findProvider(sample->provider)->bodyStyle());
    if (!body)
        return Error{QStringLiteral("%1: %2").arg(file.fileName(), body.error())};
    return body;
}

QByteArray demoSecret(const QString &provider)
{
    const QString name = findProvider(provider) ? findProvider(provider)->name() : provider;
    if (name == u"standard-webhooks") // base64 of "hookscope-demo-secret-32-bytes!!"
        return "whsec_aG9va3Njb3BlLWRlbW8tc2VjcmV0LTMyLWJ5dGVzISE=";
    if (name == u"stripe")
        return "whsec_hookscope_demo_secret";
    return "hookscope-demo-secret";
}

Result<SampleRequest> buildSample(const QString &provider, const QString &event,
                                  const QByteArray &secret, qint64 now, const QByteArray &target)
{
    auto body = sampleBody(provider, event, now);
    if (!body)
        return Error{body.error()};
    const Provider *p = findProvider(provider);
    if (const Status usable = p->checkSecret(secret); !usable)
        return Error{usable.error()};
    Http::RequestHead head;
    head.method = "POST";
    head.target = target;
    head.headers = p->sampleHeaders(event, now);
    auto signedHead = p->signRequest(std::move(head), *body, secret, now);
    if (!signedHead)
        return Error{signedHead.error()};
    return SampleRequest{std::move(signedHead).value(), std::move(body).value()};
}

} // namespace Hookscope::Webhooks
