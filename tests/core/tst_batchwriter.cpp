#include "makeexchange.h"
#include "store/batchwriter.h"
#include "store/exchangewriter.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Hookscope;
using Store::BatchWriter;

namespace {

// Reads the file through a connection of its own, as any SQLite tool would.
struct FileProbe
{
    explicit FileProbe(const QString &path) { sqlite3_open(path.toUtf8().constData(), &db); }
    ~FileProbe() { sqlite3_close(db); }
    qint64 scalar(const char *sql) const
    {
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        const qint64 value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
        sqlite3_finalize(stmt);
        return value;
    }
    qint64 usedBytes() const
    {
        return (scalar("PRAGMA page_count") - scalar("PRAGMA freelist_count")) *
               scalar("PRAGMA page_size");
    }
    sqlite3 *db = nullptr;
};

std::unique_ptr<BatchWriter> openBatchWriter(const QString &path,
                                             const Store::WriterOptions &options)
{
    auto opened = BatchWriter::open(path, options);
    if (!opened)
        qWarning("%s", qPrintable(opened.error()));
    return opened ? std::make_unique<BatchWriter>(std::move(opened).value()) : nullptr;
}

// Commits `n` captures with 2 KiB request bodies in one batch.
bool insertBatch(BatchWriter &writer, int n)
{
    static int serial = 0;
    std::vector<Store::WriteOp> ops;
    for (int i = 0; i < n; ++i, ++serial) {
        Store::Exchange e = Testing::makeExchange(serial);
        e.requestBody.bytes = QByteArray(2048, char('a' + serial % 26));
        e.requestBody.size = 2048;
        ops.push_back({Store::WriteOp::Kind::Insert, std::move(e), {}, -1, {}});
    }
    const auto applied = writer.apply(ops);
    if (!applied)
        qWarning("%s", qPrintable(applied.error()));
    return bool(applied);
}

} // namespace

class TestBatchWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every row indexed before retention runs again, as under load (when the writer indexes
    // after each batch) or after idle time: deleting indexed rows adds tombstones to the index
    // instead of freeing its pages, which once made size retention delete nearly every row.
    void sizeRetentionKeepsWhatFitsWhenRowsAreIndexed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        const qint64 limit = 1024 * 1024;
        Store::WriterOptions options;
        options.retainBytes = limit;
        auto writer = openBatchWriter(path, options);
        QVERIFY(writer);
        FileProbe file(path);
        for (int batch = 0; batch < 30; ++batch) {
            QVERIFY(insertBatch(*writer, 256));
            QVERIFY(writer->indexSome(1'000'000));
            QVERIFY(!writer->hasUnindexed());
            const QString state = QStringLiteral("batch %1: %2 rows, %3 bytes used")
                                      .arg(batch)
                                      .arg(writer->rowCount())
                                      .arg(file.usedBytes());
            // About 260 of these fit in 1 MiB with their index; tombstones the index has not
            // merged away yet take some room for a while.
            QVERIFY2(writer->rowCount() >= 128, qPrintable(state));
            // Over the bound by at most the tombstones of what was just deleted.
            QVERIFY2(file.usedBytes() <= limit + limit / 8, qPrintable(state));
        }
        // What is kept is a contiguous run of the newest.
        QCOMPARE(file.scalar("SELECT max(id) - min(id) + 1 FROM exchanges"), writer->rowCount());
        QCOMPARE(file.scalar("SELECT max(id) FROM exchanges"), qint64(30 * 256));
    }

    // Deleted rows leave garbage in a contentless index until a merge reaches its oldest
    // segment, which FTS5's own merges of similar-sized segments seldom do: left to them, the
    // index of 200 rows swelled to five times its size and more as rows came and went.
    void indexGarbageIsMergedAway()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        Store::WriterOptions options;
        options.retainCount = 200;
        auto writer = openBatchWriter(path, options);
        QVERIFY(writer);
        FileProbe file(path);
        const auto indexPages = [&] { return file.scalar("SELECT count(*) FROM search_data"); };
        qint64 clean = 0; // the index of 200 rows before any was deleted
        for (int batch = 0; batch < 80; ++batch) {
            QVERIFY(insertBatch(*writer, 100));
            QVERIFY(writer->indexSome(1'000'000));
            if (batch == 1)
                clean = indexPages();
            QVERIFY2(batch < 1 || indexPages() <= 2 * clean,
                     qPrintable(QStringLiteral("batch %1: %2 index pages, %3 before deletes")
                                    .arg(batch)
                                    .arg(indexPages())
                                    .arg(clean)));
        }
        QCOMPARE(writer->rowCount(), qint64(200));
    }

    // The writer thread gives way to others between inserts (see ExchangeWriter); the batch
    // stays one transaction all the same: another connection sees none of it until the end.
    void betweenRunsBetweenOperationsOfOneTransaction()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        auto writer = openBatchWriter(path, {});
        QVERIFY(writer);
        FileProbe file(path);
        std::vector<Store::WriteOp> ops;
        for (int i = 0; i < 5; ++i)
            ops.push_back({Store::WriteOp::Kind::Insert, Testing::makeExchange(i), {}, -1, {}});
        int calls = 0;
        qint64 seenMeanwhile = 0;
        const auto applied = writer->apply(ops, [&] {
            ++calls;
            seenMeanwhile += file.scalar("SELECT count(*) FROM exchanges");
        });
        QVERIFY(applied);
        QCOMPARE(calls, 4);
        QCOMPARE(seenMeanwhile, qint64(0));
        QCOMPARE(file.scalar("SELECT count(*) FROM exchanges"), qint64(5));
    }
};

QTEST_GUILESS_MAIN(TestBatchWriter)
#include "tst_batchwriter.moc"
