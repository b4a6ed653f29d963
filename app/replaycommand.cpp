#include "cli.h"
#include "commands.h"
#include "consoleline.h"
#include "replay/replayer.h"
#include "store/exchangestore.h"
#include "webhooks/registry.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <cstdio>

namespace Hookscope::App {

int runReplay(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString command = QStringLiteral("replay");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sends captured requests again, byte for byte, through the proxy's own "
                       "forwarding path, and records each answer as a new exchange linked to its "
                       "original. Several ids are sent one after the other in capture order."));
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
    parser.addOptions({dbOption, toOption, resignOption, secretOption});
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Exchanges to replay."),
                                 QStringLiteral("ID…"));
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;

    QList<qint64> ids;
    for (const QString &text : parser.positionalArguments()) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id <= 0)
            return usageError(command, QStringLiteral("'%1' is not an exchange id (a positive "
                                                      "number, as the list or export shows)")
                                           .arg(text));
        ids.append(id);
    }
    if (ids.isEmpty())
        return usageError(command, QStringLiteral("which exchanges? (hookscope replay ID…)"));

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

    const QString dbPath = databasePath(parser, dbOption);
    if (!QFileInfo::exists(dbPath))
        return runtimeError(command, QStringLiteral("no capture database at %1 (pass the one "
                                                    "`hookscope http` wrote with --db PATH)")
                                         .arg(dbPath));
    Result<std::unique_ptr<Store::ExchangeStore>> store = Store::ExchangeStore::open(dbPath);
    if (!store)
        return runtimeError(command, store.error());
    QList<Store::Exchange> originals;
    for (const qint64 id : ids) {
        std::optional<Store::Exchange> exchange = (*store)->exchange(id);
        if (!exchange)
            return runtimeError(command, QStringLiteral("no exchange %1 in %2 (the newest is %3; "
                                                        "`hookscope export` lists them)")
                                             .arg(id)
                                             .arg(dbPath)
                                             .arg((*store)->newestId()));
        originals.append(std::move(*exchange));
    }
    store.value().reset();

    int exitCode = ExitOk;
    Replay::Replayer replayer(options, Replay::Replayer::recordInto(dbPath));
    QObject::connect(
        &replayer, &Replay::Replayer::replayed, &app,
        [&exitCode](const Replay::ReplayOutcome &outcome) {
            for (const QString &warning : outcome.warnings)
                std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
            if (!outcome.exchange) {
                std::fprintf(stderr, "hookscope replay: %s\n", qPrintable(outcome.error));
                exitCode = ExitFailure;
                return;
            }
            const Store::Exchange &e = *outcome.exchange;
            std::printf("%s  #%lld replay of #%lld\n", qPrintable(consoleLine(Store::summarize(e))),
                        e.id, outcome.originalId);
            if (!e.error.isEmpty())
                std::printf("  %s\n", qPrintable(e.error));
            std::fflush(stdout);
        });
    QObject::connect(&replayer, &Replay::Replayer::finished, &app, &QCoreApplication::quit);
    replayer.replay(originals);
    app.exec();
    return exitCode;
}

} // namespace Hookscope::App
