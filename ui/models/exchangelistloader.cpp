#include "exchangelistloader.h"

#include "store/exchangestore.h"

#include <algorithm>

namespace Hookscope::Gui {

ExchangeListLoader::ExchangeListLoader(ListLoad load, std::function<bool()> cancelled, Sink sink)
    : m_load(std::move(load))
    , m_cancelled(std::move(cancelled))
    , m_sink(std::move(sink))
{
    setAutoDelete(true);
}

void ExchangeListLoader::run()
{
    const auto fail = [&](const QString &message) {
        ListLoadEvent event;
        event.kind = ListLoadEvent::Failed;
        event.error = message;
        m_sink(std::move(event));
    };
    auto opened = Store::ExchangeStore::open(m_load.databasePath);
    if (!opened) {
        fail(opened.error());
        return;
    }
    const Store::ExchangeStore &store = *opened.value();
    if (m_cancelled())
        return;

    ListLoadEvent counted;
    counted.kind = ListLoadEvent::Counted;
    const bool filtered = !m_load.filter.isEmpty();
    const auto page = [&](qint64 before, int limit) {
        return filtered ? store.page(m_load.filter, before, limit) : store.page(before, limit);
    };
    // An exact count of a broad filter costs as much as listing its matches, which follows
    // anyway; count exactly only up to a cap and let the listing finish the number.
    const qint64 cap =
        columnFollowsCaptureOrder(m_load.sortColumn) ? m_load.countCap : m_load.sortLimit + 1;
    counted.count = filtered ? store.count(m_load.filter, cap) : store.count();
    counted.atLeast = filtered && counted.count >= cap;
    m_sink(counted);

    if (columnFollowsCaptureOrder(m_load.sortColumn)) {
        // All the ids in one read (a few MB even for a million), handed over in chunks so the
        // list grows while the rest is still being passed on.
        const QList<qint64> ids = store.ids(m_load.filter);
        qsizetype from = 0;
        if (m_load.beforeId > 0) {
            from = std::lower_bound(ids.begin(), ids.end(), m_load.beforeId, std::greater<>()) -
                   ids.begin();
            if (from < ids.size() && ids[from] == m_load.beforeId)
                ++from;
        }
        for (qsizetype at = from; at < ids.size() && !m_cancelled(); at += m_load.chunkSize) {
            ListLoadEvent event;
            event.kind = ListLoadEvent::Ids;
            event.ids = ids.sliced(at, std::min<qsizetype>(m_load.chunkSize, ids.size() - at));
            m_sink(std::move(event));
        }
    } else {
        if (counted.count > m_load.sortLimit) {
            fail(QStringLiteral("Sorting by %1 works on up to %L2 exchanges and the list holds "
                                "%L3; narrow it with a filter first, or sort by time.")
                     .arg(columnTitle(m_load.sortColumn))
                     .arg(m_load.sortLimit)
                     .arg(counted.count));
            return;
        }
        ListLoadEvent event;
        event.kind = ListLoadEvent::SortedRows;
        event.rows.reserve(counted.count);
        qint64 before = 0;
        while (!m_cancelled()) {
            const QList<Store::ExchangeSummary> rows = page(before, m_load.chunkSize);
            event.rows.append(rows);
            if (rows.size() < m_load.chunkSize)
                break;
            before = rows.last().id;
        }
        if (m_cancelled())
            return;
        const ExchangeColumn column = m_load.sortColumn;
        std::sort(event.rows.begin(), event.rows.end(),
                  [column](const auto &a, const auto &b) { return columnLessThan(column, a, b); });
        m_sink(std::move(event));
    }
    if (!m_cancelled())
        m_sink({});
}

} // namespace Hookscope::Gui
