#include "exchangestore.h"

#include "database.h"
#include "exchangerows.h"
#include "filterquery.h"
#include "schema.h"
#include "statement.h"

#include <QDir>
#include <QStandardPaths>
#include <algorithm>
#include <limits>

namespace Hookscope::Store {

namespace {

const QByteArray fromExchanges = " FROM exchanges e ";

} // namespace

Result<std::unique_ptr<ExchangeStore>> ExchangeStore::open(const QString &path)
{
    Result<Database> db = openCaptureDatabase(path, ConnectionRole::Reader);
    if (!db)
        return Error{db.error()};
    std::unique_ptr<ExchangeStore> store(new ExchangeStore);
    store->m_db = std::make_unique<Database>(std::move(db).value());
    store->m_path = path;
    return store;
}

ExchangeStore::~ExchangeStore() = default;

sqlite3 *ExchangeStore::handle() const
{
    return m_db->handle();
}

std::optional<Exchange> ExchangeStore::exchange(qint64 id) const
{
    Statement s = m_db->prepare("SELECT " + Rows::exchangeColumns() +
                                Rows::fromExchangesWithBodies() + "WHERE e.id = ?1");
    s.bind(1, id);
    const bool found = s.next();
    m_lastError = s.errorMessage();
    if (!found)
        return std::nullopt;
    return Rows::readExchange(s);
}

bool ExchangeStore::contains(qint64 id) const
{
    Statement s = m_db->prepare("SELECT 1 FROM exchanges WHERE id = ?1");
    s.bind(1, id);
    const bool found = s.next();
    m_lastError = s.errorMessage();
    return found;
}

QList<ExchangeSummary> ExchangeStore::page(qint64 beforeId, int limit) const
{
    return summaries("WHERE e.id < ?1 ORDER BY e.id DESC LIMIT ?2",
                     beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(), limit);
}

QList<Exchange> ExchangeStore::exchangesAfter(qint64 afterId, int limit) const
{
    Statement s =
        m_db->prepare("SELECT " + Rows::exchangeColumns() + Rows::fromExchangesWithBodies() +
                      "WHERE e.id > ?1 ORDER BY e.id LIMIT ?2");
    s.bind(1, afterId);
    s.bind(2, limit);
    return collect(s, Rows::readExchange);
}

QList<ExchangeSummary> ExchangeStore::newerThan(qint64 afterId, int limit) const
{
    return summaries("WHERE e.id > ?1 ORDER BY e.id LIMIT ?2", afterId, limit);
}

QList<ExchangeSummary> ExchangeStore::summaries(const QByteArray &clause, qint64 key,
                                                int limit) const
{
    Statement s = m_db->prepare("SELECT " + Rows::summaryColumns() + fromExchanges + clause);
    s.bind(1, key);
    s.bind(2, limit);
    return collect(s, Rows::readSummary);
}

template<typename Read>
auto ExchangeStore::collect(Statement &s, Read read) const -> QList<decltype(read(s))>
{
    QList<decltype(read(s))> out;
    while (s.next())
        out.append(read(s));
    m_lastError = s.errorMessage();
    return out;
}

qint64 ExchangeStore::count() const
{
    return m_db->queryInt("SELECT count(*) FROM exchanges");
}

qint64 ExchangeStore::newestId() const
{
    return m_db->queryInt("SELECT max(id) FROM exchanges");
}

qint64 ExchangeStore::indexedUpTo() const
{
    return m_db->queryInt("SELECT indexed_up_to FROM search_state");
}

namespace {

constexpr qint64 noUpperBound = std::numeric_limits<qint64>::max();

struct PartRange
{
    FilterQuery::Part part;
    qint64 lower;
    qint64 upper;
};

// The id ranges to query, newest first when descending: exchanges above the watermark are
// newer than every indexed one.
QList<PartRange> partsOf(bool usesIndex, qint64 watermark, qint64 lower, qint64 upper,
                         bool descending)
{
    if (!usesIndex)
        return {{FilterQuery::Part::Whole, lower, upper}};
    const PartRange indexed{FilterQuery::Part::Indexed, lower, std::min(upper, watermark + 1)};
    const PartRange tail{FilterQuery::Part::Tail, std::max(lower, watermark), upper};
    QList<PartRange> parts;
    for (const PartRange &r : descending ? QList{tail, indexed} : QList{indexed, tail}) {
        if (r.lower + 1 < r.upper)
            parts.append(r);
    }
    return parts;
}

} // namespace

template<typename Read>
auto ExchangeStore::matching(const FilterQuery &query, const QByteArray &columns, qint64 lower,
                             qint64 upper, bool descending, qint64 limit, Read read) const
    -> QList<decltype(read(std::declval<Statement &>()))>
{
    QList<decltype(read(std::declval<Statement &>()))> out;
    const qint64 watermark = query.usesIndex() ? indexedUpTo() : 0;
    for (const PartRange &r : partsOf(query.usesIndex(), watermark, lower, upper, descending)) {
        const qint64 remaining = limit < 0 ? -1 : limit - out.size();
        if (remaining == 0)
            break;
        Statement s =
            query.select(m_db->handle(), r.part, columns, r.lower, r.upper, descending, remaining);
        if (!s.isValid()) {
            m_lastError = s.errorMessage();
            return {};
        }
        out += collect(s, read);
    }
    return out;
}

QList<ExchangeSummary> ExchangeStore::page(const Filter &filter, qint64 beforeId, int limit) const
{
    return matching(FilterQuery(filter), Rows::summaryColumns(), 0,
                    beforeId > 0 ? beforeId : noUpperBound, true, limit, Rows::readSummary);
}

QList<ExchangeSummary> ExchangeStore::newerThan(const Filter &filter, qint64 afterId,
                                                int limit) const
{
    return matching(FilterQuery(filter), Rows::summaryColumns(), afterId, noUpperBound, false,
                    limit, Rows::readSummary);
}

QList<qint64> ExchangeStore::ids(const Filter &filter) const
{
    const auto readId = [](const Statement &s) { return s.int64(0); };
    if (!filter.isValid())
        return {};
    if (!filter.isEmpty())
        return matching(FilterQuery(filter), "e.id", 0, noUpperBound, true, -1, readId);
    // Without ORDER BY the planner reads the ids from the narrowest index (a few MB for a million
    // rows) instead of walking the whole table; sorting them here costs far less than that walk.
    Statement s = m_db->prepare("SELECT id FROM exchanges");
    QList<qint64> all = collect(s, readId);
    std::sort(all.begin(), all.end(), std::greater<>());
    return all;
}

QList<qint64> ExchangeStore::matchingIds(const Filter &filter, int limit) const
{
    return matching(FilterQuery(filter), "e.id", 0, noUpperBound, false, limit,
                    [](const Statement &s) { return s.int64(0); });
}

qint64 ExchangeStore::count(const Filter &filter, qint64 cap) const
{
    const FilterQuery query(filter);
    const bool usesIndex = !query.countsWithoutIndex();
    const qint64 watermark = usesIndex ? indexedUpTo() : 0;
    qint64 total = 0;
    for (const PartRange &r : partsOf(usesIndex, watermark, 0, noUpperBound, true)) {
        const qint64 remaining = cap < 0 ? -1 : cap - total;
        if (remaining == 0)
            break;
        Statement s = query.count(m_db->handle(), r.part, r.lower, r.upper, remaining);
        if (!s.next()) {
            m_lastError = s.errorMessage();
            return total;
        }
        total += s.int64(0);
    }
    return total;
}

QString defaultDatabasePath()
{
    // $XDG_DATA_HOME/hookscope (~/.local/share/hookscope), whatever the program's names.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                        QStringLiteral("/hookscope");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/captures.sqlite");
}

} // namespace Hookscope::Store
