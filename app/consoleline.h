#pragma once

#include "store/exchange.h"

#include <QString>

namespace Hookscope::App {

// One line per exchange for the terminal, like ngrok's console:
// "14:03:07.215  POST  /webhooks/sentry              200 OK        3.1 ms  valid"
QString consoleLine(const Store::ExchangeSummary &exchange);

} // namespace Hookscope::App
