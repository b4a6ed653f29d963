#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace Hookscope::Proxy {

// Whether the upstream app accepts connections: a TCP connect every few seconds (nothing is sent),
// so the window can say "your app is not running" before a webhook fails with 502.
class UpstreamProbe : public QObject
{
    Q_OBJECT
public:
    enum class Health { Unknown, Up, Down };
    Q_ENUM(Health)

    UpstreamProbe(QString host, quint16 port, QObject *parent = nullptr);
    ~UpstreamProbe() override;

    // Probes now, then every `intervalMs`.
    void start(int intervalMs = 3'000);
    void stop();
    void probeNow();

    Health health() const { return m_health; }
    // For a person: "accepting connections", "connection refused (is the app running?)", …
    QString detail() const { return m_detail; }
    QString authority() const;

Q_SIGNALS:
    // After every probe whose outcome differs from the previous one.
    void healthChanged(Hookscope::Proxy::UpstreamProbe::Health health, const QString &detail);

private:
    void finish(Health health, const QString &detail);

    QString m_host;
    quint16 m_port = 0;
    QTimer m_interval;
    QTimer m_timeout;
    QTcpSocket *m_socket = nullptr;
    Health m_health = Health::Unknown;
    QString m_detail;
};

} // namespace Hookscope::Proxy
