#include "filterquery.h"

#include "exchangerows.h"
#include "statement.h"

namespace Hookscope::Store {

namespace {

constexpr int firstConditionParam = 100;

using Field = FilterTerm::Field;

QByteArray joined(const QList<QByteArray> &parts, const char *separator)
{
    QByteArray out;
    for (const QByteArray &p : parts) {
        if (!out.isEmpty())
            out += separator;
        out += p;
    }
    return out;
}

// Appends `part` to a list joined with `separator`.
void append(QByteArray &list, const QByteArray &part, const char *separator)
{
    if (!list.isEmpty())
        list += separator;
    list += part;
}

// An FTS5 string: the tokenizer splits it into a phrase; quotes are doubled.
QByteArray ftsPhrase(const QString &text)
{
    QByteArray escaped = text.toUtf8();
    escaped.replace('"', "\"\"");
    return '"' + escaped + '"';
}

// LIKE pattern characters taken literally, with '\' as the escape.
QByteArray likeEscaped(const QByteArray &text)
{
    QByteArray out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

const QByteArray searchText = "hs_search_line(e.method, e.target, e.status, e.reason) || char(10) "
                              "|| hs_search_headers(e.request_headers, e.response_headers) || "
                              "char(10) || hs_search_body(e.request_headers, b.request, "
                              "e.response_headers, b.response)";
const QByteArray searchBody =
    "hs_search_body(e.request_headers, b.request, e.response_headers, b.response)";

} // namespace

FilterQuery::FilterQuery(const Filter &filter)
{
    if (!filter.isValid()) {
        m_conditions = "0";
        return;
    }
    for (const FilterTerm &term : filter.terms())
        addTerm(term);
    if (m_conditions.isEmpty())
        m_conditions = "1";
}

QByteArray FilterQuery::param(Param value)
{
    m_params.append(std::move(value));
    return "?" + QByteArray::number(firstConditionParam + m_params.size() - 1);
}

void FilterQuery::addTerm(const FilterTerm &term)
{
    QByteArray condition;
    QByteArray match; // the term's FTS5 expression, for text terms
    switch (term.field) {
    case Field::Text:
    case Field::Body: {
        // The last word may be the start of a longer one, as people type.
        const bool body = term.field == Field::Body;
        match = (body ? "body : (" : "(") + ftsPhrase(term.value) + " *)";
        const QByteArray direct = "hs_text_match(" + (body ? searchBody : searchText) + ", " +
                                  param(term.value.toUtf8()) + ")";
        append(m_tailText, term.negated ? "NOT " + direct : direct, " AND ");
        m_usesIndex = true;
        if (term.negated)
            append(m_excluded, match, " OR ");
        else
            append(m_match, match, " AND ");
        return;
    }
    case Field::Method: {
        QList<QByteArray> placeholders;
        for (const QByteArray &m : term.methods)
            placeholders.append(param(m));
        condition = "e.method IN (" + joined(placeholders, ", ") + ")";
        break;
    }
    case Field::Status: {
        QList<QByteArray> alternatives;
        for (const FilterTerm::StatusRange &r : term.statuses) {
            if (r.high == 0)
                alternatives.append("e.status IS NULL");
            else if (r.low == r.high)
                alternatives.append("e.status = " + param(qint64(r.low)));
            else
                alternatives.append("e.status BETWEEN " + param(qint64(r.low)) + " AND " +
                                    param(qint64(r.high)));
        }
        condition = "(" + joined(alternatives, " OR ") + ")";
        break;
    }
    case Field::Path: {
        const QByteArray value = term.value.toUtf8();
        if (value.contains('*')) {
            QByteArray pattern = likeEscaped(value);
            pattern.replace('*', '%');
            condition = "e.path LIKE " + param(pattern) + " ESCAPE '\\'";
        } else if (value.startsWith('/')) {
            // A range on the path index; 0xff sorts after every UTF-8 byte.
            condition = "(e.path >= " + param(value) + " AND e.path < " +
                        param(value + QByteArray(1, '\xff')) + ")";
        } else {
            condition = "e.path LIKE " + param("%" + likeEscaped(value) + "%") + " ESCAPE '\\'";
        }
        break;
    }
    case Field::Header: {
        const QByteArray value = term.headerValue ? param(*term.headerValue) : QByteArray("NULL");
        condition = "hs_header_match(e.request_headers, e.response_headers, " +
                    param(term.headerName) + ", " + value + ")";
        if (!term.negated) {
            // Narrow through the index first: the name's words, and the value's when literal.
            QString words = QString::fromLatin1(term.headerName);
            if (term.headerValue && !term.headerValue->contains('*') &&
                std::any_of(term.headerValue->begin(), term.headerValue->end(),
                            [](char c) { return QChar::fromLatin1(c).isLetterOrNumber(); }))
                words += u' ' + QString::fromUtf8(*term.headerValue);
            append(m_match, "headers : " + ftsPhrase(words), " AND ");
            m_usesIndex = true;
        }
        break;
    }
    case Field::Verdict: {
        QList<QByteArray> alternatives;
        for (FilterTerm::VerdictValue v : term.verdicts) {
            switch (v) {
            case FilterTerm::VerdictValue::Valid:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::Valid)));
                break;
            case FilterTerm::VerdictValue::Invalid:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::Invalid)));
                break;
            case FilterTerm::VerdictValue::None:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::None)));
                break;
            case FilterTerm::VerdictValue::Blocked:
                alternatives.append("e.blocked = 1");
                break;
            }
        }
        condition = "(" + joined(alternatives, " OR ") + ")";
        break;
    }
    case Field::Replay:
        condition = term.replay ? "e.replay_of IS NOT NULL" : "e.replay_of IS NULL";
        break;
    }
    // IS NOT 1: a negated condition also holds where the column is NULL (no response, …).
    if (term.negated)
        condition = "(" + condition + ") IS NOT 1";
    append(m_conditions, condition, " AND ");
}

QByteArray FilterQuery::fromWhere(Part part) const
{
    switch (part) {
    case Part::Whole:
        return " FROM exchanges e WHERE e.id > ?1 AND e.id < ?2 AND " + m_conditions;
    case Part::Tail:
        return Rows::fromExchangesWithBodies() + "WHERE e.id > ?1 AND e.id < ?2 AND " +
               m_conditions + (m_tailText.isEmpty() ? QByteArray() : " AND " + m_tailText);
    case Part::Indexed:
        break;
    }
    if (m_match.isEmpty())
        return " FROM exchanges e WHERE e.id > ?1 AND e.id < ?2 AND " + m_conditions +
               " AND e.id NOT IN (SELECT rowid FROM search WHERE search MATCH ?4)";
    // The index drives: it yields rowids in order within the bounds, so the first page
    // stops early however many exchanges match. Negated words are part of its expression.
    return " FROM search JOIN exchanges e ON e.id = search.rowid WHERE search MATCH ?3 AND "
           "search.rowid > ?1 AND search.rowid < ?2 AND " +
           m_conditions;
}

Statement FilterQuery::select(sqlite3 *db, Part part, const QByteArray &columns, qint64 lower,
                              qint64 upper, bool descending, qint64 limit) const
{
    const QByteArray key = part == Part::Indexed && !m_match.isEmpty() ? "search.rowid" : "e.id";
    return prepare(db,
                   "SELECT " + columns + fromWhere(part) + " ORDER BY " + key +
                       (descending ? " DESC" : " ASC") + " LIMIT ?5",
                   lower, upper, limit);
}

Statement FilterQuery::count(sqlite3 *db, Part part, qint64 lower, qint64 upper, qint64 cap) const
{
    QByteArray sql;
    if (part == Part::Indexed && !m_match.isEmpty() && m_conditions == "1")
        // The index alone answers: no need to visit the rows.
        sql = "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?3 AND rowid > ?1 "
              "AND rowid < ?2 LIMIT ?5)";
    else
        sql = "SELECT count(*) FROM (SELECT 1" + fromWhere(part) + " LIMIT ?5)";
    return prepare(db, sql, lower, upper, cap);
}

Statement FilterQuery::prepare(sqlite3 *db, const QByteArray &sql, qint64 lower, qint64 upper,
                               qint64 limit) const
{
    Statement s(db, sql);
    if (!s.isValid())
        return s;
    s.bind(1, lower);
    s.bind(2, upper);
    // Some statements do not use every slot; binding an absent slot is a harmless error.
    if (!m_match.isEmpty())
        s.bindText(3,
                   m_excluded.isEmpty() ? m_match : "(" + m_match + ") NOT (" + m_excluded + ")");
    else if (!m_excluded.isEmpty())
        s.bindText(4, m_excluded);
    s.bind(5, limit);
    for (int i = 0; i < m_params.size(); ++i) {
        const int index = firstConditionParam + i;
        if (const auto *number = std::get_if<qint64>(&m_params[i]))
            s.bind(index, *number);
        else
            s.bindText(index, std::get<QByteArray>(m_params[i]));
    }
    return s;
}

} // namespace Hookscope::Store
