#pragma once

#include "store/exchange.h"

namespace Hookscope::Testing {

// A realistic captured Sentry webhook delivery answered 200; tests change what they care about.
Store::Exchange makeExchange(qint64 startedUs = 1'700'000'000'000'000);

// One makeExchange() per target, sent to `upstream`, imported into `db` (created when missing):
// their ids, in the order given (empty when the import failed).
QList<qint64> importDeliveries(const QString &db, const QString &upstream,
                               const QList<QByteArray> &targets);

} // namespace Hookscope::Testing
