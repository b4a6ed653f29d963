#include "exchangewriter.h"

#include "batchwriter.h"
#include "checkpointer.h"

#include <QMetaObject>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <pthread.h>
#include <sched.h>
#include <thread>

namespace Hookscope::Store {

struct ExchangeWriter::Worker
{
    using Clock = std::chrono::steady_clock;
    static constexpr int yieldEvery = 16; // inserts between offers of the core (see commitBatch)
    static constexpr std::chrono::milliseconds politeFor{50};

    Worker(ExchangeWriter *owner, BatchWriter writer, std::unique_ptr<Checkpointer> checkpoints,
           const WriterOptions &options)
        : q(owner)
        , batches(std::move(writer))
        , checkpointer(std::move(checkpoints))
        , interval(options.batchIntervalMs)
        , quiet(options.indexQuietMs)
        , maxBatch(std::max(1, options.maxBatch))
        , removeChunk(std::max(1, options.removeChunk))
        , indexChunk(options.indexChunk)
        , indexBacklog(options.indexBacklog)
        , idleCheckpointBytes(options.idleCheckpointBytes)
        , checkpointBytes(options.checkpointBytes)
    {
        indexPending = indexChunk > 0 && batches.hasUnindexed();
    }

    void enqueue(WriteOp op);
    void enqueueRemoval(const QList<qint64> &ids);
    bool hasWork() const { return !queue.empty() || !removals.empty(); }
    void run();
    void commitBatch(std::unique_lock<std::mutex> &lock, std::vector<WriteOp> &batch);
    void indexSome(std::unique_lock<std::mutex> &lock, qint64 ids);
    void publish(const Result<QList<WriteEvent>> &result);
    void noteLogGrown();

    ExchangeWriter *q;
    BatchWriter batches;
    std::unique_ptr<Checkpointer> checkpointer;
    const std::chrono::milliseconds interval;
    const std::chrono::milliseconds quiet;
    const size_t maxBatch;
    const qsizetype removeChunk;
    const qint64 indexChunk;
    const qint64 indexBacklog;
    const qint64 idleCheckpointBytes;
    const qint64 checkpointBytes;

    std::mutex mutex;
    std::condition_variable wake;     // work arrived, a flush is wanted, or stop
    std::condition_variable progress; // a batch was committed or a chunk indexed
    std::deque<WriteOp> queue;
    std::deque<QList<qint64>> removals; // ids to delete, one chunk per transaction
    Clock::time_point oldestQueuedAt;
    Clock::time_point lastQueuedAt;
    quint64 enqueued = 0;  // operations ever queued
    quint64 completed = 0; // operations ever committed (or failed)
    bool flushWanted = false;
    bool indexWanted = false;   // flushAndIndex() waits: index without waiting for quiet
    bool indexPending = false;  // exchanges wait to be indexed and the last attempt worked
    bool checkpointDue = false; // the log grew past idleCheckpointBytes since the last request
    bool stopping = false;
    std::thread thread;
};

void ExchangeWriter::Worker::enqueue(WriteOp op)
{
    bool wakeWriter = false;
    {
        std::lock_guard lock(mutex);
        lastQueuedAt = Clock::now();
        if (queue.empty())
            oldestQueuedAt = lastQueuedAt;
        queue.push_back(std::move(op));
        ++enqueued;
        // The writer waits for the first operation of a batch, then for the batch to fill or its
        // time to pass: waking it for every capture in between would cost a context switch each.
        wakeWriter = queue.size() == 1 || queue.size() == maxBatch;
    }
    if (wakeWriter)
        wake.notify_one();
}

void ExchangeWriter::Worker::enqueueRemoval(const QList<qint64> &ids)
{
    // Deleting costs several times what storing does (each row leaves the search index too:
    // ~0.18 ms), so a large deletion goes one chunk per transaction beside the captures, which
    // thus still reach the disk within 100 ms. Ids are never reused, so captures queued after
    // the deletion may well be committed before it ends.
    {
        std::lock_guard lock(mutex);
        lastQueuedAt = Clock::now();
        for (qsizetype from = 0; from < ids.size(); from += removeChunk) {
            removals.push_back(ids.mid(from, removeChunk));
            ++enqueued;
        }
    }
    wake.notify_one();
}

void ExchangeWriter::Worker::run()
{
    pthread_setname_np(pthread_self(), "hookscope-store");
    // A batch policy thread is never woken in preference to the one that woke it: the proxy
    // thread keeps its core when it hands over captures, and the writer still gets its share.
    sched_param batchPolicy{};
    sched_setscheduler(0, SCHED_BATCH, &batchPolicy);
    std::vector<WriteOp> batch;
    std::unique_lock lock(mutex);
    for (;;) {
        wake.wait(lock, [this] { return stopping || hasWork() || indexPending || checkpointDue; });
        if (!hasWork()) {
            if (stopping)
                return; // indexing resumes when the file is next opened for writing
            // Indexing costs about as much as storing: while captures keep arriving it waits,
            // so that they never queue behind it. The checkpoint waits for the index.
            const bool arrived = wake.wait_until(lock, lastQueuedAt + quiet, [this] {
                return stopping || (indexPending && indexWanted) || hasWork();
            });
            if (indexPending && (!arrived || indexWanted)) {
                indexSome(lock, indexChunk);
            } else if (!arrived) {
                checkpointDue = false;
                checkpointer->request(Checkpointer::Mode::CopyAndTruncate);
            }
            continue;
        }
        // Let a batch gather for a moment: fewer, larger transactions under load, while the
        // first capture still reaches the disk well within 100 ms.
        // (Not while a deletion goes on: the writer is busy anyway.)
        if (removals.empty())
            wake.wait_until(lock, oldestQueuedAt + interval,
                            [this] { return stopping || flushWanted || queue.size() >= maxBatch; });
        commitBatch(lock, batch);
        // Under endless load there is no quiet time: past the backlog the index keeps pace.
        if (indexPending && batches.unindexed() > indexBacklog)
            indexSome(lock, std::max(indexChunk, batches.unindexed() - indexBacklog));
    }
}

void ExchangeWriter::Worker::commitBatch(std::unique_lock<std::mutex> &lock,
                                         std::vector<WriteOp> &batch)
{
    // Only the queue itself changes hands under the lock, so the proxy thread never waits long
    // to queue its next capture.
    const Clock::time_point since = oldestQueuedAt;
    std::deque<WriteOp> taken;
    if (queue.size() <= maxBatch) {
        taken.swap(queue);
    } else {
        const auto end = queue.begin() + std::ptrdiff_t(maxBatch);
        taken.assign(std::make_move_iterator(queue.begin()), std::make_move_iterator(end));
        queue.erase(queue.begin(), end);
    }
    if (queue.empty())
        flushWanted = false;
    else
        oldestQueuedAt = Clock::now() - interval;
    QList<qint64> removal;
    if (!removals.empty()) {
        removal = std::move(removals.front());
        removals.pop_front();
    }
    lock.unlock();

    batch.clear();
    batch.reserve(taken.size() + 1);
    std::move(taken.begin(), taken.end(), std::back_inserter(batch));
    taken.clear();
    if (!removal.isEmpty())
        batch.push_back(WriteOp{WriteOp::Kind::Remove, {}, std::move(removal), -1, {}});
    const size_t take = batch.size();
    // On a busy machine the proxy thread, the app and its clients may be waiting for the core
    // this batch runs on. Every few inserts the writer offers it to them (sched_yield costs
    // nothing when no one waits), as long as the batch is well within its 100 ms: under load on
    // two cores this raised the proxy's throughput by ~15% in back-to-back runs (README,
    // Benchmarks).
    int sinceYield = 0;
    const auto giveWay = [&] {
        if (++sinceYield < yieldEvery)
            return;
        sinceYield = 0;
        if (Clock::now() - since < politeFor)
            sched_yield();
    };
    const Result<QList<WriteEvent>> applied = batches.apply(batch, giveWay);
    publish(applied);
    for (const WriteOp &op : batch)
        if (op.written)
            op.written(applied ? op.exchange.id : 0);

    lock.lock();
    completed += take;
    indexPending = indexChunk > 0 && batches.hasUnindexed();
    noteLogGrown();
    progress.notify_all();
}

void ExchangeWriter::Worker::indexSome(std::unique_lock<std::mutex> &lock, qint64 ids)
{
    lock.unlock();
    const Result<QList<WriteEvent>> indexed = batches.indexSome(ids);
    publish(indexed);
    lock.lock();
    // After a failure, try again with the next batch rather than spin.
    indexPending = indexed && indexChunk > 0 && batches.hasUnindexed();
    if (!indexPending)
        indexWanted = false;
    noteLogGrown();
    progress.notify_all();
}

void ExchangeWriter::Worker::noteLogGrown()
{
    checkpointDue = batches.logBytes() >= idleCheckpointBytes;
    // Under endless load there is no idle time: past its bound the log is copied back at once.
    if (batches.logBytes() > checkpointBytes)
        checkpointer->request(Checkpointer::Mode::Copy);
}

void ExchangeWriter::Worker::publish(const Result<QList<WriteEvent>> &result)
{
    // Queued to the owner's thread: receivers and QSignalSpy see the signals in their own thread.
    ExchangeWriter *owner = q;
    if (!result) {
        const QString message = result.error();
        QMetaObject::invokeMethod(
            owner, [owner, message] { Q_EMIT owner->failed(message); }, Qt::QueuedConnection);
        return;
    }
    for (const WriteEvent &event : result.value()) {
        switch (event.kind) {
        case WriteEvent::Kind::Added:
            QMetaObject::invokeMethod(
                owner, [owner, added = event.added] { Q_EMIT owner->committed(added); },
                Qt::QueuedConnection);
            break;
        case WriteEvent::Kind::Removed:
            QMetaObject::invokeMethod(
                owner, [owner, ids = event.removed] { Q_EMIT owner->removed(ids, false); },
                Qt::QueuedConnection);
            break;
        case WriteEvent::Kind::Cleared:
            QMetaObject::invokeMethod(
                owner, [owner] { Q_EMIT owner->removed({}, true); }, Qt::QueuedConnection);
            break;
        }
    }
}

Result<std::unique_ptr<ExchangeWriter>> ExchangeWriter::open(const QString &path,
                                                             WriterOptions options)
{
    qRegisterMetaType<Hookscope::Store::ExchangeSummary>();
    qRegisterMetaType<QList<Hookscope::Store::ExchangeSummary>>();
    qRegisterMetaType<QList<qint64>>();

    Result<BatchWriter> batches = BatchWriter::open(path, options);
    if (!batches)
        return Error{batches.error()};
    Result<std::unique_ptr<Checkpointer>> checkpointer = Checkpointer::open(path);
    if (!checkpointer)
        return Error{checkpointer.error()};
    batches.value().deferCheckpoints();
    std::unique_ptr<ExchangeWriter> writer(new ExchangeWriter);
    writer->m_worker = std::make_unique<Worker>(writer.get(), std::move(batches).value(),
                                                std::move(checkpointer).value(), options);
    Worker *worker = writer->m_worker.get();
    worker->thread = std::thread([worker] { worker->run(); });
    return writer;
}

ExchangeWriter::~ExchangeWriter()
{
    if (!m_worker)
        return;
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->stopping = true;
    }
    m_worker->wake.notify_one();
    m_worker->thread.join();
}

void ExchangeWriter::submit(Exchange exchange)
{
    m_worker->enqueue(WriteOp{WriteOp::Kind::Insert, std::move(exchange), {}, -1, {}});
}

void ExchangeWriter::submit(Exchange exchange, std::function<void(qint64 id)> written)
{
    m_worker->enqueue(
        WriteOp{WriteOp::Kind::Insert, std::move(exchange), {}, -1, std::move(written)});
}

void ExchangeWriter::remove(QList<qint64> ids)
{
    m_worker->enqueueRemoval(ids);
}

void ExchangeWriter::clear()
{
    m_worker->enqueue(WriteOp{WriteOp::Kind::Clear, {}, {}, -1, {}});
}

void ExchangeWriter::flush()
{
    std::unique_lock lock(m_worker->mutex);
    const quint64 target = m_worker->enqueued;
    m_worker->flushWanted = true;
    m_worker->wake.notify_one();
    m_worker->progress.wait(lock, [this, target] { return m_worker->completed >= target; });
}

void ExchangeWriter::flushAndIndex()
{
    flush();
    std::unique_lock lock(m_worker->mutex);
    if (m_worker->indexPending) {
        m_worker->indexWanted = true;
        m_worker->wake.notify_one();
    }
    m_worker->progress.wait(lock,
                            [this] { return !m_worker->hasWork() && !m_worker->indexPending; });
}

} // namespace Hookscope::Store
