#include "batchwriter.h"

#include "exchangerows.h"
#include "exchangewriter.h"
#include "schema.h"

namespace Hookscope::Store {

namespace {

WriteEvent &eventOf(QList<WriteEvent> &events, WriteEvent::Kind kind)
{
    if (events.isEmpty() || events.last().kind != kind)
        events.append(WriteEvent{kind, {}, {}});
    return events.last();
}

} // namespace

Result<BatchWriter> BatchWriter::open(const QString &path, const WriterOptions &options)
{
    Result<Database> db = openCaptureDatabase(path, ConnectionRole::Writer);
    if (!db)
        return Error{db.error()};
    BatchWriter w;
    w.m_db = std::move(db).value();
    w.m_path = path;
    w.m_retainCount = options.retainCount;
    w.m_retainBytes = options.retainBytes;
    w.m_rowCount = w.m_db.queryInt("SELECT count(*) FROM exchanges");
    w.m_newestId = w.m_db.queryInt("SELECT seq FROM sqlite_sequence WHERE name = 'exchanges'");
    w.m_indexedUpTo = w.m_db.queryInt("SELECT indexed_up_to FROM search_state");
    w.m_pageSize = w.m_db.queryInt("PRAGMA page_size", 4096);

    // A contentless index forgets a row when given the values it indexed for it; only rows at
    // or below the watermark (?2) were indexed.
    const QByteArray unindexSql =
        "INSERT INTO search (search, rowid, line, headers, body, facets) SELECT 'delete', e.id, " +
        Rows::searchColumns() + Rows::fromExchangesWithBodies();
    struct Prepared
    {
        Statement &statement;
        QByteArray sql;
    };
    const Prepared statements[] = {
        {w.m_insertExchange, Rows::insertExchangeSql()},
        {w.m_insertBodies,
         "INSERT INTO bodies (exchange_id, request, response) VALUES (?1, ?2, ?3)"},
        {w.m_deleteExchange, "DELETE FROM exchanges WHERE id = ?1"},
        {w.m_deleteBodies, "DELETE FROM bodies WHERE exchange_id = ?1"},
        {w.m_oldestIds, "SELECT id FROM exchanges ORDER BY id LIMIT ?1"},
        {w.m_deleteExchangesUpTo, "DELETE FROM exchanges WHERE id <= ?1"},
        {w.m_deleteBodiesUpTo, "DELETE FROM bodies WHERE exchange_id <= ?1"},
        {w.m_index, "INSERT INTO search (rowid, line, headers, body, facets) SELECT e.id, " +
                        Rows::searchColumns() + Rows::fromExchangesWithBodies() +
                        "WHERE e.id > ?1 AND e.id <= ?2 ORDER BY e.id"},
        {w.m_saveWatermark, "UPDATE search_state SET indexed_up_to = ?1"},
        {w.m_unindex, unindexSql + "WHERE e.id = ?1 AND e.id <= ?2"},
        {w.m_unindexUpTo, unindexSql + "WHERE e.id <= ?1 AND e.id <= ?2"},
    };
    for (const Prepared &p : statements) {
        p.statement = w.m_db.prepare(p.sql, true);
        if (!p.statement.isValid())
            return Error{QStringLiteral("cannot prepare the capture writer for %1: %2")
                             .arg(path, p.statement.errorMessage())};
    }
    return w;
}

Status BatchWriter::runWith(Statement &s, std::initializer_list<qint64> values)
{
    s.reset();
    int index = 0;
    for (qint64 value : values)
        s.bind(++index, value);
    return s.run();
}

Status BatchWriter::rollback(const Status &failure)
{
    m_db.exec("ROLLBACK");
    // Counters are re-read so that they match what the rollback left.
    m_rowCount = m_db.queryInt("SELECT count(*) FROM exchanges");
    m_newestId = m_db.queryInt("SELECT seq FROM sqlite_sequence WHERE name = 'exchanges'");
    m_indexedUpTo = m_db.queryInt("SELECT indexed_up_to FROM search_state");
    return Error{QStringLiteral("cannot write captures to %1: %2 (check free disk space and "
                                "that no other program locks the file)")
                     .arg(m_path, failure.error())};
}

Result<QList<WriteEvent>> BatchWriter::apply(std::vector<WriteOp> &ops)
{
    QList<WriteEvent> events;
    Status status = m_db.exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < ops.size() && status; ++i) {
        WriteOp &op = ops[i];
        switch (op.kind) {
        case WriteOp::Kind::Insert:
            if (op.replayOfOp >= 0 && size_t(op.replayOfOp) < i)
                op.exchange.replayOf = ops[size_t(op.replayOfOp)].exchange.id;
            status = insert(op.exchange, events);
            break;
        case WriteOp::Kind::Remove:
            status = remove(op.ids, events);
            break;
        case WriteOp::Kind::Clear:
            status = clear(events);
            break;
        }
    }
    if (status)
        status = enforceRetention(events);
    if (status)
        status = m_db.exec("COMMIT");
    if (!status)
        return Error{rollback(status).error()};
    return events;
}

Status BatchWriter::indexSome(qint64 ids)
{
    Status status = m_db.exec("BEGIN IMMEDIATE");
    if (status)
        status = indexUpTo(std::min(m_newestId, m_indexedUpTo + ids));
    if (status)
        status = m_db.exec("COMMIT");
    if (!status)
        return rollback(status);
    return {};
}

Status BatchWriter::indexUpTo(qint64 upTo)
{
    if (Status st = runWith(m_index, {m_indexedUpTo, upTo}); !st)
        return st;
    if (Status st = runWith(m_saveWatermark, {upTo}); !st)
        return st;
    m_indexedUpTo = upTo;
    return {};
}

Status BatchWriter::insert(Exchange &exchange, QList<WriteEvent> &events)
{
    Statement &s = m_insertExchange;
    s.reset();
    Rows::bindExchange(s, exchange);
    if (Status st = s.run(); !st)
        return st;
    exchange.id = m_db.lastInsertId();
    if (!exchange.requestBody.bytes.isEmpty() || !exchange.responseBody.bytes.isEmpty()) {
        Statement &b = m_insertBodies;
        b.reset();
        b.bind(1, exchange.id);
        b.bindBlob(2, exchange.requestBody.bytes);
        b.bindBlob(3, exchange.responseBody.bytes);
        if (Status st = b.run(); !st)
            return st;
    }
    ++m_rowCount;
    m_newestId = exchange.id;
    eventOf(events, WriteEvent::Kind::Added).added.append(summarize(exchange));
    return {};
}

Status BatchWriter::remove(const QList<qint64> &ids, QList<WriteEvent> &events)
{
    for (qint64 id : ids) {
        if (Status st = runWith(m_unindex, {id, m_indexedUpTo}); !st)
            return st;
        if (Status st = runWith(m_deleteBodies, {id}); !st)
            return st;
        if (Status st = runWith(m_deleteExchange, {id}); !st)
            return st;
        if (m_db.changes() > 0) {
            --m_rowCount;
            eventOf(events, WriteEvent::Kind::Removed).removed.append(id);
        }
    }
    return {};
}

Status BatchWriter::clear(QList<WriteEvent> &events)
{
    if (Status st = m_db.exec("INSERT INTO search (search) VALUES ('delete-all');"
                              "DELETE FROM bodies; DELETE FROM exchanges;");
        !st)
        return st;
    if (Status st = runWith(m_saveWatermark, {m_newestId}); !st)
        return st;
    m_indexedUpTo = m_newestId;
    m_rowCount = 0;
    events.append(WriteEvent{WriteEvent::Kind::Cleared, {}, {}});
    return {};
}

Status BatchWriter::enforceRetention(QList<WriteEvent> &events)
{
    if (m_retainCount > 0 && m_rowCount > m_retainCount) {
        if (Status st = deleteOldest(m_rowCount - m_retainCount, events); !st)
            return st;
    }
    // Used pages are cheap to read (two header fields); bodies summed per row would not be.
    // Deleting rows frees fewer pages than their share (index pages stay partly filled), so
    // measure again until under the bound.
    for (int round = 0; m_retainBytes > 0 && m_rowCount > 1 && round < 8; ++round) {
        const qint64 used =
            (m_db.queryInt("PRAGMA page_count") - m_db.queryInt("PRAGMA freelist_count")) *
            m_pageSize;
        if (used <= m_retainBytes)
            break;
        const qint64 perRow = std::max<qint64>(1, used / m_rowCount);
        const qint64 rows = std::min(m_rowCount - 1, (used - m_retainBytes) / perRow + 1);
        if (Status st = deleteOldest(rows, events); !st)
            return st;
    }
    return {};
}

Status BatchWriter::deleteOldest(qint64 rows, QList<WriteEvent> &events)
{
    WriteEvent &event = eventOf(events, WriteEvent::Kind::Removed);
    qint64 last = 0;
    m_oldestIds.reset();
    m_oldestIds.bind(1, rows);
    while (m_oldestIds.next()) {
        last = m_oldestIds.int64(0);
        event.removed.append(last);
    }
    if (!m_oldestIds.ok())
        return Error{m_oldestIds.errorMessage()};
    if (Status st = runWith(m_unindexUpTo, {last, m_indexedUpTo}); !st)
        return st;
    if (Status st = runWith(m_deleteBodiesUpTo, {last}); !st)
        return st;
    if (Status st = runWith(m_deleteExchangesUpTo, {last}); !st)
        return st;
    m_rowCount -= m_db.changes();
    return {};
}

} // namespace Hookscope::Store
