#include "webaddress.h"

namespace Hookscope::Api {

Result<std::optional<Proxy::ListenAddress>> parseWebAddress(const QString &text)
{
    if (text.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        return std::optional<Proxy::ListenAddress>();
    const Result<Proxy::ListenAddress> address = Proxy::parseListenAddress(text);
    if (!address)
        return Error{QStringLiteral("--web-addr: %1").arg(address.error())};
    if (!address->host.isLoopback())
        return Error{
            QStringLiteral("--web-addr %1: the inspection API has no authentication, so it "
                           "listens on loopback addresses only (use 127.0.0.1:PORT, or "
                           "'off')")
                .arg(text)};
    return std::optional(*address);
}

} // namespace Hookscope::Api
