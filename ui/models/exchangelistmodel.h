#pragma once

#include "exchangecolumn.h"
#include "statuspalette.h"
#include "store/exchange.h"
#include "store/filter.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

namespace Hookscope::Store {
class ExchangeStore;
}

namespace Hookscope::Gui {

struct ListLoadEvent;

// The captured exchanges as a table, newest first, over a database of any size.
//
// The model keeps only the ids of the rows it lists (8 bytes each: a million rows cost 8 MB);
// summaries are read by key in blocks when a row is first shown and kept in a bounded cache, and
// cells are formatted when the view asks. The ids arrive from a background loader, newest first,
// so the first rows appear at once. Live captures are queued and inserted in one batch per event
// loop turn (one beginInsertRows per batch).
//
// Sorting: by Id or Time (capture order) in both directions at any size; by any other column
// once the list holds at most `defaultSortLimit` rows (they are then loaded and sorted in memory).
class ExchangeListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // qint64
        SortRole,                  // the raw value of the cell, for tests and delegates
    };

    static constexpr qint64 defaultSortLimit = 200'000;
    // Lets tests reach the limit without writing 200,000 exchanges.
    void setSortLimitForTesting(qint64 limit) { m_sortLimit = limit; }

    // `store` is the UI thread's read connection (not owned); background loads open their own
    // connection to the same file.
    explicit ExchangeListModel(Store::ExchangeStore *store, QObject *parent = nullptr);
    ~ExchangeListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    ExchangeColumn sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    qint64 idAt(int row) const;
    // Every listed id, oldest first (for exporting what the list shows).
    QList<qint64> idsOldestFirst() const;
    int rowOf(qint64 id) const; // -1 when not listed
    std::optional<Store::ExchangeSummary> summaryAt(int row) const;

    // Exchanges in the database, and those the list holds (-1 while still being counted).
    qint64 totalCount() const { return m_total; }
    qint64 matchedCount() const { return m_matched; }
    // While a broad filter is still being listed, matchedCount() is only a lower bound.
    bool matchedIsLowerBound() const { return m_matchedAtLeast; }
    bool isLoading() const { return m_loading; }
    // Newest first with the newest row at the top (or the other way round).
    bool newestOnTop() const;

    void setStatusPalette(const StatusPalette &palette);

    // Lists only the exchanges that match (an empty filter lists all) and reloads.
    void setFilter(const Store::Filter &filter);
    const Store::Filter &filter() const { return m_filter; }

    // Waits for background loading to finish (for tests and benchmarks).
    bool waitForLoaded(int timeoutMs = 30'000);

public Q_SLOTS:
    // Live captures as the writer committed them (oldest first); inserted on the next turn.
    void addCaptured(const QList<Hookscope::Store::ExchangeSummary> &added);
    void removeExchanges(const QList<qint64> &ids, bool all);
    // Looks for exchanges another process wrote since the last look (when no writer signals).
    void refreshNewer();
    // Reads the list again from the database.
    void reload();

Q_SIGNALS:
    void countsChanged();
    void loadingChanged(bool loading);
    // Something the user asked for could not be done, with the way out.
    void problem(const QString &message);

private:
    void startLoading();
    void receive(int generation, ListLoadEvent event);
    void flushCaptured();
    void finishLoading();
    const Store::ExchangeSummary *summary(int row) const;
    void loadBlock(qsizetype index) const;
    QList<Store::ExchangeSummary> pageBelow(qint64 beforeId, int limit) const;
    qsizetype indexOfRow(int row) const;
    int rowOfIndex(qsizetype index) const;
    QVariant display(const Store::ExchangeSummary &s, ExchangeColumn column) const;
    void reverseRows();

    Store::ExchangeStore *m_store = nullptr;
    // Capture order: ids descending. Sorted by another column: ids in ascending column order.
    QList<qint64> m_ids;
    // Rows read m_ids from the end (capture order oldest first, or a column sorted descending).
    bool m_reversed = false;
    bool m_columnSorted = false; // then every listed summary is in m_cache
    ExchangeColumn m_sortColumn = ExchangeColumn::Time;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    mutable QHash<qint64, Store::ExchangeSummary> m_cache;
    QList<Store::ExchangeSummary> m_captured; // queued live captures
    QTimer m_flushTimer;
    qint64 m_total = 0;
    qint64 m_matched = -1;
    bool m_matchedAtLeast = false;
    // Every id above it is a live capture not yet looked at: listed when it matches, counted in
    // m_total either way.
    qint64 m_newestListed = 0;
    Store::Filter m_filter;
    bool m_loading = false;
    int m_generation = 0;
    std::shared_ptr<std::atomic<int>> m_liveGeneration = std::make_shared<std::atomic<int>>(0);
    QThreadPool m_pool;
    StatusPalette m_palette;
    qint64 m_sortLimit = defaultSortLimit;
};

} // namespace Hookscope::Gui
