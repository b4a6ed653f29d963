#pragma once

#include "store/exchange.h"

#include <nlohmann/json.hpp>

namespace Hookscope::Interchange {

// The signature verdict as JSON, shared by the ngrok-style objects and HAR's `_hookscope`:
// {"state": "none"|"valid"|"invalid", "provider", "reason", "blocked"}.
nlohmann::json verdictJson(const Store::Exchange &exchange);
// Reads such an object back into the exchange; unknown or missing members leave it unchanged.
void readVerdictJson(const nlohmann::json &verdict, Store::Exchange &exchange);

} // namespace Hookscope::Interchange
