#pragma once

#include "filter.h"

#include <QByteArray>
#include <QList>
#include <variant>

struct sqlite3;

namespace Hookscope::Store {

class Statement;

// A Filter compiled to SQL with bound parameters, against `exchanges e` and the full-text index
// `search`. Text terms use the index for exchanges at or below its watermark and a direct match
// over the stored row above it (the newest, not yet indexed), so a query comes in two parts.
class FilterQuery
{
public:
    enum class Part {
        Indexed, // ids at or below the index watermark: text terms through the index
        Tail,    // ids above it: text terms matched directly
        Whole,   // no text terms: one query covers every id
    };
    using Param = std::variant<qint64, QByteArray>;

    explicit FilterQuery(const Filter &filter);

    // Whether the query must be run in the Indexed and Tail parts instead of Whole.
    bool usesIndex() const { return m_usesIndex; }

    // SELECT `columns` (over e) of the matching exchanges with lower < id < upper, newest or
    // oldest first, at most `limit` (< 0: no limit).
    Statement select(sqlite3 *db, Part part, const QByteArray &columns, qint64 lower, qint64 upper,
                     bool descending, qint64 limit) const;
    // SELECT count(*) of the matching exchanges with lower < id < upper, stopping at `cap`
    // (< 0: exact).
    Statement count(sqlite3 *db, Part part, qint64 lower, qint64 upper, qint64 cap) const;

private:
    // "FROM … WHERE …" of a part; the statement binds ?1 = lower, ?2 = upper, ?3 = match,
    // ?4 = excluded, ?5 = limit or cap.
    QByteArray fromWhere(Part part) const;
    Statement prepare(sqlite3 *db, const QByteArray &sql, qint64 lower, qint64 upper,
                      qint64 limit) const;
    // Appends a parameter for a condition and returns its placeholder.
    QByteArray param(Param value);
    void addTerm(const FilterTerm &term);

    bool m_usesIndex = false;
    // Conditions with their parameters, numbered from ?100 up (m_params[0] is ?100).
    QByteArray m_conditions; // on e's columns, for every part
    QByteArray m_tailText;   // text terms for the Tail part (needs bodies b)
    QByteArray m_match;      // FTS5 expression of the positive text terms (Indexed)
    QByteArray m_excluded;   // FTS5 expression of the negated ones (Indexed)
    QList<Param> m_params;
};

} // namespace Hookscope::Store
