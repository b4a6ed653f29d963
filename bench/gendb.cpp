// Generates a capture database of N realistic exchanges through the normal writer, for the scale
// benchmarks: hookscope_gendb --db PATH [--count N] [--seed S]
#include "store/exchangewriter.h"
#include "syntheticexchanges.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <cstdio>

using namespace Hookscope;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes N synthetic captures into a new capture database."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database file (replaced)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Exchanges (default 1000000)."),
                      QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
                      QStringLiteral("S"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("store-only"),
                      QStringLiteral("Leave the search index behind (to time storing alone).")});
    parser.process(app);
    const QString path = parser.value(QStringLiteral("db"));
    bool countOk = false;
    const qint64 count = parser.value(QStringLiteral("count")).toLongLong(&countOk);
    if (path.isEmpty() || !countOk || count < 0) {
        std::fputs("hookscope_gendb: give --db PATH and a --count of 0 or more\n", stderr);
        return 2;
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);

    Store::WriterOptions options;
    options.batchIntervalMs = 50;
    options.maxBatch = 8192;
    options.indexChunk = 20'000;
    if (parser.isSet(QStringLiteral("store-only"))) {
        options.indexChunk = 0;
    }
    auto writer = Store::ExchangeWriter::open(path, options);
    if (!writer) {
        std::fprintf(stderr, "hookscope_gendb: %s\n", qPrintable(writer.error()));
        return 1;
    }
    QObject::connect(writer->get(), &Store::ExchangeWriter::failed, [](const QString &message) {
        std::fprintf(stderr, "hookscope_gendb: %s\n", qPrintable(message));
    });

    Bench::SyntheticExchanges synthetic(parser.value(QStringLiteral("seed")).toUInt());
    QElapsedTimer timer;
    timer.start();
    // Generate the next chunk while the writer commits the previous one, and never queue more
    // than two chunks' worth.
    constexpr qint64 chunk = 20'000;
    for (qint64 done = 0; done < count;) {
        const qint64 n = std::min(chunk, count - done);
        QList<Store::Exchange> batch;
        batch.reserve(n);
        for (qint64 i = 0; i < n; ++i)
            batch.append(synthetic.next());
        (*writer)->flush();
        for (Store::Exchange &e : batch)
            (*writer)->submit(std::move(e));
        done += n;
        if (done % 100'000 == 0)
            std::fprintf(stderr, "%lld…\n", done);
    }
    (*writer)->flush();
    const double storeSeconds = timer.elapsed() / 1000.0;
    (*writer)->flushAndIndex();
    const double seconds = timer.elapsed() / 1000.0;
    writer.value().reset();
    const qint64 size = QFileInfo(path).size();
    std::printf("%lld exchanges stored in %.1f s (%.0f/s), indexed for search after %.1f s; "
                "%s: %.1f MiB (%.0f bytes per exchange)\n",
                count, storeSeconds, count / storeSeconds, seconds, qPrintable(path),
                size / 1048576.0, count ? double(size) / count : 0.0);
    return 0;
}
