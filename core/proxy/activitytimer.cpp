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
    m_armed = timeoutMs > 0;
    if (!m_armed)
        return;
    // Asking the timer for its remaining time costs more than remembering when it fires.
    const qint64 dueNs = m_lastNs + qint64(timeoutMs) * 1'000'000;
    if (m_timer.isActive() && m_firesNs <= dueNs)
        return;
    m_firesNs = dueNs;
    m_timer.start(timeoutMs);
}

void ActivityTimer::stop()
{
    m_armed = false; // the timer may still fire once: check() ignores it
}

void ActivityTimer::touch()
{
    m_lastNs = Moment::steadyNowNs();
}

void ActivityTimer::check()
{
    if (!m_armed)
        return;
    const qint64 idleMs = (Moment::steadyNowNs() - m_lastNs) / 1'000'000;
    if (idleMs + 1 < m_timeoutMs) {
        const int left = int(m_timeoutMs - idleMs);
        m_firesNs = Moment::steadyNowNs() + qint64(left) * 1'000'000;
        m_timer.start(left);
        return;
    }
    m_armed = false;
    m_onTimeout();
}

} // namespace Hookscope::Proxy
