#include "upstreampool.h"

#include "upstreamconnection.h"

namespace Hookscope::Proxy {

UpstreamPool::UpstreamPool(QObject *parent)
    : QObject(parent)
{}

UpstreamPool::~UpstreamPool() = default;

UpstreamConnection *UpstreamPool::acquire(const UpstreamTarget &target)
{
    auto it = m_idle.find(target.authority());
    if (it != m_idle.end()) {
        while (!it->isEmpty()) {
            UpstreamConnection *c = it->takeLast();
            if (c->isUsable())
                return c;
            c->abandon();
        }
    }
    ++m_created;
    return new UpstreamConnection(target, this);
}

void UpstreamPool::release(UpstreamConnection *connection)
{
    QList<UpstreamConnection *> &idle = m_idle[connection->target().authority()];
    if (idle.size() >= m_maxIdle) {
        idle.takeFirst()->abandon();
    }
    idle.append(connection);
    connection->park(m_idleTimeoutMs);
}

void UpstreamPool::forget(UpstreamConnection *connection)
{
    auto it = m_idle.find(connection->target().authority());
    if (it != m_idle.end())
        it->removeOne(connection);
}

int UpstreamPool::idleCount() const
{
    int n = 0;
    for (const auto &list : m_idle)
        n += int(list.size());
    return n;
}

} // namespace Hookscope::Proxy
