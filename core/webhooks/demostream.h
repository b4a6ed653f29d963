#pragma once

#include "common/result.h"
#include "samples.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class QTimer;

namespace Hookscope::Webhooks {

// One delivery of the demo: a Sentry sample event, either sent as Sentry would or spoiled in one
// of the ways a capture should catch.
struct DemoDelivery
{
    enum class Fault {
        None,               // signed like Sentry signs
        WrongSecret,        // signed with another secret
        TamperedBody,       // the body changed after signing
        StaleTimestamp,     // signed ten minutes ago (a replayed delivery)
        ReserialisedBody,   // the same JSON pretty-printed after signing
        MissingSignature,   // no Sentry-Hook-Signature at all
        MalformedSignature, // a signature cut short
        NotAWebhook,        // a plain GET /health, which no verifier looks at
    };
    QString event; // "issue.created"; empty for NotAWebhook
    Fault fault = Fault::None;

    // "issue.created", "issue.resolved (body changed after signing)".
    QString label() const;
};

// The demo stream over the Sentry samples: every resource and action signed properly, with the
// faulty deliveries mixed in, so a capture shows verdicts of every kind.
QList<DemoDelivery> demoPlan();

// The request for one delivery to `path`, signed with `secret` (and spoiled as it says) at `now`.
Result<SampleRequest> demoRequest(const DemoDelivery &delivery, const QByteArray &secret,
                                  qint64 now, const QByteArray &path = "/webhooks/sentry");

// Sends demoPlan() to a URL one delivery after another, `intervalMs` apart.
class DemoStream : public QObject
{
    Q_OBJECT
public:
    // `url` is the base: deliveries go to its path, the GET to /health on the same host.
    DemoStream(QUrl url, QByteArray secret, QObject *parent = nullptr);

    void setInterval(int milliseconds) { m_intervalMs = milliseconds; }
    void start();
    int size() const { return int(m_plan.size()); }

Q_SIGNALS:
    // After each delivery: the HTTP status it got and, for a status of 400 or more, the response
    // body (Hookscope's 403 names the reason); or status 0 and why it could not be sent.
    void delivered(const QString &label, int status, const QString &detail);
    void finished();

private:
    void sendNext();

    QUrl m_url;
    QByteArray m_secret;
    QList<DemoDelivery> m_plan;
    int m_next = 0;
    int m_intervalMs = 400;
    QTimer *m_timer = nullptr;
};

} // namespace Hookscope::Webhooks
