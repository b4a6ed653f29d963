#include "cli.h"
#include "commands.h"
#include "diffoutput.h"
#include "replay/responsediff.h"
#include "store/exchangestore.h"

#include <QCoreApplication>
#include <cstdio>

namespace Hookscope::App {

namespace {

QString heading(const Store::Exchange &e)
{
    QString line =
        QStringLiteral("#%1  %2 %3  ")
            .arg(e.id)
            .arg(QString::fromLatin1(e.request.method), QString::fromUtf8(e.request.target));
    if (e.response)
        line += QStringLiteral("%1 %2")
                    .arg(e.response->status)
                    .arg(QString::fromLatin1(e.response->reason))
                    .trimmed();
    else
        line += QStringLiteral("no response");
    if (e.replayOf > 0)
        line += QStringLiteral("  (replay of #%1)").arg(e.replayOf);
    return line;
}

} // namespace

int runDiff(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString command = QStringLiteral("diff");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compares the responses of two exchanges (a replay and its original, "
                       "say): status, headers (without volatile ones such as Date and request "
                       "ids) and the body, by JSON path or by line. Exits 0 when they are the "
                       "same, 1 when they differ, 2 when they cannot be compared."));
    const QCommandLineOption dbOption = databaseOption();
    const QCommandLineOption ignoreOption(
        QStringLiteral("ignore-header"),
        QStringLiteral("Also ignore this response header (repeatable). Ignored already: %1.")
            .arg(QString::fromLatin1(Replay::DiffOptions::defaultIgnoredHeaders().join(", "))),
        QStringLiteral("NAME"));
    parser.addOptions({dbOption, ignoreOption});
    parser.addPositionalArgument(QStringLiteral("ID1"), QStringLiteral("The original exchange."));
    parser.addPositionalArgument(QStringLiteral("ID2"), QStringLiteral("The one to compare."));
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(command,
                          QStringLiteral("give two exchange ids (hookscope diff ID1 ID2)"));
    const Result<QList<qint64>> ids = exchangeIds(positional);
    if (!ids)
        return usageError(command, ids.error());

    // Exit 1 means "different" here, so every failure to compare is a 2.
    const QString dbPath = databasePath(parser, dbOption);
    Result<std::unique_ptr<Store::ExchangeStore>> store = openCaptures(dbPath);
    if (!store)
        return usageError(command, store.error());
    Result<QList<Store::Exchange>> loaded = loadExchanges(**store, *ids, dbPath);
    if (!loaded)
        return usageError(command, loaded.error());
    const QList<Store::Exchange> &exchanges = *loaded;

    Replay::DiffOptions options;
    for (const QString &name : parser.values(ignoreOption))
        options.ignoredHeaders.append(name.toLatin1());
    const Replay::ResponseDiff diff = diffResponses(exchanges[0], exchanges[1], options);

    const bool colour = colourFor(stdout);
    const auto bold = [colour](const QString &text) {
        return colour ? QStringLiteral("\033[1m%1\033[0m").arg(text) : text;
    };
    std::printf("%s\n%s\n", qPrintable(bold(QStringLiteral("--- ") + heading(exchanges[0]))),
                qPrintable(bold(QStringLiteral("+++ ") + heading(exchanges[1]))));
    printDiff(stdout, diff, colour);
    std::printf("%s\n",
                diff.equal()
                    ? "the responses are the same"
                    : qPrintable(QStringLiteral("the responses differ: %1").arg(diff.summary())));
    return diff.equal() ? ExitOk : ExitFailure;
}

} // namespace Hookscope::App
