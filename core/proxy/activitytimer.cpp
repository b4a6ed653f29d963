#include "activitytimer.h"

#include "moment.h"

namespace Hookscope::Proxy {

ActivityTimer::ActivityTimer(std::function<void()> onTimeout, QObject *parent)
    : QObject(parent)
    , m_onTimeout(std::move(onTimeout))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ActivityTimer::check);
}

void ActivityTimer::start(int timeoutMs)
{
    m_timeoutMs = timeoutMs;
    m_lastNs = Moment::steadyNowNs();
    if (timeoutMs > 0)
        m_timer.start(timeoutMs);
    else
        m_timer.stop();
}

void ActivityTimer::stop()
{
    m_timer.stop();
}

void ActivityTimer::touch()
{
    m_lastNs = Moment::steadyNowNs();
}

void ActivityTimer::check()
{
    const qint64 idleMs = (Moment::steadyNowNs() - m_lastNs) / 1'000'000;
    if (idleMs + 1 < m_timeoutMs) {
        m_timer.start(int(m_timeoutMs - idleMs));
        return;
    }
    m_onTimeout();
}

} // namespace Hookscope::Proxy
