#include "upstreamtarget.h"

#include "endpoints.h"

namespace Hookscope::Proxy {

QString UpstreamTarget::authority() const
{
    const bool ipv6 = host.contains(QLatin1Char(':'));
    return (ipv6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') +
           QString::number(port);
}

QString UpstreamTarget::url() const
{
    return QStringLiteral("http://") + authority() + QString::fromUtf8(basePath);
}

UpstreamTarget UpstreamTarget::fromUrl(const QUrl &url)
{
    UpstreamTarget t;
    t.host = url.host();
    t.port = quint16(url.port(80));
    QByteArray path = url.path(QUrl::FullyEncoded).toUtf8();
    while (path.endsWith('/'))
        path.chop(1);
    t.basePath = path;
    return t;
}

Result<UpstreamTarget> UpstreamTarget::parse(const QString &text)
{
    const Result<QUrl> url = parseUpstream(text);
    if (!url)
        return Error{url.error()};
    return fromUrl(*url);
}

} // namespace Hookscope::Proxy
