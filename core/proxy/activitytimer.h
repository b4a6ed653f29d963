#pragma once

#include <QObject>
#include <QTimer>
#include <functional>

namespace Hookscope::Proxy {

// A timeout that counts from the last activity. touch() and stop() only note a time or a flag,
// and start() keeps an already running timer that will fire soon enough, so a busy connection
// does not re-arm a timer for every request; the timer re-arms itself when it fires early.
class ActivityTimer : public QObject
{
public:
    explicit ActivityTimer(std::function<void()> onTimeout, QObject *parent = nullptr);

    void start(int timeoutMs); // counting from now; <= 0 never times out
    void stop();
    void touch();
    bool isActive() const { return m_armed; }
    int timeoutMs() const { return m_timeoutMs; }

private:
    void check();

    QTimer m_timer;
    std::function<void()> m_onTimeout;
    qint64 m_lastNs = 0;
    qint64 m_firesNs = 0; // when the running timer fires (steady clock)
    int m_timeoutMs = 0;
    bool m_armed = false;
};

} // namespace Hookscope::Proxy
