#pragma once

#include "store/exchange.h"

#include <QString>

namespace Hookscope::Testing {

// The fields (ids and replayOf aside) in which two exchanges differ, "request.headers, error",
// or empty when they hold the same. For QVERIFY2 messages that say what went wrong.
QString exchangeDifference(const Store::Exchange &a, const Store::Exchange &b);

} // namespace Hookscope::Testing
