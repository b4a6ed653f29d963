#pragma once

#include "store/exchange.h"

#include <QString>

namespace Hookscope::Gui {

// The columns of the exchange list, in their default order.
enum class ExchangeColumn : int {
    Id,
    Time,
    Method,
    Path,
    Status,
    Duration,
    RequestSize,
    ResponseSize,
    ContentType,
    Verdict,
    Replay,
};
inline constexpr int exchangeColumnCount = int(ExchangeColumn::Replay) + 1;

QString columnTitle(ExchangeColumn column);
// Whether the list shows it when nothing was chosen yet.
bool columnVisibleByDefault(ExchangeColumn column);
// Id and Time follow capture order, which the database keeps; the others sort loaded rows.
bool columnFollowsCaptureOrder(ExchangeColumn column);
// A strict weak order by the column's value, ties broken by id so that every order is total.
bool columnLessThan(ExchangeColumn column, const Store::ExchangeSummary &a,
                    const Store::ExchangeSummary &b);

} // namespace Hookscope::Gui
