#include "filterquery.h"

#include "exchangerows.h"
#include "searchtext.h"
#include "statement.h"

#include <limits>

namespace Hookscope::Store {

namespace {

constexpr int firstConditionParam = 100;
constexpr qint64 noUpperBound = std::numeric_limits<qint64>::max();

using Field = FilterTerm::Field;

void append(QByteArray &list, const QByteArray &part, const char *separator)
{
    if (!list.isEmpty())
        list += separator;
    list += part;
}

QByteArray joined(const QList<QByteArray> &parts, const char *separator)
{
    QByteArray out;
    for (const QByteArray &p : parts)
        append(out, p, separator);
    return out;
}

// An FTS5 string: the tokenizer splits it into a phrase; quotes are doubled.
QByteArray ftsPhrase(const QByteArray &text)
{
    QByteArray escaped = text;
    escaped.replace('"', "\"\"");
    return '"' + escaped + '"';
}

bool hasWordCharacter(const QByteArray &text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        return uchar(c) >= 0x80 || QChar::fromLatin1(c).isLetterOrNumber();
    });
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

QByteArray facetExpression(const QList<QByteArray> &words)
{
    return "facets : (" + joined(words, " OR ") + ")";
}

const QByteArray directText = "hs_search_line(e.method, e.target, e.status, e.reason) || char(10) "
                              "|| hs_search_headers(e.request_headers, e.response_headers) || "
                              "char(10) || hs_search_body(e.request_headers, b.request, "
                              "e.response_headers, b.response)";
const QByteArray directBody =
    "hs_search_body(e.request_headers, b.request, e.response_headers, b.response)";

} // namespace

QByteArray FilterQuery::statusComplement(const QList<FilterTerm::StatusRange> &ranges)
{
    bool none = false;
    QList<std::pair<int, int>> covered;
    for (const FilterTerm::StatusRange &r : ranges) {
        if (r.high == 0)
            none = true;
        else
            covered.append({r.low, r.high});
    }
    std::sort(covered.begin(), covered.end());
    QList<QByteArray> alternatives;
    if (!none)
        alternatives.append("e.status IS NULL");
    int next = std::numeric_limits<int>::min();
    for (const auto &[low, high] : covered) {
        if (low > next)
            alternatives.append(next == std::numeric_limits<int>::min()
                                    ? QByteArray("e.status < " + param(qint64(low)))
                                    : QByteArray("e.status BETWEEN " + param(qint64(next)) +
                                                 " AND " + param(qint64(low - 1))));
        next = std::max(next, high + 1);
    }
    alternatives.append(next == std::numeric_limits<int>::min()
                            ? QByteArray("e.status IS NOT NULL")
                            : QByteArray("e.status >= " + param(qint64(next))));
    return "(" + joined(alternatives, " OR ") + ")";
}

FilterQuery::FilterQuery(const Filter &filter)
{
    m_invalid = !filter.isValid();
    for (const FilterTerm &term : filter.terms())
        addTerm(term);
    // One field term with an SQLite index: counting its index entries beats walking the
    // full-text index's long lists of facet words. Pages still come from the full-text index,
    // which yields ids in order; an SQLite index on a range or list would have to sort them.
    m_countsWithoutIndex = !m_usesIndex || (m_terms == 1 && !m_hasText && m_sqlIndexed);
    for (QByteArray *conditions : {&m_conditions, &m_indexedConditions}) {
        if (conditions->isEmpty())
            *conditions = "1";
    }
}

QByteArray FilterQuery::param(Param value)
{
    m_params.append(std::move(value));
    return "?" + QByteArray::number(firstConditionParam + m_params.size() - 1);
}

void FilterQuery::addTerm(const FilterTerm &term)
{
    QByteArray condition; // exact, on e's columns
    QByteArray indexed;   // the term's form in the index, if any
    bool exactInIndex = true;
    // Whether an SQLite index answers the condition alone (ranges, not scans).
    bool sqlIndexed = !term.negated;
    ++m_terms;
    switch (term.field) {
    case Field::Text:
    case Field::Body: {
        // Whole words; a trailing '*' lets the last one be the start of a longer word.
        const bool body = term.field == Field::Body;
        const QByteArray phrase = term.value.toUtf8();
        const bool prefix = phrase.endsWith('*');
        indexed = (body ? "body : (" : "{line headers body} : (") +
                  ftsPhrase(prefix ? phrase.chopped(1) : phrase) + (prefix ? " *)" : ")");
        const QByteArray direct =
            "hs_text_match(" + (body ? directBody : directText) + ", " + param(phrase) + ")";
        append(m_tailText, term.negated ? "NOT " + direct : direct, " AND ");
        m_usesIndex = true;
        m_hasText = true;
        (term.negated ? m_excluded : m_required).append(indexed);
        return;
    }
    case Field::Method: {
        QList<QByteArray> placeholders, words;
        for (const QByteArray &m : term.methods) {
            placeholders.append(param(m));
            words.append(SearchText::methodFacet(m));
        }
        condition = "e.method IN (" + joined(placeholders, ", ") + ")";
        indexed = facetExpression(words);
        sqlIndexed = true; // negated, a scan of the small method index
        break;
    }
    case Field::Status: {
        QList<QByteArray> alternatives, words;
        for (const FilterTerm::StatusRange &r : term.statuses) {
            if (r.high == 0)
                alternatives.append("e.status IS NULL");
            else if (r.low == r.high)
                alternatives.append("e.status = " + param(qint64(r.low)));
            else
                alternatives.append("e.status BETWEEN " + param(qint64(r.low)) + " AND " +
                                    param(qint64(r.high)));
            words += SearchText::statusFacets(r.low, r.high);
        }
        condition = "(" + joined(alternatives, " OR ") + ")";
        indexed = facetExpression(words);
        if (term.negated) {
            // The complement as ranges, which the status index answers.
            condition = statusComplement(term.statuses);
            sqlIndexed = true;
        }
        break;
    }
    case Field::Path: {
        const QByteArray value = term.value.toUtf8();
        if (value.contains('*')) {
            QByteArray pattern = likeEscaped(value);
            pattern.replace('*', '%');
            condition = "e.path LIKE " + param(pattern) + " ESCAPE '\\'";
        } else if (value.startsWith('/')) {
            // The path itself or anything below it; "/hooks" and "/hooks/" say the same.
            QByteArray path = value;
            while (path.size() > 1 && path.endsWith('/'))
                path.chop(1);
            if (path == "/") {
                condition = "(e.path >= '/' AND e.path < '0')";
            } else {
                // '/' + 1 is '0': the second range holds exactly the paths below.
                condition = "(e.path = " + param(path) + " OR (e.path >= " + param(path + '/') +
                            " AND e.path < " + param(path + '0') + "))";
            }
            const int depth = SearchText::pathDepth(path);
            if (depth <= SearchText::maxPathDepth) {
                indexed = facetExpression({SearchText::pathFacet(path)});
            } else {
                // Deeper than the index records: its ancestor at that depth narrows the search.
                qsizetype cut = 0;
                for (int level = 0; level <= SearchText::maxPathDepth; ++level)
                    cut = path.indexOf('/', cut + 1);
                indexed = facetExpression({SearchText::pathFacet(path.left(cut))});
                exactInIndex = false;
            }
        } else {
            condition = "e.path LIKE " + param("%" + likeEscaped(value) + "%") + " ESCAPE '\\'";
        }
        sqlIndexed = sqlIndexed && !value.contains('*') && value.startsWith('/');
        break;
    }
    case Field::Header: {
        const QByteArray value = term.headerValue ? param(*term.headerValue) : QByteArray("NULL");
        sqlIndexed = false;
        condition = "hs_header_match(e.request_headers, e.response_headers, " +
                    param(term.headerName) + ", " + value + ")";
        const QByteArray *wanted = term.headerValue ? &*term.headerValue : nullptr;
        if (wanted && !wanted->contains('*') && wanted->size() <= SearchText::maxHeaderValueFacet) {
            indexed = facetExpression({SearchText::headerValueFacet(term.headerName, *wanted)});
        } else {
            indexed = facetExpression({SearchText::headerNameFacet(term.headerName)});
            if (wanted) {
                // The header block holds "Name: value": the name's words, then the value's.
                if (!wanted->contains('*') && hasWordCharacter(*wanted))
                    indexed += " AND headers : " + ftsPhrase(term.headerName + ' ' + *wanted);
                exactInIndex = false;
            }
        }
        break;
    }
    case Field::Verdict: {
        QList<QByteArray> alternatives, words;
        for (FilterTerm::VerdictValue v : term.verdicts) {
            switch (v) {
            case FilterTerm::VerdictValue::Valid:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::Valid)));
                words.append(SearchText::verdictFacet(int(Verdict::Valid)));
                break;
            case FilterTerm::VerdictValue::Invalid:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::Invalid)));
                words.append(SearchText::verdictFacet(int(Verdict::Invalid)));
                break;
            case FilterTerm::VerdictValue::None:
                alternatives.append("e.verdict = " + QByteArray::number(int(Verdict::None)));
                words.append(SearchText::verdictFacet(int(Verdict::None)));
                break;
            case FilterTerm::VerdictValue::Blocked:
                alternatives.append("e.blocked = 1");
                words.append("hsblocked");
                break;
            }
        }
        condition = "(" + joined(alternatives, " OR ") + ")";
        indexed = facetExpression(words);
        break;
    }
    case Field::Replay:
        condition = term.replay ? "e.replay_of IS NOT NULL" : "e.replay_of IS NULL";
        sqlIndexed = sqlIndexed && term.replay; // the partial index holds replays only
        indexed = facetExpression({term.replay ? "hsreplay" : "hsoriginal"});
        break;
    }
    // IS NOT 1: a negated condition also holds where the column is NULL (no response, …).
    if (term.negated && !(term.field == Field::Status))
        condition = "(" + condition + ") IS NOT 1";
    m_sqlIndexed = sqlIndexed;
    append(m_conditions, condition, " AND ");

    // A narrowing phrase cannot be negated: not containing it says nothing about the term.
    if (!indexed.isEmpty() && (exactInIndex || !term.negated)) {
        m_usesIndex = true;
        (term.negated ? m_excluded : m_required).append(indexed);
    }
    if (indexed.isEmpty() || !exactInIndex)
        append(m_indexedConditions, condition, " AND ");
}

QByteArray FilterQuery::fromWhere(Part part, qint64 lower, qint64 upper) const
{
    if (m_invalid)
        return " FROM exchanges e WHERE 0";
    const QByteArray key = part == Part::Indexed ? "search.rowid" : "e.id";
    QByteArray bounds;
    if (lower > 0)
        bounds += " AND " + key + " > ?1";
    if (upper < noUpperBound)
        bounds += " AND " + key + " < ?2";
    switch (part) {
    case Part::Whole:
        return " FROM exchanges e WHERE " + m_conditions + bounds;
    case Part::Tail:
        return Rows::fromExchangesWithBodies() + "WHERE " + m_conditions +
               (m_tailText.isEmpty() ? QByteArray() : " AND " + m_tailText) + bounds;
    case Part::Indexed:
        break;
    }
    // The index drives (CROSS JOIN keeps it the outer loop): it yields ids in order within the
    // bounds, so a first page stops early however many exchanges match.
    return " FROM search CROSS JOIN exchanges e ON e.id = search.rowid WHERE search MATCH ?3" +
           bounds + " AND " + m_indexedConditions;
}

Statement FilterQuery::select(sqlite3 *db, Part part, const QByteArray &columns, qint64 lower,
                              qint64 upper, bool descending, qint64 limit) const
{
    const QByteArray key = part == Part::Indexed ? "search.rowid" : "e.id";
    return prepare(db,
                   "SELECT " + columns + fromWhere(part, lower, upper) + " ORDER BY " + key +
                       (descending ? " DESC" : " ASC") + " LIMIT ?5",
                   lower, upper, limit);
}

Statement FilterQuery::count(sqlite3 *db, Part part, qint64 lower, qint64 upper, qint64 cap) const
{
    QByteArray from = fromWhere(part, lower, upper);
    if (part == Part::Indexed && m_indexedConditions == "1" && !m_invalid) {
        // The index alone answers: no need to visit the rows.
        from = " FROM search WHERE search MATCH ?3";
        if (lower > 0)
            from += " AND rowid > ?1";
        if (upper < noUpperBound)
            from += " AND rowid < ?2";
    }
    if (cap < 0)
        return prepare(db, "SELECT count(*)" + from, lower, upper, cap);
    return prepare(db, "SELECT count(*) FROM (SELECT 1" + from + " LIMIT ?5)", lower, upper, cap);
}

Statement FilterQuery::prepare(sqlite3 *db, const QByteArray &sql, qint64 lower, qint64 upper,
                               qint64 limit) const
{
    Statement s(db, sql);
    if (!s.isValid())
        return s;
    // Binding a slot the statement does not use is a harmless error.
    s.bind(1, lower);
    s.bind(2, upper);
    QByteArray match = m_required.isEmpty() ? QByteArray("facets : hsany")
                                            : "(" + joined(m_required, ") AND (") + ")";
    for (const QByteArray &excluded : m_excluded)
        match = "(" + match + ") NOT (" + excluded + ")";
    s.bindText(3, match);
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
