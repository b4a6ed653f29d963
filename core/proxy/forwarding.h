#pragma once

#include "http/message.h"
#include "http/parseresult.h"
#include "upstreamtarget.h"

#include <QByteArray>
#include <QString>

namespace Hookscope::Proxy {

// The header rewriting a forwarding proxy does (RFC 9110 §7.6), kept apart from any socket so
// that the capture proxy and replay send exactly the same thing.

// Removes the hop-by-hop fields: Connection and every field it names, Keep-Alive, Proxy-*, TE,
// Trailer, Transfer-Encoding and Upgrade. With `keepUpgrade` (a protocol switch being passed on)
// Upgrade stays and Connection becomes "Upgrade".
void stripHopByHop(Http::Headers &headers, bool keepUpgrade);

// The head passed on to a client for a response received as `received`: HTTP/1.1, hop-by-hop
// fields stripped as above (Upgrade kept with `upgrade`), status and reason as received.
Http::ResponseHead clientResponseHead(const Http::ResponseHead &received, bool upgrade);

// How the request body goes upstream.
struct OutgoingBody
{
    Http::BodyFraming framing = Http::BodyFraming::None; // None, ContentLength or Chunked
    qint64 contentLength = 0;                            // with ContentLength
    bool forwardExpect = true; // false when the body is already in hand: Expect is dropped
};

// The head sent upstream for a request received as `received`: origin-form target under the
// upstream's base path, HTTP/1.1, hop-by-hop fields stripped (Upgrade kept for a protocol switch),
// framing fields matching `body`, Host kept (added when missing), and X-Forwarded-For (appended
// to), X-Forwarded-Proto and X-Forwarded-Host (added when missing).
Http::RequestHead upstreamRequestHead(const Http::RequestHead &received,
                                      const UpstreamTarget &upstream, const QByteArray &clientIp,
                                      const OutgoingBody &body, bool upgrade);

// The request target as sent upstream: `target` in origin-form below `basePath`.
QByteArray upstreamTarget(const QByteArray &target, const QByteArray &basePath);

// A short plain-text answer made by Hookscope itself (400, 403, 502, 504…).
struct LocalResponse
{
    Http::ResponseHead head;
    QByteArray body;
};
LocalResponse localResponse(int status, const QString &text);

} // namespace Hookscope::Proxy
