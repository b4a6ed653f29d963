#include "inspectionapi.h"

#include "apiserver.h"

namespace Hookscope::Api {

InspectionApi::InspectionApi(ApiBackend backend)
    : m_backend(std::move(backend))
{
    m_thread.setObjectName(QStringLiteral("hookscope-api"));
}

InspectionApi::~InspectionApi()
{
    stop();
}

Status InspectionApi::start(const QHostAddress &address, quint16 port)
{
    if (m_server)
        return {};
    m_thread.start();
    auto *server = new ApiServer(m_backend);
    server->moveToThread(&m_thread);
    Status status;
    QMetaObject::invokeMethod(
        server,
        [&] {
            status = server->listen(address, port);
            m_port = server->port();
        },
        Qt::BlockingQueuedConnection);
    m_server = server;
    if (!status.ok())
        stop();
    return status;
}

void InspectionApi::stop()
{
    if (!m_server)
        return;
    ApiServer *server = std::exchange(m_server, nullptr);
    QMetaObject::invokeMethod(
        server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

} // namespace Hookscope::Api
