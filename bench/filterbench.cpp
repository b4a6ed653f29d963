// Times filters on a capture database (first page of 100 + the match count), as the exchange
// list runs them: hookscope_filterbench --db PATH [--runs N] [FILTER…]
#include "store/exchangestore.h"
#include "store/filter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Hookscope;

namespace {

const char *const defaultFilters[] = {
    "",
    "resolved",
    "ZeroDivisionError",
    "\"division by zero\"",
    "checkout",
    "checkout*",
    "resol*",
    "refunded",
    "body:resolved",
    "method:POST",
    "method:GET",
    "status:4xx",
    "status:404",
    "status:none",
    "path:/webhooks/sentry",
    "path:stripe",
    "header:sentry-hook-resource=issue",
    "header:x-github-event=push",
    "header:x-github-event",
    "-header:stripe-signature method:POST",
    "verdict:invalid",
    "verdict:blocked",
    "replay:yes",
    "method:POST status:2xx resolved",
    "-resolved method:POST",
    "-status:2xx",
    "header:sentry-hook-resource=issue status:4xx",
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times filter queries on a capture database."));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Timed runs per filter (default 5)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addPositionalArgument(QStringLiteral("filter"), QStringLiteral("Filters to time."));
    parser.process(app);
    auto store = Store::ExchangeStore::open(parser.value(QStringLiteral("db")));
    if (!store) {
        std::fprintf(stderr, "hookscope_filterbench: %s\n", qPrintable(store.error()));
        return 1;
    }
    QStringList filters = parser.positionalArguments();
    if (filters.isEmpty()) {
        for (const char *f : defaultFilters)
            filters.append(QString::fromUtf8(f));
    }
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QElapsedTimer timer;
    timer.start();
    const qint64 total = (*store)->count();
    std::printf("%lld exchanges (count %.1f ms), indexed up to %lld\n\n", total,
                timer.nsecsElapsed() / 1e6, (*store)->indexedUpTo());
    std::printf("%-46s %10s %9s %9s %9s %9s\n", "filter", "matched", "page ms", "count ms",
                "total ms", "first ms");
    for (const QString &line : filters) {
        const Store::Filter filter = Store::Filter::parse(line);
        if (!filter.isValid()) {
            std::printf("%-46s %s\n", qPrintable(line), qPrintable(filter.error()->message));
            continue;
        }
        std::vector<double> pageMs, countMs, totalMs;
        double firstMs = 0;
        qint64 matched = 0;
        for (int run = 0; run <= runs; ++run) {
            timer.restart();
            const auto page = (*store)->page(filter, 0, 100);
            const double p = timer.nsecsElapsed() / 1e6;
            timer.restart();
            matched = (*store)->count(filter);
            const double c = timer.nsecsElapsed() / 1e6;
            if (run == 0) {
                firstMs = p + c;
                continue;
            }
            pageMs.push_back(p);
            countMs.push_back(c);
            totalMs.push_back(p + c);
        }
        std::printf("%-46s %10lld %9.1f %9.1f %9.1f %9.1f\n", qPrintable(line), matched,
                    median(pageMs), median(countMs), median(totalMs), firstMs);
    }
    return 0;
}
