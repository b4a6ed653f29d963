#include "endpoints.h"

namespace Hookscope::Proxy {

namespace {

std::optional<quint16> parsePort(const QString &text, bool allowZero)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port > 65535 || (port == 0 && !allowZero))
        return std::nullopt;
    return quint16(port);
}

// Splits "host:port" and "[v6]:port"; the host is empty for ":port".
std::optional<std::pair<QString, QString>> splitHostPort(const QString &text)
{
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0 || text.mid(close + 1, 1) != u":")
            return std::nullopt;
        return std::pair{text.mid(1, close - 1), text.mid(close + 2)};
    }
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0 || text.count(u':') > 1)
        return std::nullopt;
    return std::pair{text.left(colon), text.mid(colon + 1)};
}

} // namespace

QString ListenAddress::toString() const
{
    const QString h = host.protocol() == QAbstractSocket::IPv6Protocol
                          ? u'[' + host.toString() + u']'
                          : host.toString();
    return h + u':' + QString::number(port);
}

Result<QUrl> parseUpstream(const QString &text)
{
    const QString t = text.trimmed();
    const auto bad = [&](const QString &why) {
        return Error{QStringLiteral("invalid upstream '%1': %2 (expected a port like 3000, "
                                    "host:port, or http://host:port)")
                         .arg(text, why)};
    };
    if (t.isEmpty())
        return bad(QStringLiteral("it is empty"));
    if (const auto port = parsePort(t, false))
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(*port));

    QUrl url;
    if (t.contains(QStringLiteral("://"))) {
        url = QUrl(t, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return bad(QStringLiteral("not a valid URL"));
        if (url.scheme() == u"https")
            return bad(QStringLiteral("https upstreams are not supported; Hookscope forwards "
                                      "plain HTTP to a local app"));
        if (url.scheme() != u"http")
            return bad(QStringLiteral("unsupported scheme '%1'").arg(url.scheme()));
        if (url.port() == -1)
            url.setPort(80);
    } else {
        const auto parts = splitHostPort(t);
        if (!parts || parts->first.isEmpty())
            return bad(QStringLiteral("missing host or port"));
        const auto port = parsePort(parts->second, false);
        if (!port)
            return bad(QStringLiteral("'%1' is not a port number").arg(parts->second));
        url.setScheme(QStringLiteral("http"));
        url.setHost(parts->first);
        url.setPort(*port);
    }
    if (url.hasQuery() || url.hasFragment())
        return bad(QStringLiteral("an upstream cannot carry a query or fragment"));
    return url;
}

Result<ListenAddress> parseListenAddress(const QString &text)
{
    const auto bad = [&](const QString &why) {
        return Error{QStringLiteral("invalid listen address '%1': %2 (expected ADDR:PORT, e.g. "
                                    "127.0.0.1:8080)")
                         .arg(text, why)};
    };
    ListenAddress address;
    if (const auto port = parsePort(text, true)) {
        address.port = *port;
        return address;
    }
    const auto parts = splitHostPort(text);
    if (!parts)
        return bad(QStringLiteral("missing port"));
    const auto port = parsePort(parts->second, true);
    if (!port)
        return bad(QStringLiteral("'%1' is not a port number").arg(parts->second));
    address.port = *port;
    if (parts->first.isEmpty() || parts->first == u"localhost")
        return address;
    if (!address.host.setAddress(parts->first))
        return bad(QStringLiteral("'%1' is not an IP address").arg(parts->first));
    return address;
}

} // namespace Hookscope::Proxy
