#include "requestedits.h"

#include "proxy/forwarding.h"

namespace Hookscope::Gui {

Http::Headers framedFor(Http::Headers headers, qsizetype bodySize)
{
    headers.remove(QByteArrayLiteral("Transfer-Encoding"));
    if (bodySize > 0 || headers.contains(QByteArrayLiteral("Content-Length")))
        headers.set(QByteArrayLiteral("Content-Length"), QByteArray::number(bodySize));
    return headers;
}

bool isHopByHop(const Http::Headers &headers, const QByteArray &name)
{
    // The proxy's own rule decides, so what the dialog says is what happens.
    Http::Headers forwarded = headers;
    if (!forwarded.contains(name))
        forwarded.add(name, QByteArray());
    Proxy::stripHopByHop(forwarded, false);
    return !forwarded.contains(name);
}

Store::Exchange editedExchange(const Store::Exchange &original, RequestEdits edits)
{
    Store::Exchange edited = original;
    edited.request.method = std::move(edits.method);
    edited.request.target = std::move(edits.target);
    edited.request.headers = framedFor(std::move(edits.headers), edits.body.size());
    edited.requestBody = {edits.body, edits.body.size(), false};
    return edited;
}

} // namespace Hookscope::Gui
