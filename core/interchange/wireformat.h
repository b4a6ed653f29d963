#pragma once

#include "store/exchange.h"

#include <QByteArray>

namespace Hookscope::Interchange {

// The request as it crossed the wire: the serialized head followed by the stored body, framed
// again as chunks when the head says Transfer-Encoding: chunked (the store keeps bodies
// de-chunked). A truncated body gives only its stored part.
QByteArray requestWireBytes(const Store::Exchange &exchange);
// The same for the response; empty when there was none.
QByteArray responseWireBytes(const Store::Exchange &exchange);

// The status line's text, "200 OK": the captured reason phrase, or the standard one when the
// response carried none.
QByteArray statusText(const Http::ResponseHead &head);

} // namespace Hookscope::Interchange
