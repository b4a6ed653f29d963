#include "upstreamprobe.h"

#include <QTcpSocket>

namespace Hookscope::Proxy {

namespace {
constexpr int connectTimeoutMs = 1'500;
}

UpstreamProbe::UpstreamProbe(QString host, quint16 port, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_port(port)
{
    m_interval.setSingleShot(false);
    connect(&m_interval, &QTimer::timeout, this, &UpstreamProbe::probeNow);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(connectTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(Health::Down, QStringLiteral("no answer within %1 s (is %2 reachable?)")
                                 .arg(connectTimeoutMs / 1000.0)
                                 .arg(authority()));
    });
}

UpstreamProbe::~UpstreamProbe()
{
    if (m_socket)
        m_socket->abort();
}

QString UpstreamProbe::authority() const
{
    return m_host + u':' + QString::number(m_port);
}

void UpstreamProbe::start(int intervalMs)
{
    m_interval.start(intervalMs);
    probeNow();
}

void UpstreamProbe::stop()
{
    m_interval.stop();
}

void UpstreamProbe::probeNow()
{
    if (m_socket)
        return; // one probe at a time
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this,
            [this] { finish(Health::Up, QStringLiteral("accepting connections")); });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::ConnectionRefusedError)
            finish(Health::Down,
                   QStringLiteral("connection refused: nothing listens on %1 (start your app)")
                       .arg(authority()));
        else
            finish(Health::Down, m_socket->errorString());
    });
    m_timeout.start();
    m_socket->connectToHost(m_host, m_port);
}

void UpstreamProbe::finish(Health health, const QString &detail)
{
    m_timeout.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    const bool changed = health != m_health || detail != m_detail;
    m_health = health;
    m_detail = detail;
    if (changed)
        Q_EMIT healthChanged(health, detail);
}

} // namespace Hookscope::Proxy
