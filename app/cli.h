#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace Hookscope::App {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// One subcommand: `hookscope NAME …`. run() gets the arguments with argv[0] and NAME removed.
struct Command
{
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

// Prints "hookscope COMMAND: MESSAGE" and a hint to --help on stderr; returns ExitUsage.
int usageError(const QString &command, const QString &message);
// Prints "hookscope COMMAND: MESSAGE" on stderr; returns ExitFailure.
int runtimeError(const QString &command, const QString &message);

// --db PATH, the capture database, for every command that reads or writes captures.
QCommandLineOption databaseOption();
// Its value, or the default database when it was not given.
QString databasePath(const QCommandLineParser &parser, const QCommandLineOption &option);

// Parses `arguments` (the first is taken as the program name). Returns -1 to go on, otherwise the
// exit code to return: ExitOk after --help, ExitUsage after a message naming the bad flag.
int parseArguments(QCommandLineParser &parser, const QString &command,
                   const QStringList &arguments);

} // namespace Hookscope::App
