#pragma once

#include "message.h"

#include <QByteArray>

namespace Hookscope::Http {

// "METHOD target HTTP/x.y\r\n" + fields + "\r\n": the head exactly as it goes on the wire.
QByteArray serializeRequestHead(const RequestHead &head);
// "HTTP/x.y status reason\r\n" + fields + "\r\n".
QByteArray serializeResponseHead(const ResponseHead &head);
// The same bytes appended to `out` (a buffer reused for many messages).
void appendResponseHead(QByteArray &out, const ResponseHead &head);
// One chunk of a chunked body (RFC 9112 §7.1); an empty `data` gives nothing (use lastChunk()).
QByteArray encodeChunk(const QByteArray &data);
// The zero-size chunk, the trailer fields, and the final CRLF.
QByteArray lastChunk(const Headers &trailers = {});
// The standard reason phrase for a status code ("Bad Gateway"), or "Unknown".
QByteArray reasonPhrase(int status);

} // namespace Hookscope::Http
