#pragma once

#include "store/exchange.h"

namespace Hookscope::Testing {

// A realistic captured Sentry webhook delivery answered 200; tests change what they care about.
Store::Exchange makeExchange(qint64 startedUs = 1'700'000'000'000'000);

} // namespace Hookscope::Testing
