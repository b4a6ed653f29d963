#pragma once

#include "http/headers.h"
#include "store/exchange.h"

#include <QByteArray>

namespace Hookscope::Gui {

// What Edit & Resend made of a captured request.
struct RequestEdits
{
    QByteArray method;
    QByteArray target; // "/path?query"
    Http::Headers headers;
    QByteArray body;
};

// The header fields framed for a body of `bodySize` bytes sent whole: Transfer-Encoding goes (the
// stored body is already de-chunked and is sent with a length), and Content-Length says the size
// when there is a body or the fields had one; otherwise there is none.
Http::Headers framedFor(Http::Headers headers, qsizetype bodySize);

// Whether the proxy drops this field on the way upstream (Connection and the fields it names,
// Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade).
bool isHopByHop(const Http::Headers &headers, const QByteArray &name);

// The original with the edits applied, ready to go through Replay::Replayer: its id is kept (the
// resend is linked to it), the body is whole and the framing follows it.
Store::Exchange editedExchange(const Store::Exchange &original, RequestEdits edits);

} // namespace Hookscope::Gui
