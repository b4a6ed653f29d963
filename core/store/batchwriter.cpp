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
    w.m_pageSize = w.m_db.queryInt("PRAGMA page_size", 4096);

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
    };
    for (const Prepared &p : statements) {
        p.statement = w.m_db.prepare(p.sql, true);
        if (!p.statement.isValid())
            return Error{QStringLiteral("cannot prepare the capture writer for %1: %2")
                             .arg(path, p.statement.errorMessage())};
    }
    return w;
}

Status BatchWriter::fail(const Statement &s)
{
    return Error{s.errorMessage()};
}

Result<QList<WriteEvent>> BatchWriter::apply(std::vector<WriteOp> &ops)
{
    QList<WriteEvent> events;
    const qint64 rowsBefore = m_rowCount;
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
    if (!status) {
        m_db.exec("ROLLBACK");
        m_rowCount = rowsBefore;
        return Error{QStringLiteral("cannot write captures to %1: %2 (check free disk space and "
                                    "that no other program locks the file)")
                         .arg(m_path, status.error())};
    }
    return events;
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
    eventOf(events, WriteEvent::Kind::Added).added.append(summarize(exchange));
    return {};
}

Status BatchWriter::remove(const QList<qint64> &ids, QList<WriteEvent> &events)
{
    for (qint64 id : ids) {
        m_deleteBodies.reset();
        m_deleteBodies.bind(1, id);
        if (Status st = m_deleteBodies.run(); !st)
            return st;
        m_deleteExchange.reset();
        m_deleteExchange.bind(1, id);
        if (Status st = m_deleteExchange.run(); !st)
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
    if (Status st = m_db.exec("DELETE FROM bodies; DELETE FROM exchanges;"); !st)
        return st;
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
        return fail(m_oldestIds);
    m_deleteBodiesUpTo.reset();
    m_deleteBodiesUpTo.bind(1, last);
    if (Status st = m_deleteBodiesUpTo.run(); !st)
        return st;
    m_deleteExchangesUpTo.reset();
    m_deleteExchangesUpTo.bind(1, last);
    if (Status st = m_deleteExchangesUpTo.run(); !st)
        return st;
    m_rowCount -= m_db.changes();
    return {};
}

} // namespace Hookscope::Store
