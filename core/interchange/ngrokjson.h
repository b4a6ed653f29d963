#pragma once

#include "store/exchange.h"

#include <nlohmann/json.hpp>
#include <string>

namespace Hookscope::Interchange {

// The captured request as ngrok's agent API serves it, so scripts written for ngrok work:
//   {"uri": "/api/requests/http/42", "id": "42", "tunnel_name", "remote_addr" (client IP),
//    "start" (RFC 3339 UTC with microseconds), "duration" (ns; 0 while pending),
//    "request": {"method", "proto", "headers": {name: [values]}, "uri", "raw"},
//    "response": {"status": "200 OK", "status_code", "proto", "headers", "raw"} or null}
// where "raw" is the base64 of the wire bytes (see wireformat.h). Hookscope adds
// "verdict" {state, provider, reason, blocked}, "replay_of" (id or null), "error" (text or null),
// "upstream", and per message "body_size" (full size) and "truncated".
nlohmann::json ngrokRequest(const Store::Exchange &exchange);

// "/api/requests/http/42"
std::string ngrokRequestUri(qint64 id);

// The client's IP without the port, as ngrok gives remote_addr: "127.0.0.1:5000" → "127.0.0.1",
// "[::1]:5000" → "::1".
QString remoteIp(const QString &clientAddress);

} // namespace Hookscope::Interchange
