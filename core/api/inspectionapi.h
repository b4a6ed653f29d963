#pragma once

#include "apibackend.h"
#include "common/result.h"

#include <QHostAddress>
#include <QThread>
#include <atomic>

namespace Hookscope::Api {

class ApiServer;

// The local inspection API on a thread of its own, so that reading captures never holds up the
// proxy or the window. start() and stop() may be called from any one other thread.
class InspectionApi
{
public:
    explicit InspectionApi(ApiBackend backend);
    ~InspectionApi(); // stop()s
    InspectionApi(const InspectionApi &) = delete;
    InspectionApi &operator=(const InspectionApi &) = delete;

    // Starts the thread, opens the database and binds (port 0 picks a free one).
    Status start(const QHostAddress &address, quint16 port);
    void stop();
    bool isRunning() const { return m_server != nullptr; }
    quint16 port() const { return m_port.load(); }

private:
    ApiBackend m_backend;
    QThread m_thread;
    ApiServer *m_server = nullptr;
    std::atomic<quint16> m_port{0};
};

} // namespace Hookscope::Api
