#pragma once

#include "common/result.h"
#include "proxy/endpoints.h"

#include <QString>
#include <optional>

namespace Hookscope::Api {

// The --web-addr value: "off" (no API), or ADDR:PORT / :PORT / PORT on a loopback address. The
// API has no authentication, so any other address is refused with a message saying so.
Result<std::optional<Proxy::ListenAddress>> parseWebAddress(const QString &text);

} // namespace Hookscope::Api
