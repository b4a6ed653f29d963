#include "hostguard.h"

#include <QHostAddress>
#include <QString>

namespace Hookscope::Api {

namespace {

bool isPort(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 5)
        return false;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return false;
    }
    return digits.toInt() <= 65535;
}

} // namespace

bool isLocalHost(QByteArrayView host)
{
    QByteArrayView name = host.trimmed();
    if (name.startsWith('[')) {
        const qsizetype close = name.indexOf(']');
        if (close < 0)
            return false;
        const QByteArrayView rest = name.sliced(close + 1);
        if (!rest.isEmpty() && !(rest.startsWith(':') && isPort(rest.sliced(1))))
            return false;
        return QHostAddress(QString::fromLatin1(name.sliced(1, close - 1))) ==
               QHostAddress(QHostAddress::LocalHostIPv6);
    }
    if (const qsizetype colon = name.lastIndexOf(':'); colon >= 0) {
        if (!isPort(name.sliced(colon + 1)))
            return false;
        name = name.first(colon);
    }
    if (name.compare("localhost", Qt::CaseInsensitive) == 0)
        return true;
    // Only a dotted quad: "127.1" or "2130706433" are valid to inet_aton but no browser sends them.
    if (name.count('.') != 3)
        return false;
    QHostAddress address;
    return address.setAddress(QString::fromLatin1(name)) &&
           address.protocol() == QAbstractSocket::IPv4Protocol && address.isLoopback();
}

bool isLocalOrigin(QByteArrayView origin)
{
    const QByteArrayView o = origin.trimmed();
    for (const QByteArrayView scheme : {QByteArrayView("http://"), QByteArrayView("https://")}) {
        if (o.startsWith(scheme))
            return isLocalHost(o.sliced(scheme.size()));
    }
    return false;
}

} // namespace Hookscope::Api
