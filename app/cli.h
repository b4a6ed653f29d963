#pragma once

#include "common/result.h"
#include "store/exchange.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <memory>

namespace Hookscope::Store {
class ExchangeStore;
}

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

// Exchange ids given as arguments ("12 15"); the error says which one is not an id.
Result<QList<qint64>> exchangeIds(const QStringList &arguments);
// The capture database at `path`, which must exist; the error names it and the way out.
Result<std::unique_ptr<Store::ExchangeStore>> openCaptures(const QString &path);
// These exchanges, in the order given; the error names the first one `store` does not have.
Result<QList<Store::Exchange>> loadExchanges(const Store::ExchangeStore &store,
                                             const QList<qint64> &ids, const QString &path);
// The same check without reading them (for commands that read them one at a time later).
Status checkExchanges(const Store::ExchangeStore &store, const QList<qint64> &ids,
                      const QString &path);

// Parses `arguments` (the first is taken as the program name). Returns -1 to go on, otherwise the
// exit code to return: ExitOk after --help, ExitUsage after a message naming the bad flag.
int parseArguments(QCommandLineParser &parser, const QString &command,
                   const QStringList &arguments);

} // namespace Hookscope::App
