#include "cli.h"
#include "commands.h"
#include "consoleline.h"
#include "diffoutput.h"
#include "replay/replaycomparison.h"
#include "replay/replayer.h"
#include "store/exchangestore.h"
#include "store/filter.h"
#include "webhooks/registry.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstdio>
#include <limits>

namespace Hookscope::App {

namespace {

void warn(const QStringList &warnings)
{
    for (const QString &warning : warnings)
        std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
}

// Replays and compares, one line each: "#12 → #31  same", "#13 → #32  changed: body data.n",
// "#14  failed: …"; then the counts. Exit 1 unless every response is the same. The originals
// are read from `store` one at a time as they are sent.
int compareReplays(QCoreApplication &app, Replay::Replayer &replayer,
                   const Replay::DiffOptions &diffOptions, const Store::ExchangeStore &store,
                   const QList<qint64> &ids, const QString &dbArgument)
{
    using Result = Replay::ComparedReplay::Result;
    const bool colour = colourFor(stdout);
    const auto paint = [colour](const char *code, const QString &text) {
        return colour ? QStringLiteral("\033[%1m%2\033[0m").arg(QLatin1String(code), text) : text;
    };
    Replay::ReplayComparison comparison(&replayer, diffOptions);
    QObject::connect(&comparison, &Replay::ReplayComparison::compared, &app,
                     [&](const Replay::ComparedReplay &r) {
                         warn(r.warnings);
                         QString line;
                         switch (r.result()) {
                         case Result::Same:
                             line = QStringLiteral("#%1 → #%2  %3")
                                        .arg(r.originalId)
                                        .arg(r.replayId)
                                        .arg(paint("32", QStringLiteral("same")));
                             break;
                         case Result::Changed:
                             line =
                                 QStringLiteral("#%1 → #%2  %3: %4")
                                     .arg(r.originalId)
                                     .arg(r.replayId)
                                     .arg(paint("33", QStringLiteral("changed")), r.diff.summary());
                             break;
                         case Result::Failed:
                             line = QStringLiteral("#%1  %2: %3")
                                        .arg(r.originalId)
                                        .arg(paint("31", QStringLiteral("failed")), r.error);
                             break;
                         }
                         std::printf("%s\n", qPrintable(line));
                         std::fflush(stdout);
                     });
    QObject::connect(&comparison, &Replay::ReplayComparison::finished, &app,
                     &QCoreApplication::quit);
    comparison.start(ids, Replay::Replayer::readFrom(&store));
    app.exec();

    const int same = comparison.count(Result::Same);
    const int changed = comparison.count(Result::Changed);
    const int failed = comparison.count(Result::Failed);
    std::printf("%d replayed: %d same, %d changed, %d failed\n", comparison.total(), same, changed,
                failed);
    for (const Replay::ComparedReplay &r : comparison.results())
        if (r.result() == Result::Changed) {
            std::printf("(the whole difference: hookscope diff %lld %lld%s)\n", r.originalId,
                        r.replayId, qPrintable(dbArgument));
            break;
        }
    return same == comparison.total() ? ExitOk : ExitFailure;
}

} // namespace

int runReplay(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString command = QStringLiteral("replay");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sends captured requests again, byte for byte, through the proxy's own "
                       "forwarding path, and records each answer as a new exchange linked to its "
                       "original. Several are sent one after the other in capture order. With "
                       "--compare, each new response is compared with its original's and the "
                       "exit code is 1 when any differs (for scripts and CI)."));
    const QCommandLineOption dbOption = databaseOption();
    const QCommandLineOption toOption(
        QStringLiteral("to"),
        QStringLiteral("Send to this upstream instead of the original's: its scheme, host and "
                       "port replace the original's, the path and query are kept."),
        QStringLiteral("URL"));
    const QCommandLineOption resignOption(
        QStringLiteral("resign"),
        QStringLiteral("Re-sign as this webhook provider with a fresh timestamp (%1).")
            .arg(Webhooks::providerNames().join(QStringLiteral(", "))),
        QStringLiteral("PROVIDER"));
    const QCommandLineOption secretOption(QStringLiteral("secret"),
                                          QStringLiteral("The provider's signing secret."),
                                          QStringLiteral("SECRET"));
    const QCommandLineOption resignWhenOption(
        QStringLiteral("resign-when"),
        QStringLiteral("With --resign: 'always' (default), or 'stale' to re-sign only requests "
                       "whose timestamped signature is older than the provider accepts."),
        QStringLiteral("always|stale"), QStringLiteral("always"));
    const QCommandLineOption filterOption(
        QStringLiteral("filter"),
        QStringLiteral("Replay every exchange matching this filter line (as in the window; "
                       "replays themselves only when it says replay:yes), oldest first."),
        QStringLiteral("EXPR"));
    const QCommandLineOption compareOption(
        QStringLiteral("compare"),
        QStringLiteral("Compare each new response with its original's: one line each (same, "
                       "changed and why, failed), exit 1 when any is not the same."));
    const QCommandLineOption ignoreOption(
        QStringLiteral("ignore-header"),
        QStringLiteral("With --compare: also ignore this response header (repeatable)."),
        QStringLiteral("NAME"));
    parser.addOptions({dbOption, toOption, resignOption, secretOption, resignWhenOption,
                       filterOption, compareOption, ignoreOption});
    parser.addPositionalArgument(QStringLiteral("ID"),
                                 QStringLiteral("Exchanges to replay (or --filter)."),
                                 QStringLiteral("[ID…]"));
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;

    Result<QList<qint64>> given = exchangeIds(parser.positionalArguments());
    if (!given)
        return usageError(command, given.error());
    QList<qint64> ids = *given;
    const bool filtered = parser.isSet(filterOption);
    if (ids.isEmpty() && !filtered)
        return usageError(command, QStringLiteral("which exchanges? (hookscope replay ID…, or "
                                                  "--filter EXPR)"));
    if (!ids.isEmpty() && filtered)
        return usageError(command, QStringLiteral("give exchange ids or --filter, not both"));
    Store::Filter filter;
    if (filtered) {
        filter = Store::Filter::parse(parser.value(filterOption));
        if (!filter.isValid())
            return usageError(command, QStringLiteral("--filter: %1 (at character %2)")
                                           .arg(filter.error()->message)
                                           .arg(filter.error()->position + 1));
        const bool saysReplay =
            std::any_of(filter.terms().begin(), filter.terms().end(), [](const auto &term) {
                return term.field == Store::FilterTerm::Field::Replay;
            });
        // Earlier runs' replays match the same filter; replaying them again would pile up.
        if (!saysReplay)
            filter =
                Store::Filter::parse(parser.value(filterOption) + QStringLiteral(" replay:no"));
    }
    const bool compare = parser.isSet(compareOption);

    Replay::ReplayOptions options;
    if (parser.isSet(toOption)) {
        Result<Proxy::UpstreamTarget> to = Proxy::UpstreamTarget::parse(parser.value(toOption));
        if (!to)
            return usageError(command, QStringLiteral("--to: %1").arg(to.error()));
        options.to = *to;
    }
    if (parser.isSet(resignOption) != parser.isSet(secretOption))
        return usageError(command, QStringLiteral("--resign PROVIDER and --secret SECRET go "
                                                  "together"));
    if (parser.isSet(resignOption)) {
        options.resignWith = Webhooks::findProvider(parser.value(resignOption));
        if (!options.resignWith)
            return usageError(command,
                              QStringLiteral("--resign: unknown provider '%1' (one of %2)")
                                  .arg(parser.value(resignOption),
                                       Webhooks::providerNames().join(QStringLiteral(", "))));
        options.secret = parser.value(secretOption).toUtf8();
        if (const Status usable = options.resignWith->checkSecret(options.secret); !usable)
            return usageError(command, QStringLiteral("--secret: %1").arg(usable.error()));
    }
    const QString resignWhen = parser.value(resignWhenOption);
    if (resignWhen == QLatin1String("stale"))
        options.resign = Replay::ReplayOptions::Resign::WhenStale;
    else if (resignWhen != QLatin1String("always"))
        return usageError(
            command, QStringLiteral("--resign-when '%1': say always or stale").arg(resignWhen));

    const QString dbPath = databasePath(parser, dbOption);
    Result<std::unique_ptr<Store::ExchangeStore>> store = openCaptures(dbPath);
    if (!store)
        return runtimeError(command, store.error());
    if (filtered) {
        ids = (*store)->matchingIds(filter, std::numeric_limits<int>::max());
        if (ids.isEmpty())
            return usageError(command, QStringLiteral("no exchange in %1 matches --filter '%2'")
                                           .arg(dbPath, parser.value(filterOption)));
    }
    // Every given id must be there before anything is sent; each is read only when its turn
    // comes, so a long selection runs in bounded memory.
    if (const Status known = checkExchanges(**store, ids, dbPath); !known)
        return runtimeError(command, known.error());
    Replay::Replayer replayer(options, Replay::Replayer::recordInto(dbPath));
    if (compare) {
        Replay::DiffOptions diffOptions;
        for (const QString &name : parser.values(ignoreOption))
            diffOptions.ignoredHeaders.append(name.toLatin1());
        const QString dbArgument =
            parser.isSet(dbOption) ? QStringLiteral(" --db ") + dbPath : QString();
        return compareReplays(app, replayer, diffOptions, **store, ids, dbArgument);
    }

    int exitCode = ExitOk;
    QObject::connect(&replayer, &Replay::Replayer::replayed, &app,
                     [&exitCode](const Replay::ReplayOutcome &outcome) {
                         warn(outcome.warnings);
                         if (!outcome.exchange) {
                             std::fprintf(stderr, "hookscope replay: %s\n",
                                          qPrintable(outcome.error));
                             exitCode = ExitFailure;
                             return;
                         }
                         const Store::Exchange &e = *outcome.exchange;
                         // The console line already says "replay of #N"; the new exchange's id
                         // follows.
                         std::printf("%s  recorded as #%lld\n",
                                     qPrintable(consoleLine(Store::summarize(e))), e.id);
                         if (!e.error.isEmpty())
                             std::printf("  %s\n", qPrintable(e.error));
                         std::fflush(stdout);
                     });
    QObject::connect(&replayer, &Replay::Replayer::finished, &app, &QCoreApplication::quit);
    replayer.replay(ids, Replay::Replayer::readFrom(store->get()));
    app.exec();
    return exitCode;
}

} // namespace Hookscope::App
