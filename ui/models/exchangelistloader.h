#pragma once

#include "exchangecolumn.h"
#include "store/exchange.h"
#include "store/filter.h"

#include <QList>
#include <QRunnable>
#include <QString>
#include <functional>

namespace Hookscope::Gui {

// What the list needs loaded in the background.
struct ListLoad
{
    QString databasePath;
    Store::Filter filter;
    // Capture order (Id, Time): stream the matching ids, newest first, below `beforeId`.
    // Any other column: load every matching summary and sort them (up to `sortLimit`).
    ExchangeColumn sortColumn = ExchangeColumn::Time;
    qint64 beforeId = 0;
    qint64 sortLimit = 200'000;
    int chunkSize = 50'000;
    qint64 countCap = 10'000; // a filter's count is exact up to here before the listing ends
};

struct ListLoadEvent
{
    enum Kind {
        Counted,    // `count` exchanges match the filter
        Ids,        // the next `ids`, newest first
        SortedRows, // all `rows`, in ascending order of the sort column
        Finished,
        Failed, // `error` says why and what to do
    };
    Kind kind = Finished;
    qint64 count = 0;
    bool atLeast = false; // Counted: at least `count` match (counting stopped at a cap)
    QList<qint64> ids;
    QList<Store::ExchangeSummary> rows;
    QString error;
};

// Runs on a pool thread with its own read connection, so the window stays responsive however
// many exchanges there are. Events go to `sink` on that thread, in order; between chunks the
// loader asks `cancelled` and stops quietly when it says so.
class ExchangeListLoader : public QRunnable
{
public:
    using Sink = std::function<void(ListLoadEvent)>;
    ExchangeListLoader(ListLoad load, std::function<bool()> cancelled, Sink sink);
    void run() override;

private:
    ListLoad m_load;
    std::function<bool()> m_cancelled;
    Sink m_sink;
};

} // namespace Hookscope::Gui
