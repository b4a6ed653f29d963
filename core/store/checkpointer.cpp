#include "checkpointer.h"

#include "database.h"
#include "schema.h"

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <sqlite3.h>
#include <thread>
#include <utility>

namespace Hookscope::Store {

struct Checkpointer::Worker
{
    explicit Worker(Database connection)
        : db(std::move(connection))
    {}
    void run();

    Database db;
    std::mutex mutex;
    std::condition_variable wake;
    bool wanted = false;
    bool truncate = false;
    bool stopping = false;
    std::thread thread;
};

void Checkpointer::Worker::run()
{
    pthread_setname_np(pthread_self(), "hookscope-ckpt");
    std::unique_lock lock(mutex);
    for (;;) {
        wake.wait(lock, [this] { return stopping || wanted; });
        if (stopping)
            return;
        const bool thenTruncate = std::exchange(truncate, false);
        wanted = false;
        lock.unlock();
        // Passive: copies what no reader still needs and returns; SQLITE_BUSY (another
        // connection checkpoints) leaves it to the next request.
        sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                  nullptr);
        // Truncating takes the write lock, but there is next to nothing left to copy by now. It
        // gives up at once (no busy timeout) when the writer holds the lock or a reader still
        // reads from the log. Cutting a large log costs the kernel a while: done on the next
        // commit instead, it once showed as a latency spike at the start of the next burst.
        if (thenTruncate)
            sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                                      nullptr);
        lock.lock();
    }
}

Result<std::unique_ptr<Checkpointer>> Checkpointer::open(const QString &path)
{
    Result<Database> db = openCaptureDatabase(path, ConnectionRole::Writer);
    if (!db)
        return Error{db.error()};
    sqlite3_busy_timeout(db->handle(), 0);
    std::unique_ptr<Checkpointer> checkpointer(new Checkpointer);
    checkpointer->m_worker = std::make_unique<Worker>(std::move(db).value());
    Worker *worker = checkpointer->m_worker.get();
    worker->thread = std::thread([worker] { worker->run(); });
    return checkpointer;
}

Checkpointer::~Checkpointer()
{
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->stopping = true;
    }
    m_worker->wake.notify_one();
    m_worker->thread.join();
}

void Checkpointer::request(Mode mode)
{
    {
        std::lock_guard lock(m_worker->mutex);
        m_worker->wanted = true;
        m_worker->truncate = m_worker->truncate || mode == Mode::CopyAndTruncate;
    }
    m_worker->wake.notify_one();
}

} // namespace Hookscope::Store
