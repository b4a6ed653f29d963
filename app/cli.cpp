#include "cli.h"

#include "store/exchangestore.h"

#include <cstdio>

namespace Hookscope::App {

int usageError(const QString &command, const QString &message)
{
    std::fprintf(stderr, "hookscope %s: %s\nTry 'hookscope %s --help'.\n", qPrintable(command),
                 qPrintable(message), qPrintable(command));
    return ExitUsage;
}

int runtimeError(const QString &command, const QString &message)
{
    std::fprintf(stderr, "hookscope %s: %s\n", qPrintable(command), qPrintable(message));
    return ExitFailure;
}

QCommandLineOption databaseOption()
{
    return {QStringLiteral("db"),
            QStringLiteral("Capture database (default %1).").arg(Store::defaultDatabasePath()),
            QStringLiteral("PATH")};
}

QString databasePath(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    return parser.isSet(option) ? parser.value(option) : Store::defaultDatabasePath();
}

int parseArguments(QCommandLineParser &parser, const QString &command, const QStringList &arguments)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(
            qPrintable(parser.helpText().replace(arguments.value(0), "hookscope " + command)),
            stdout);
        return ExitOk;
    }
    return -1;
}

} // namespace Hookscope::App
