#include "batchwriter.h"

#include "exchangerows.h"
#include "exchangewriter.h"
#include "schema.h"

#include <algorithm>
#include <sqlite3.h>

namespace Hookscope::Store {

namespace {

WriteEvent &eventOf(QList<WriteEvent> &events, WriteEvent::Kind kind)
{
    if (events.isEmpty() || events.last().kind != kind)
        events.append(WriteEvent{kind, {}, {}});
    return events.last();
}

int noteLogFrames(void *frames, sqlite3 *, const char *, int count)
{
    *static_cast<int *>(frames) = count;
    return SQLITE_OK;
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
    // A positive 'merge' (see reclaimIndex()) resumes an ongoing merge only when no level holds
    // more segments than it and at least this many: 2 lets it resume through small levels.
    if (w.m_db.queryInt("SELECT v FROM search_config WHERE k = 'usermerge'") != 2) {
        if (Status st = w.m_db.exec("INSERT INTO search (search, rank) VALUES ('usermerge', 2)");
            !st)
            return Error{QStringLiteral("cannot prepare the capture writer for %1: %2")
                             .arg(path, st.error())};
    }

    // A contentless index forgets a row when given the values it indexed for it; only rows at
    // or below the watermark (?2) were indexed.
    const QByteArray unindexSql =
        "INSERT INTO search (search, rowid, line, headers, body, facets) SELECT 'delete', e.id, " +
        Rows::searchColumns() + Rows::fromExchangesWithBodies();
    // The ids of a deletion, given as a JSON array in ?1: each statement takes all of them at
    // once. FTS5 writes what each statement changed as an index segment of its own, so taking
    // rows out of the index one statement per id cost ~5 times as much (545 against 99 us a row).
    const QByteArray idList = "(SELECT value FROM json_each(?1)) ";
    struct Prepared
    {
        Statement &statement;
        QByteArray sql;
    };
    const Prepared statements[] = {
        {w.m_insertExchange, Rows::insertExchangeSql()},
        {w.m_insertBodies,
         "INSERT INTO bodies (exchange_id, request, response) VALUES (?1, ?2, ?3)"},
        {w.m_existingIds, "SELECT id FROM exchanges WHERE id IN " + idList + "ORDER BY id"},
        {w.m_deleteExchanges, "DELETE FROM exchanges WHERE id IN " + idList},
        {w.m_deleteBodies, "DELETE FROM bodies WHERE exchange_id IN " + idList},
        {w.m_oldestIds, "SELECT id FROM exchanges ORDER BY id LIMIT ?1"},
        {w.m_deleteExchangesUpTo, "DELETE FROM exchanges WHERE id <= ?1"},
        {w.m_deleteBodiesUpTo, "DELETE FROM bodies WHERE exchange_id <= ?1"},
        {w.m_index, "INSERT INTO search (rowid, line, headers, body, facets) SELECT e.id, " +
                        Rows::searchColumns() + Rows::fromExchangesWithBodies() +
                        "WHERE e.id > ?1 AND e.id <= ?2 ORDER BY e.id"},
        {w.m_saveWatermark, "UPDATE search_state SET indexed_up_to = ?1"},
        {w.m_unindex, unindexSql + "WHERE e.id IN " + idList + "AND e.id <= ?2 ORDER BY e.id"},
        {w.m_unindexUpTo, unindexSql + "WHERE e.id <= ?1 AND e.id <= ?2"},
        {w.m_indexStructure, "SELECT block FROM search_data WHERE id = 10"},
        {w.m_mergeIndex, "INSERT INTO search (search, rank) VALUES ('merge', ?1)"},
    };
    for (const Prepared &p : statements) {
        p.statement = w.m_db.prepare(p.sql, true);
        if (!p.statement.isValid())
            return Error{QStringLiteral("cannot prepare the capture writer for %1: %2")
                             .arg(path, p.statement.errorMessage())};
    }
    return w;
}

void BatchWriter::deferCheckpoints()
{
    // The hook replaces SQLite's automatic checkpoint.
    sqlite3_wal_hook(m_db.handle(), noteLogFrames, m_logFrames.get());
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

Result<QList<WriteEvent>> BatchWriter::apply(std::vector<WriteOp> &ops,
                                             const std::function<void()> &between)
{
    QList<WriteEvent> events;
    const qint64 staleBefore = m_staleIndexRows;
    Status status = m_db.exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < ops.size() && status; ++i) {
        if (i > 0 && between)
            between();
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
    return retainAndCommit(status, std::move(events), staleBefore);
}

Result<QList<WriteEvent>> BatchWriter::retainAndCommit(Status status, QList<WriteEvent> events,
                                                       qint64 staleBefore)
{
    if (status)
        status = enforceRetention(events);
    if (status)
        status = reclaimIndex(m_staleIndexRows - staleBefore);
    if (status)
        status = m_db.exec("COMMIT");
    if (!status) {
        m_staleIndexRows = staleBefore;
        return Error{rollback(status).error()};
    }
    return events;
}

Result<QList<WriteEvent>> BatchWriter::indexSome(qint64 ids)
{
    Status status = m_db.exec("BEGIN IMMEDIATE");
    if (status)
        status = indexUpTo(std::min(m_newestId, m_indexedUpTo + ids));
    if (status)
        status = m_db.exec("COMMIT");
    if (!status)
        return Error{rollback(status).error()};
    // The index is part of the file: measured once written, what it took counts against the
    // size bound at once rather than from the next batch (which may be long in coming).
    if (m_retainBytes <= 0 || usedBytes() <= m_retainBytes)
        return QList<WriteEvent>{};
    const qint64 staleBefore = m_staleIndexRows;
    return retainAndCommit(m_db.exec("BEGIN IMMEDIATE"), {}, staleBefore);
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
    if (ids.isEmpty())
        return {};
    QByteArray list = "[";
    for (qint64 id : ids)
        list += QByteArray::number(id) + ',';
    list.back() = ']';

    QList<qint64> existing;
    m_existingIds.reset();
    m_existingIds.bindText(1, list);
    while (m_existingIds.next())
        existing.append(m_existingIds.int64(0));
    if (!m_existingIds.ok())
        return Error{m_existingIds.errorMessage()};
    if (existing.isEmpty())
        return {};
    for (Statement *s : {&m_unindex, &m_deleteBodies, &m_deleteExchanges}) {
        s->reset();
        s->bindText(1, list);
        if (s == &m_unindex)
            s->bind(2, m_indexedUpTo);
        if (Status st = s->run(); !st)
            return st;
    }
    m_rowCount -= existing.size();
    m_staleIndexRows += std::count_if(existing.begin(), existing.end(),
                                      [this](qint64 id) { return id <= m_indexedUpTo; });
    eventOf(events, WriteEvent::Kind::Removed).removed.append(existing);
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
    m_staleIndexRows = 0;
    events.append(WriteEvent{WriteEvent::Kind::Cleared, {}, {}});
    return {};
}

qint64 BatchWriter::usedBytes()
{
    // Two header fields: cheap at any size, unlike summing rows or walking the index.
    return (m_db.queryInt("PRAGMA page_count") - m_db.queryInt("PRAGMA freelist_count")) *
           m_pageSize;
}

BatchWriter::IndexShape BatchWriter::indexShape()
{
    // The FTS5 structure record (search_data row 10, described in SQLite's fts5_index.c): a
    // 4-byte cookie, then varints: levels, segments, write counter, and per level the segments
    // in an ongoing merge, the segments, and per segment its id, first and last leaf page. One
    // small row: reading it costs the same at any index size, unlike counting the index's pages.
    IndexShape shape;
    m_indexStructure.reset();
    if (!m_indexStructure.next())
        return shape;
    const QByteArray record = m_indexStructure.bytes(0);
    qsizetype at = 4;
    const auto varint = [&](qint64 &value) {
        // SQLite's varints: 7 bits a byte while the high bit says more follow; a ninth gives 8.
        value = 0;
        for (int i = 0; i < 9 && at < record.size(); ++i) {
            const auto byte = quint8(record[at++]);
            if (i == 8) {
                value = (value << 8) | byte;
                return true;
            }
            value = (value << 7) | (byte & 0x7f);
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    qint64 levels = 0, segments = 0, writes = 0;
    // A record that starts differently (a newer layout) leaves the index uncounted.
    if (record.size() < 4 || quint8(record[4]) == 0xff || !varint(levels) || !varint(segments) ||
        !varint(writes))
        return shape;
    qint64 leaves = 0;
    for (qint64 level = 0; level < levels; ++level) {
        qint64 merging = 0, count = 0;
        if (!varint(merging) || !varint(count))
            return shape;
        shape.merging = shape.merging || merging > 0;
        for (qint64 segment = 0; segment < count; ++segment) {
            qint64 id = 0, first = 0, last = 0;
            if (!varint(id) || !varint(first) || !varint(last))
                return {};
            leaves += last - first + 1;
        }
    }
    // A leaf holds up to the index's page size (16000 bytes, schema.cpp): one database page.
    shape.bytes = leaves * m_pageSize;
    return shape;
}

Status BatchWriter::enforceRetention(QList<WriteEvent> &events)
{
    if (m_retainCount > 0 && m_rowCount > m_retainCount) {
        if (Status st = deleteOldest(m_rowCount - m_retainCount, events); !st)
            return st;
    }
    if (m_retainBytes <= 0 || m_rowCount <= 1)
        return {};
    qint64 used = usedBytes();
    if (used <= m_retainBytes)
        return {};
    // Deleting rows frees their table pages at once, but the contentless index forgets a row by
    // adding a tombstone: its pages come back only when a merge folds the tombstones into the
    // entries they cancel (reclaimIndex()). So the rows' share is taken from
    // the tables alone, and enough rows are deleted for the tables to fit in the room the index
    // leaves; counting the whole file per row would delete rows to pay for index garbage, and
    // then more for the tombstones that adds, until almost nothing was kept.
    qint64 index = indexShape().bytes;
    const qint64 room = m_retainBytes - index;
    // Measured again until it fits: rows share pages, so deleting frees a little less than their
    // average share. The index is read again too: a large delete spills tombstones early.
    for (int round = 0; round < 8 && m_rowCount > 1; ++round) {
        const qint64 tables = used - index;
        if (tables <= room)
            break;
        const qint64 perRow = std::max<qint64>(1, tables / m_rowCount);
        const qint64 rows = std::min(m_rowCount - 1, (tables - room) / perRow + 1);
        if (Status st = deleteOldest(rows, events); !st)
            return st;
        used = usedBytes();
        index = indexShape().bytes;
    }
    return {};
}

Status BatchWriter::reclaimIndex(qint64 stale)
{
    if (stale <= 0)
        return {};
    // Tombstones and the entries they cancel stay in the index until a merge takes in the
    // oldest segment, and FTS5's own merges of similar-sized segments rarely do: under steady
    // retention the index would keep every row ever indexed. So once the rows deleted since the
    // last such merge reach half of those kept, a merge of the whole index starts ('merge' with
    // a negative size gathers every segment), and each batch that deletes continues it
    // ('merge' with a positive size resumes it) by twice the index pages of the rows it
    // deleted: the merge ends before the next half is deleted, each batch pays in proportion
    // to what it deleted, and the index stays under about twice its live size.
    const IndexShape shape = indexShape();
    if (!shape.merging && 2 * m_staleIndexRows < m_rowCount)
        return {};
    const qint64 leaves = shape.bytes / m_pageSize;
    const qint64 pages = std::clamp<qint64>(
        2 * stale * leaves / std::max<qint64>(1, m_rowCount + m_staleIndexRows), 16, 4096);
    if (!shape.merging)
        m_staleIndexRows = 0;
    return runWith(m_mergeIndex, {shape.merging ? pages : -pages});
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
        if (last <= m_indexedUpTo)
            ++m_staleIndexRows;
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
