#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace Hookscope::Store {

// A prepared statement that finalises itself. Parameters are 1-based, columns 0-based, as in
// SQLite. Text is bound and read as raw bytes, so what goes in comes back byte for byte.
class Statement
{
public:
    Statement() = default;
    Statement(sqlite3 *db, const QByteArray &sql, bool persistent = false);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }
    // Why preparing or the last step failed.
    QString errorMessage() const { return m_error; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, bool value) { bind(index, qint64(value ? 1 : 0)); }
    void bindText(int index, const QByteArray &utf8);
    void bindText(int index, const QString &text) { bindText(index, text.toUtf8()); }
    // Binds NULL for an empty string: optional text columns stay NULL instead of ''.
    void bindOptionalText(int index, const QString &text);
    void bindBlob(int index, const QByteArray &bytes);
    void bindNull(int index);

    // Steps once: true when a row is ready; false when done or failed (then ok() is false).
    bool next();
    // Steps to the end, for statements without results.
    Status run();
    bool ok() const { return m_error.isEmpty(); }
    // Makes the statement ready to run again; clears the bindings too.
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    int integer(int column) const;
    QByteArray bytes(int column) const;
    QString text(int column) const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
    QString m_error;
};

} // namespace Hookscope::Store
