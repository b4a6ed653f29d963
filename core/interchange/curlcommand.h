#pragma once

#include "common/result.h"
#include "store/exchange.h"

#include <QByteArray>

namespace Hookscope::Interchange {

// A POSIX shell command that makes curl send the captured request again to the same upstream
// (URL = upstream + request-target), so that the upstream receives the same request line, the
// same header fields in the same order with the same bytes, and the same body:
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
