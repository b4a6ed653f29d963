#pragma once

#include "common/result.h"
#include "database.h"
#include "exchange.h"
#include "statement.h"

#include <QList>
#include <functional>
#include <memory>
#include <vector>

namespace Hookscope::Store {

struct WriterOptions;

// One queued change to the capture database.
struct WriteOp
{
    enum class Kind { Insert, Remove, Clear };
    Kind kind = Kind::Insert;
    Exchange exchange; // Insert
    QList<qint64> ids; // Remove
    // Insert: the index in the same batch of an earlier Insert whose new id becomes this
    // exchange's replayOf (an import links replays before ids exist); -1 keeps replayOf.
    qsizetype replayOfOp = -1;
    // Insert: told the new id once the batch is committed, or 0 when it failed (on the writer's
    // thread).
    std::function<void(qint64 id)> written;
};

// What a committed batch did, in the order it happened.
struct WriteEvent
{
    enum class Kind { Added, Removed, Cleared };
    Kind kind = Kind::Added;
    QList<ExchangeSummary> added;
    QList<qint64> removed;
};

// The synchronous half of the writer: a connection with its statements prepared once, applying
// batches of operations in one transaction each, enforcing retention and keeping the full-text
// index up to date. Used from one thread.
class BatchWriter
{
public:
    static Result<BatchWriter> open(const QString &path, const WriterOptions &options);

    // Applies the operations in order in one transaction, then retention; on failure nothing is
    // applied and the message says why. The new exchanges are not indexed (see indexSome()).
    // `between`, when given, is called before each operation after the first (the writer thread
    // uses it to give way to other threads during a long batch).
    Result<QList<WriteEvent>> apply(std::vector<WriteOp> &ops,
                                    const std::function<void()> &between = {});

    // True when exchanges above the index watermark wait to be indexed.
    bool hasUnindexed() const { return m_indexedUpTo < m_newestId; }
    // How many ids above the watermark wait (removed ones included).
    qint64 unindexed() const { return m_newestId - m_indexedUpTo; }
    // Indexes the next exchanges in id order, at most `ids` ids further, in one transaction;
    // then, when the index has taken the file over the size bound, applies retention in another.
    // Tells the rows retention deleted.
    Result<QList<WriteEvent>> indexSome(qint64 ids);

    qint64 rowCount() const { return m_rowCount; }
    // From now on commits leave what they add to the write-ahead log there, instead of copying
    // the log back into the file every 1,000 pages (SQLite's automatic checkpoint): the caller
    // has a Checkpointer do that, when logBytes() tells it to. SQLite still copies everything
    // back when the last connection to the file closes.
    void deferCheckpoints();
    // After deferCheckpoints(), how much the log holds since it last started over: committed,
    // and maybe not yet copied into the file.
    qint64 logBytes() const { return qint64(*m_logFrames) * m_pageSize; }

private:
    BatchWriter() = default;
    Status insert(Exchange &exchange, QList<WriteEvent> &events);
    Status remove(const QList<qint64> &ids, QList<WriteEvent> &events);
    Status clear(QList<WriteEvent> &events);
    // What the full-text index holds, from its structure record.
    struct IndexShape
    {
        qint64 bytes = 0;     // its leaf pages (0 when the record cannot be read)
        bool merging = false; // a merge is under way
    };
    IndexShape indexShape();
    qint64 usedBytes();
    // Ends the caller's transaction: retention, the index's garbage, then commit, or rollback
    // when `status` or any of these failed. `staleBefore` is m_staleIndexRows at its start.
    Result<QList<WriteEvent>> retainAndCommit(Status status, QList<WriteEvent> events,
                                              qint64 staleBefore);
    Status enforceRetention(QList<WriteEvent> &events);
    // Merges the index's garbage away, given the indexed rows this batch deleted.
    Status reclaimIndex(qint64 stale);
    Status deleteOldest(qint64 rows, QList<WriteEvent> &events);
    // Indexes the exchanges with ids in (watermark, upTo] and moves the watermark there.
    Status indexUpTo(qint64 upTo);
    Status rollback(const Status &failure);
    // Runs a prepared statement again with its parameters bound to `values`.
    static Status runWith(Statement &s, std::initializer_list<qint64> values);

    Database m_db;
    // Frames in the log after the last commit, as SQLite's commit hook tells them; on the heap so
    // that the hook's pointer survives moves.
    std::unique_ptr<int> m_logFrames = std::make_unique<int>(0);
    QString m_path;
    qint64 m_retainCount = 0;
    qint64 m_retainBytes = 0;
    qint64 m_rowCount = 0;
    qint64 m_newestId = 0;    // the highest id ever assigned (ids are never reused)
    qint64 m_indexedUpTo = 0; // every exchange with a lower or equal id is in the index
    qint64 m_pageSize = 4096;
    // Indexed rows deleted since the last whole-index merge started: their entries and
    // tombstones are garbage in the index until a merge reaches the oldest segment.
    qint64 m_staleIndexRows = 0;
    Statement m_insertExchange;
    Statement m_insertBodies;
    Statement m_existingIds;
    Statement m_deleteExchanges;
    Statement m_deleteBodies;
    Statement m_oldestIds;
    Statement m_deleteExchangesUpTo;
    Statement m_deleteBodiesUpTo;
    Statement m_index;
    Statement m_saveWatermark;
    Statement m_unindex;
    Statement m_unindexUpTo;
    Statement m_indexStructure;
    Statement m_mergeIndex;
};

} // namespace Hookscope::Store
