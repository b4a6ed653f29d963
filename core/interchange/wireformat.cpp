#include "wireformat.h"

#include "http/serializer.h"

namespace Hookscope::Interchange {

namespace {

QByteArray framedBody(const Http::Headers &headers, const Store::CapturedBody &body)
{
    if (!headers.hasToken("Transfer-Encoding", "chunked"))
        return body.bytes;
    return Http::encodeChunk(body.bytes) + (body.truncated ? QByteArray() : Http::lastChunk());
}

} // namespace

QByteArray requestWireBytes(const Store::Exchange &exchange)
{
    return Http::serializeRequestHead(exchange.request) +
           framedBody(exchange.request.headers, exchange.requestBody);
}

QByteArray responseWireBytes(const Store::Exchange &exchange)
{
    if (!exchange.response)
        return {};
    return Http::serializeResponseHead(*exchange.response) +
           framedBody(exchange.response->headers, exchange.responseBody);
}

QByteArray statusText(const Http::ResponseHead &head)
{
    const QByteArray reason = head.reason.isEmpty() ? Http::reasonPhrase(head.status) : head.reason;
    return QByteArray::number(head.status) + ' ' + reason;
}

} // namespace Hookscope::Interchange
