#pragma once

#include "common/result.h"
#include "exchange.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Hookscope::Store {

struct WriterOptions
{
    qint64 retainCount = 0; // keep only the newest N exchanges; 0 keeps all
    int batchIntervalMs = 20; // how long a batch may gather before it is committed
};

// The single writer of a capture database. It owns a thread with its own connection and commits
// what it is given in batches, one transaction per drained batch, so a capture reaches the disk
// within ~100 ms and the caller never waits on the disk.
class ExchangeWriter : public QObject
{
    Q_OBJECT
public:
    static Result<std::unique_ptr<ExchangeWriter>> open(const QString &path,
                                                        WriterOptions options = {});
    ~ExchangeWriter() override; // flushes what is queued, then stops the thread

    // Thread-safe and non-blocking: queues the exchange for the next batch.
    void submit(Exchange exchange);
    // Thread-safe: queue deletion of these ids, or of everything.
    void remove(QList<qint64> ids);
    void clear();
    // Blocks until everything queued before the call is committed.
    void flush();

Q_SIGNALS:
    // Emitted from the writer thread after each commit, with the rows it added (ids assigned).
    void committed(QList<Hookscope::Store::ExchangeSummary> added);
    // Emitted after rows were deleted (by remove, clear or retention).
    void removed(QList<qint64> ids, bool all);
    void failed(QString message);

private:
    ExchangeWriter() = default;
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace Hookscope::Store
