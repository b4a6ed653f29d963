#pragma once

#include "common/result.h"
#include "store/exchange.h"

#include <QByteArray>

namespace Hookscope::Interchange {

// The request head as the capture proxy sent it upstream (see Proxy::upstreamRequestHead): the
// captured head with hop-by-hop fields stripped, framing fields for the stored body, Host kept,
// X-Forwarded-* added, target under the upstream's base path, HTTP/1.1. When the exchange's
// upstream is not one the proxy could have used (an imported https:// URL), the captured head.
Http::RequestHead forwardedRequestHead(const Store::Exchange &exchange);

// A POSIX shell command that makes curl send the request again to the same upstream as the proxy
// forwarded it (URL = upstream + target), so that the upstream receives the same request line,
// the same header fields in the same order with the same bytes, and the same body:
//  - curl's own defaults that the request did not carry are switched off (-H 'Accept:' …), the
//    HTTP version is pinned (--http1.1/--http1.0), the path is sent as is (--path-as-is) and
//    never globbed (--globoff);
//  - a text body goes inline as --data-binary 'text'; any other body (binary, starting with @,
//    or large) is fed through stdin: printf '%s\n' 'base64…' | base64 -d | curl --data-binary @-.
// Limits, all curl's: it always sends Host first, it writes a field with an empty value as
// "Name:" (no space), and it chooses its own chunk sizes for a chunked body.
// Fails when the stored request body is truncated: the command could not send the whole of it.
Result<QByteArray> curlCommand(const Store::Exchange &exchange);

} // namespace Hookscope::Interchange
