#pragma once

#include "filter.h"

#include <QByteArray>
#include <QList>
#include <variant>

struct sqlite3;

namespace Hookscope::Store {

class Statement;

// A Filter compiled to SQL with bound parameters, against `exchanges e` and the full-text index
// `search`. Most terms have a form in the index (words, facet words for the summary columns, or
// a phrase that narrows header and path terms before their exact check), so that combined
// terms intersect in the index instead of visiting rows. The index covers exchanges up to its
// watermark; newer ones (after a burst) are matched directly on their stored rows, so a query
// runs in two parts.
class FilterQuery
{
public:
    enum class Part {
        Indexed, // ids at or below the index watermark, through the index
        Tail,    // ids above it, matched directly
        Whole,   // nothing to gain from the index: one query covers every id
    };
    using Param = std::variant<qint64, QByteArray>;

    explicit FilterQuery(const Filter &filter);

    // Whether pages must be read in the Indexed and Tail parts instead of Whole.
    bool usesIndex() const { return m_usesIndex; }
    // Whether a count is cheaper as one Whole query.
    bool countsWithoutIndex() const { return m_countsWithoutIndex; }

    // SELECT `columns` (over e) of the matching exchanges with lower < id < upper, newest or
    // oldest first, at most `limit` (< 0: no limit).
    Statement select(sqlite3 *db, Part part, const QByteArray &columns, qint64 lower, qint64 upper,
                     bool descending, qint64 limit) const;
    // SELECT count(*) of the matching exchanges with lower < id < upper, counting no further
    // than `cap` (< 0: all).
    Statement count(sqlite3 *db, Part part, qint64 lower, qint64 upper, qint64 cap) const;

private:
    void addTerm(const FilterTerm &term);
    // The statuses none of the ranges cover, no response included unless covered.
    QByteArray statusComplement(const QList<FilterTerm::StatusRange> &ranges);
    // Appends a parameter for a condition and returns its placeholder.
    QByteArray param(Param value);
    // "FROM … WHERE …" of a part; ?1 = lower and ?2 = upper when they bound anything,
    // ?3 = the index expression.
    QByteArray fromWhere(Part part, qint64 lower, qint64 upper) const;
    Statement prepare(sqlite3 *db, const QByteArray &sql, qint64 lower, qint64 upper,
                      qint64 limit) const;

    bool m_usesIndex = false;
    bool m_hasText = false;
    bool m_countsWithoutIndex = true;
    bool m_sqlIndexed = false; // of the last term
    int m_terms = 0;
    bool m_invalid = false;
    QByteArray m_conditions;        // every non-text term, for Whole and Tail
    QByteArray m_tailText;          // text terms matched directly, for Tail
    QByteArray m_indexedConditions; // what the index does not answer exactly, for Indexed
    QList<QByteArray> m_required;   // index expressions every match has
    QList<QByteArray> m_excluded;   // index expressions no match has
    // Condition parameters, numbered from ?100 (m_params[0] is ?100).
    QList<Param> m_params;
};

} // namespace Hookscope::Store
