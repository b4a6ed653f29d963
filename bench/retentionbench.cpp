// Size retention under a flood, through the writer's synchronous half: batches of captures as
// the writer commits them, the index kept within its backlog as the writer does under endless
// load. Reports rows kept, the file, and the time per commit.
// hookscope_retentionbench --db PATH [--count N] [--retain-bytes B] [--retain-count C]
//                          [--batch K] [--backlog L]
#include "store/batchwriter.h"
#include "store/exchangewriter.h"
#include "syntheticexchanges.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cstdio>
#include <sqlite3.h>
#include <vector>

using namespace Hookscope;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes N synthetic captures into a size-bounded capture database."));
    parser.addHelpOption();
    const auto option = [&](const char *name, const char *help, const char *fallback) {
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("N"),
                          QString::fromLatin1(fallback)});
    };
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database file (replaced)."),
                      QStringLiteral("PATH")});
    option("count", "Exchanges (default 100000).", "100000");
    option("retain-bytes", "Size bound (default 50 MiB).", "52428800");
    option("retain-count", "Count bound (default none).", "0");
    option("batch", "Captures per commit (default 300: 20 ms at 15k/s).", "300");
    option("backlog", "Exchanges left unindexed after each commit (default: the writer's).",
           QByteArray::number(Store::WriterOptions{}.indexBacklog).constData());
    parser.process(app);
    const QString path = parser.value(QStringLiteral("db"));
    const auto number = [&](const char *name) {
        return parser.value(QString::fromLatin1(name)).toLongLong();
    };
    const qint64 count = number("count");
    const qint64 batch = std::max<qint64>(1, number("batch"));
    const qint64 backlog = number("backlog");
    if (path.isEmpty()) {
        std::fputs("hookscope_retentionbench: give --db PATH\n", stderr);
        return 2;
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);

    Store::WriterOptions options;
    options.retainBytes = number("retain-bytes");
    options.retainCount = number("retain-count");
    auto opened = Store::BatchWriter::open(path, options);
    if (!opened) {
        std::fprintf(stderr, "hookscope_retentionbench: %s\n", qPrintable(opened.error()));
        return 1;
    }
    Store::BatchWriter writer = std::move(opened).value();
    Bench::SyntheticExchanges synthetic(1);
    std::vector<double> commits; // ms per batch: its commit plus the indexing that follows it
    QElapsedTimer total;
    total.start();
    for (qint64 done = 0; done < count; done += batch) {
        std::vector<Store::WriteOp> ops;
        for (qint64 i = 0; i < std::min(batch, count - done); ++i)
            ops.push_back({Store::WriteOp::Kind::Insert, synthetic.next(), {}, -1, {}});
        QElapsedTimer timer;
        timer.start();
        const auto applied = writer.apply(ops);
        Status status = applied ? Status{} : Status{Error{applied.error()}};
        if (status && writer.unindexed() > backlog)
            if (auto indexed =
                    writer.indexSome(std::max<qint64>(256, writer.unindexed() - backlog));
                !indexed)
                status = Error{indexed.error()};
        if (!status) {
            std::fprintf(stderr, "hookscope_retentionbench: %s\n", qPrintable(status.error()));
            return 1;
        }
        commits.push_back(timer.nsecsElapsed() / 1e6);
        if ((done / batch) % 50 == 0)
            std::fprintf(stderr, "%lld: %lld rows\n", done + batch, writer.rowCount());
    }
    const double seconds = total.elapsed() / 1000.0;
    // Then the quiet time after the flood, when the writer indexes what is left in chunks.
    QElapsedTimer idle;
    idle.start();
    double slowestChunk = 0;
    while (writer.hasUnindexed()) {
        QElapsedTimer timer;
        timer.start();
        if (auto indexed = writer.indexSome(Store::WriterOptions{}.indexChunk); !indexed) {
            std::fprintf(stderr, "hookscope_retentionbench: %s\n", qPrintable(indexed.error()));
            return 1;
        }
        slowestChunk = std::max(slowestChunk, timer.nsecsElapsed() / 1e6);
    }
    // Read through a connection of its own: the file's pages include what is still in the WAL.
    sqlite3 *db = nullptr;
    sqlite3_open(path.toUtf8().constData(), &db);
    const auto pragma = [db](const char *sql) {
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        const qint64 value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
        sqlite3_finalize(stmt);
        return value;
    };
    const double pageMiB = pragma("PRAGMA page_size") / 1048576.0;
    const qint64 pages = pragma("PRAGMA page_count");
    const qint64 used = pages - pragma("PRAGMA freelist_count");
    sqlite3_close(db);
    std::sort(commits.begin(), commits.end());
    const auto at = [&](double q) { return commits[size_t(q * double(commits.size() - 1))]; };
    std::printf("%lld captures in %.1f s; ms per commit: median %.1f, p99 %.1f, max %.1f; "
                "then indexed in %.1f s (slowest chunk %.0f ms); %lld kept; %s: %.1f MiB, %.1f "
                "MiB in use\n",
                count, seconds, at(0.5), at(0.99), commits.back(), idle.elapsed() / 1000.0,
                slowestChunk, writer.rowCount(), qPrintable(path), pages * pageMiB, used * pageMiB);
    return 0;
}
