#pragma once

#include "common/result.h"
#include "exchange.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace Hookscope::Store {

struct WriterOptions
{
    qint64 retainCount = 0; // keep only the newest N exchanges; 0 keeps all
    // Keep the database's used pages under this many bytes by deleting the oldest exchanges;
    // 0 keeps all. The file does not shrink: freed pages are reused by new captures. The search
    // index counts once it is written; what deleted exchanges leave in it is merged away over
    // the next deletions, so the file may pass the bound by that for a while.
    qint64 retainBytes = 0;
    int batchIntervalMs = 20; // how long a batch may gather before it is committed
    int maxBatch = 4096;      // at most this many operations per transaction
    // Deletions go at most this many ids per transaction, between which captures are committed:
    // each id costs ~0.18 ms (its search index entries go too), so ~50 ms per transaction.
    int removeChunk = 256;
    // The full-text index is brought up to date in idle time, once no capture has arrived for
    // `indexQuietMs`, `indexChunk` ids per transaction between which new captures go first: a
    // burst of captures never waits for it. When more than `indexBacklog` exchanges wait, the
    // excess (at least a chunk) is indexed after every batch as well, so that the index keeps up
    // under endless load. Indexing costs ~70 us per exchange, several times what storing it does,
    // so a burst of up to 200,000 captures (13 s at 15,000/s) is stored at full speed and indexed
    // afterwards. Meanwhile searches read the exchanges not yet indexed row by row, ~10 us each
    // for a word: the first page still comes at once, the count of 200,000 takes ~2 s.
    // indexChunk 0 leaves the index behind (for tests; searches then read every row).
    int indexQuietMs = 50;
    int indexChunk = 256;
    qint64 indexBacklog = 200'000;
    // Committed captures go to SQLite's write-ahead log first. Copying the log back into the file
    // (a checkpoint, with two syncs to disk) runs on a thread of its own: in idle time, once the
    // index is up to date and the log holds `idleCheckpointBytes` (SQLite's own default is 1,000
    // pages), and at once when it holds `checkpointBytes`. A burst of up to ~300,000 captures
    // (~3.6 KiB of log each) is thus stored without syncing or copying anything meanwhile.
    qint64 idleCheckpointBytes = 16LL << 20;
    qint64 checkpointBytes = 1LL << 30;
};

// The single writer of a capture database. It owns a thread with its own connection and commits
// what it is given in batches, one transaction per drained batch, so a capture reaches the disk
// within ~100 ms and the caller never waits on the disk. The full-text index follows in idle
// time (ExchangeStore searches the newest, not yet indexed exchanges without it).
class ExchangeWriter : public QObject
{
    Q_OBJECT
public:
    // Opens (creating and migrating when needed) the database and starts the writer thread.
    static Result<std::unique_ptr<ExchangeWriter>> open(const QString &path,
                                                        WriterOptions options = {});
    ~ExchangeWriter() override; // flushes what is queued, then stops the thread

    // Thread-safe and non-blocking: queues the exchange for the next batch. Its id is assigned
    // when it is written (see committed()).
    void submit(Exchange exchange);
    // The same, and `written` is called with the new id once the exchange is committed, or with
    // 0 when its batch failed (failed() says why). It runs on the writer's thread: it must not
    // block, and should post what it learns to where it is needed.
    void submit(Exchange exchange, std::function<void(qint64 id)> written);
    // Thread-safe: queue deletion of these ids (in chunks, see removeChunk), or of everything.
    void remove(QList<qint64> ids);
    void clear();
    // Blocks until everything queued before the call is committed.
    void flush();
    // Blocks until everything queued is committed and in the search index.
    void flushAndIndex();

Q_SIGNALS:
    // After each commit, with the rows it added (ids assigned), oldest first. The signals are
    // posted from the writer thread to the thread this object lives in (which must run an event
    // loop) and arrive in the order the work was done.
    void committed(QList<Hookscope::Store::ExchangeSummary> added);
    // After rows were deleted (by remove, clear or retention); `all` after clear(), when `ids`
    // is empty.
    void removed(QList<qint64> ids, bool all);
    void failed(QString message);

private:
    ExchangeWriter() = default;
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace Hookscope::Store
