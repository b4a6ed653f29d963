#include "cli.h"
#include "commands.h"
#include "interchange/harimport.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"

#include <QCoreApplication>
#include <cstdio>

namespace Hookscope::App {

int runImport(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString command = QStringLiteral("import");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Adds the entries of a HAR file (ours, a browser's, another tool's) to a "
                       "capture database, all in one transaction. Entries that cannot be read are "
                       "skipped and counted."));
    const QCommandLineOption dbOption = databaseOption();
    parser.addOption(dbOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The HAR file."),
                                 QStringLiteral("FILE.har"));
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(command, QStringLiteral("which HAR file? (hookscope import FILE.har)"));
    if (files.size() > 1)
        return usageError(command, QStringLiteral("unexpected argument '%1' (one HAR file at a "
                                                  "time)")
                                       .arg(files.at(1)));

    Result<Interchange::HarImport> har = Interchange::readHarFile(files.first());
    if (!har)
        return runtimeError(command, har.error());
    const QString dbPath = databasePath(parser, dbOption);
    const qsizetype count = har->exchanges.size();
    const Result<QList<qint64>> ids =
        Store::importExchanges(dbPath, std::move(har.value().exchanges), har->originals);
    if (!ids)
        return runtimeError(command, ids.error() + QStringLiteral(" (nothing was imported)"));

    std::printf("imported %lld exchanges from %s into %s", qint64(count), qPrintable(files.first()),
                qPrintable(dbPath));
    if (har->skipped > 0)
        std::printf("; skipped %d entries that could not be read", har->skipped);
    if (!ids->isEmpty())
        std::printf(" (ids %lld-%lld)", ids->first(), ids->last());
    std::printf("\n");
    for (const QString &problem : har->problems)
        std::fprintf(stderr, "  %s\n", qPrintable(problem));
    if (har->skipped > har->problems.size())
        std::fprintf(stderr, "  … and %lld more\n", qint64(har->skipped - har->problems.size()));
    return ExitOk;
}

} // namespace Hookscope::App
