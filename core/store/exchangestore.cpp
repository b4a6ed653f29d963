#include "exchangestore.h"

#include "database.h"
#include "exchangerows.h"
#include "schema.h"
#include "statement.h"

#include <QDir>
#include <QStandardPaths>
#include <limits>

namespace Hookscope::Store {

namespace {

const QByteArray fromExchanges = " FROM exchanges e ";
const QByteArray fromExchangesWithBodies =
    " FROM exchanges e LEFT JOIN bodies b ON b.exchange_id = e.id ";

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
    Statement s = m_db->prepare("SELECT " + Rows::exchangeColumns() + fromExchangesWithBodies +
                                "WHERE e.id = ?1");
    s.bind(1, id);
    const bool found = s.next();
    m_lastError = s.errorMessage();
    if (!found)
        return std::nullopt;
    return Rows::readExchange(s);
}

QList<ExchangeSummary> ExchangeStore::page(qint64 beforeId, int limit) const
{
    return summaries("WHERE e.id < ?1 ORDER BY e.id DESC LIMIT ?2",
                     beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max(), limit);
}

QList<Exchange> ExchangeStore::exchangesAfter(qint64 afterId, int limit) const
{
    Statement s = m_db->prepare("SELECT " + Rows::exchangeColumns() + fromExchangesWithBodies +
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

QString defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/captures.sqlite");
}

} // namespace Hookscope::Store
