#pragma once

#include "upstreamtarget.h"

#include <QList>
#include <QObject>

namespace Hookscope::Proxy {

class UpstreamConnection;

// The keep-alive connections to upstreams that are idle, per upstream; the most recently used is
// handed out first. Idle connections close after idleTimeoutMs (kept below common app servers'
// keep-alive timeouts, e.g. Node's 5 s, so a reused connection is rarely one the app just closed).
// Owns every connection it creates. Lives on the proxy thread.
class UpstreamPool : public QObject
{
public:
    explicit UpstreamPool(QObject *parent = nullptr);
    ~UpstreamPool() override;

    void setMaxIdlePerTarget(int count) { m_maxIdle = count; }
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }

    // An idle connection to `target`, or a new one that connects on UpstreamConnection::begin().
    UpstreamConnection *acquire(const UpstreamTarget &target);
    // Takes back a connection whose exchange ended cleanly.
    void release(UpstreamConnection *connection);
    // Forgets an idle connection that closed or misbehaved (it deletes itself).
    void forget(UpstreamConnection *connection);

    int idleCount() const;
    int createdCount() const { return m_created; }

private:
    struct Idle
    {
        QString host;
        quint16 port = 0;
        QList<UpstreamConnection *> connections;
    };
    // A proxy has one upstream (replays may add a few): a short list beats hashing keys.
    Idle &idleFor(const UpstreamTarget &target);

    QList<Idle> m_idle;
    int m_maxIdle = 32;
    int m_idleTimeoutMs = 4000;
    int m_created = 0;
};

} // namespace Hookscope::Proxy
