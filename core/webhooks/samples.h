#pragma once

#include "common/result.h"
#include "http/message.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Sample webhook deliveries: a realistic payload per event (resources/webhooks/<provider>/), fresh
// ids and times on every build, the provider's headers, signed like the provider signs.
namespace Hookscope::Webhooks {

struct SampleEvent
{
    QString provider;    // "sentry"
    QString event;       // "issue.resolved" (Shopify spells topics "orders/create")
    QString description; // "an issue was resolved"
};

struct SampleRequest
{
    Http::RequestHead head; // POST, the provider's headers and signature; no Host or Content-Length
    QByteArray body;
};

// The known sample events, providers in registry order; only those of `provider` when given.
QList<SampleEvent> sampleEvents(const QString &provider = {});

// A fresh body for that event, serialised as the provider does (compact JSON, or Stripe's
// pretty-printed JSON), with ids and times around `now` (Unix seconds).
Result<QByteArray> sampleBody(const QString &provider, const QString &event, qint64 now);

// A whole delivery of that event to `target`, signed with `secret` at `now`. An unknown provider
// or event gives an error listing the known ones.
Result<SampleRequest> buildSample(const QString &provider, const QString &event,
                                  const QByteArray &secret, qint64 now,
                                  const QByteArray &target = "/");

// A fixed, publicly known secret of the provider's kind for demos and `hookscope trigger` without
// --secret ("hookscope-demo-secret", as whsec_… for Stripe and Standard Webhooks). Never use it
// for anything real.
QByteArray demoSecret(const QString &provider);

} // namespace Hookscope::Webhooks
