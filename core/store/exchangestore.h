#pragma once

#include "common/result.h"
#include "exchange.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>
#include <utility>

struct sqlite3;

namespace Hookscope::Store {

class Database;
class Filter;
class FilterQuery;
class Statement;

// A read connection to a capture database (WAL: reads never block the writer). One per thread.
// Opening creates the file and migrates its schema to the current version when needed.
class ExchangeStore
{
public:
    static Result<std::unique_ptr<ExchangeStore>> open(const QString &path);
    ~ExchangeStore();
    ExchangeStore(const ExchangeStore &) = delete;
    ExchangeStore &operator=(const ExchangeStore &) = delete;

    QString path() const { return m_path; }

    // The whole exchange with headers and stored bodies, or nothing when the id is unknown.
    std::optional<Exchange> exchange(qint64 id) const;
    // Whether an exchange with this id is stored, without reading it.
    bool contains(qint64 id) const;

    // Newest first: up to `limit` summaries with id < beforeId (beforeId 0 = from the newest).
    // Pages by key, never by OFFSET, so every page costs the same however deep it is.
    QList<ExchangeSummary> page(qint64 beforeId, int limit) const;
    // Oldest first: up to `limit` whole exchanges with id > afterId, for export and replay.
    QList<Exchange> exchangesAfter(qint64 afterId, int limit) const;
    // Summaries with id > afterId, oldest first (what arrived since the last look).
    QList<ExchangeSummary> newerThan(qint64 afterId, int limit) const;

    qint64 count() const;
    qint64 newestId() const;

    // The same reads through a filter line (see filter.h). An invalid filter matches nothing.
    QList<ExchangeSummary> page(const Filter &filter, qint64 beforeId, int limit) const;
    QList<ExchangeSummary> newerThan(const Filter &filter, qint64 afterId, int limit) const;
    // How many exchanges match, counting no further than `cap` when it is not negative
    // (the answer is then at least `cap`), for "matched N of M".
    qint64 count(const Filter &filter, qint64 cap = -1) const;
    // The ids of every matching exchange (an empty filter matches all), newest first: what a
    // list keeps in memory to read rows by key when they are shown.
    QList<qint64> ids(const Filter &filter) const;
    // The ids of the matching exchanges, oldest first, at most `limit` (replay all).
    QList<qint64> matchingIds(const Filter &filter, int limit) const;
    // Every exchange with this id or a lower one is in the full-text index; newer ones are
    // searched without it until the writer catches up.
    qint64 indexedUpTo() const;

    // Why the last query failed (busy, I/O error, …), or empty after a successful one.
    QString lastError() const { return m_lastError; }

    sqlite3 *handle() const;

private:
    ExchangeStore() = default;
    // Summaries of `SELECT … FROM exchanges e <clause>` with ?1 = key and ?2 = limit.
    QList<ExchangeSummary> summaries(const QByteArray &clause, qint64 key, int limit) const;
    template<typename Read>
    auto collect(Statement &s, Read read) const -> QList<decltype(read(s))>;
    // Rows of the filter's parts with lower < id < upper, in order, at most `limit`.
    template<typename Read>
    auto matching(const FilterQuery &query, const QByteArray &columns, qint64 lower, qint64 upper,
                  bool descending, qint64 limit, Read read) const
        -> QList<decltype(read(std::declval<Statement &>()))>;
    std::unique_ptr<Database> m_db;
    QString m_path;
    mutable QString m_lastError;
};

// The default capture database: $XDG_DATA_HOME/hookscope/captures.sqlite (usually
// ~/.local/share/hookscope/captures.sqlite); the directory is created.
QString defaultDatabasePath();

} // namespace Hookscope::Store
