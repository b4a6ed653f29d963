#include "proxyfixture.h"

#include <QMutexLocker>

namespace Hookscope::Testing {

ProxyFixture::ProxyFixture() = default;

ProxyFixture::~ProxyFixture()
{
    if (m_proxy)
        m_proxy->stop();
}

bool ProxyFixture::start(Proxy::ProxyOptions options)
{
    if (!upstream.port() && !upstream.listen())
        return false;
    options.listenAddress = QHostAddress(QHostAddress::LocalHost);
    options.listenPort = 0;
    options.upstream.host = QStringLiteral("127.0.0.1");
    options.upstream.port = upstream.port();
    options.sink = [this](Store::Exchange e) {
        QMutexLocker lock(&m_mutex);
        m_captured.append(std::move(e));
    };
    m_proxy = std::make_unique<Proxy::CaptureProxy>(options);
    return m_proxy->start().ok();
}

std::unique_ptr<QTcpSocket> ProxyFixture::connectClient() const
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port());
    return socket;
}

QList<Store::Exchange> ProxyFixture::captured() const
{
    QMutexLocker lock(&m_mutex);
    return m_captured;
}

int ProxyFixture::capturedCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_captured.size());
}

} // namespace Hookscope::Testing
