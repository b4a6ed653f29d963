#include "database.h"

#include "statement.h"

#include <sqlite3.h>
#include <utility>

namespace Hookscope::Store {

Database::~Database()
{
    // v2 defers the close until statements still alive are finalised instead of failing.
    if (m_db)
        sqlite3_close_v2(m_db);
}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        if (m_db)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Result<Database> Database::open(const QString &path)
{
    sqlite3 *db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString reason =
            db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return Error{QStringLiteral("cannot open capture database %1: %2 (check the path and its "
                                    "permissions, or choose another file with --db)")
                         .arg(path, reason)};
    }
    sqlite3_extended_result_codes(db, 1);
    return Database(db);
}

Status Database::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return Error{text};
    }
    return {};
}

Statement Database::prepare(const QByteArray &sql, bool persistent)
{
    return Statement(m_db, sql, persistent);
}

qint64 Database::queryInt(const char *sql, qint64 fallback)
{
    Statement s = prepare(sql);
    return s.next() ? s.int64(0) : fallback;
}

QString Database::errorMessage() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

qint64 Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

} // namespace Hookscope::Store
