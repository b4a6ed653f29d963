#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

struct sqlite3;

namespace Hookscope::Store {

class Statement;

// An open SQLite connection that closes itself. Move-only; use it from one thread at a time.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating when missing) the file read-write, in the multi-thread mode where each
    // connection belongs to one thread. Nothing is read yet: a bad file shows on the first query.
    static Result<Database> open(const QString &path);

    bool isOpen() const { return m_db != nullptr; }
    sqlite3 *handle() const { return m_db; }

    // Runs one or more statements without results.
    Status exec(const char *sql);
    // A prepared statement; check Statement::isValid() and errorMessage() when it may fail.
    // Persistent statements are those kept and reused for the connection's lifetime.
    Statement prepare(const QByteArray &sql, bool persistent = false);
    // The first column of the first row of a query, or `fallback` when it has no row.
    qint64 queryInt(const char *sql, qint64 fallback = 0);

    QString errorMessage() const;
    qint64 lastInsertId() const;
    int changes() const;

private:
    explicit Database(sqlite3 *db)
        : m_db(db)
    {}
    sqlite3 *m_db = nullptr;
};

} // namespace Hookscope::Store
