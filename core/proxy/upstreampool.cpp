#include "upstreampool.h"

#include "upstreamconnection.h"

namespace Hookscope::Proxy {

UpstreamPool::UpstreamPool(QObject *parent)
    : QObject(parent)
{}

UpstreamPool::~UpstreamPool() = default;

UpstreamPool::Idle &UpstreamPool::idleFor(const UpstreamTarget &target)
{
    for (Idle &idle : m_idle) {
        if (idle.port == target.port && idle.host == target.host)
            return idle;
    }
    m_idle.append({target.host, target.port, {}});
    return m_idle.last();
}

UpstreamConnection *UpstreamPool::acquire(const UpstreamTarget &target)
{
    QList<UpstreamConnection *> &idle = idleFor(target).connections;
    while (!idle.isEmpty()) {
        UpstreamConnection *c = idle.takeLast();
        if (c->isUsable())
            return c;
        c->abandon();
    }
    ++m_created;
    return new UpstreamConnection(target, this);
}

void UpstreamPool::release(UpstreamConnection *connection)
{
    QList<UpstreamConnection *> &idle = idleFor(connection->target()).connections;
    if (idle.size() >= m_maxIdle)
        idle.takeFirst()->abandon();
    idle.append(connection);
    connection->park(m_idleTimeoutMs);
}

void UpstreamPool::forget(UpstreamConnection *connection)
{
    idleFor(connection->target()).connections.removeOne(connection);
}

int UpstreamPool::idleCount() const
{
    int n = 0;
    for (const Idle &idle : m_idle)
        n += int(idle.connections.size());
    return n;
}

} // namespace Hookscope::Proxy
