#pragma once

#include "common/result.h"
#include "exchange.h"

#include <QList>
#include <QString>
#include <memory>
#include <optional>

struct sqlite3;

namespace Hookscope::Store {

class Database;
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

    // Newest first: up to `limit` summaries with id < beforeId (beforeId 0 = from the newest).
    // Pages by key, never by OFFSET, so every page costs the same however deep it is.
    QList<ExchangeSummary> page(qint64 beforeId, int limit) const;
    // Oldest first: up to `limit` whole exchanges with id > afterId, for export and replay.
    QList<Exchange> exchangesAfter(qint64 afterId, int limit) const;
    // Summaries with id > afterId, oldest first (what arrived since the last look).
    QList<ExchangeSummary> newerThan(qint64 afterId, int limit) const;

    qint64 count() const;
    qint64 newestId() const;

    // Why the last query failed (busy, I/O error, …), or empty after a successful one.
    QString lastError() const { return m_lastError; }

    sqlite3 *handle() const;

private:
    ExchangeStore() = default;
    // Summaries of `SELECT … FROM exchanges e <clause>` with ?1 = key and ?2 = limit.
    QList<ExchangeSummary> summaries(const QByteArray &clause, qint64 key, int limit) const;
    template<typename Read>
    auto collect(Statement &s, Read read) const -> QList<decltype(read(s))>;
    std::unique_ptr<Database> m_db;
    QString m_path;
    mutable QString m_lastError;
};

// The default capture database: <per-user data dir>/captures.sqlite (the directory is created).
QString defaultDatabasePath();

} // namespace Hookscope::Store
