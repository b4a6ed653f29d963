#include "cli.h"

#include "store/exchangestore.h"

#include <QFileInfo>
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

Result<QList<qint64>> exchangeIds(const QStringList &arguments)
{
    QList<qint64> ids;
    for (const QString &text : arguments) {
        bool ok = false;
        const qint64 id = text.toLongLong(&ok);
        if (!ok || id <= 0)
            return Error{QStringLiteral("'%1' is not an exchange id (a positive number, as the "
                                        "list or export shows)")
                             .arg(text)};
        ids.append(id);
    }
    return ids;
}

Result<std::unique_ptr<Store::ExchangeStore>> openCaptures(const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error{QStringLiteral("no capture database at %1 (pass the one `hookscope http` "
                                    "wrote with --db PATH)")
                         .arg(path)};
    return Store::ExchangeStore::open(path);
}

namespace {

Error noExchange(const Store::ExchangeStore &store, qint64 id, const QString &path)
{
    return Error{QStringLiteral("no exchange %1 in %2 (the newest is %3; `hookscope export` "
                                "lists them)")
                     .arg(id)
                     .arg(path)
                     .arg(store.newestId())};
}

} // namespace

Result<QList<Store::Exchange>> loadExchanges(const Store::ExchangeStore &store,
                                             const QList<qint64> &ids, const QString &path)
{
    QList<Store::Exchange> exchanges;
    for (const qint64 id : ids) {
        std::optional<Store::Exchange> exchange = store.exchange(id);
        if (!exchange)
            return noExchange(store, id, path);
        exchanges.append(std::move(*exchange));
    }
    return exchanges;
}

Status checkExchanges(const Store::ExchangeStore &store, const QList<qint64> &ids,
                      const QString &path)
{
    for (const qint64 id : ids) {
        if (!store.contains(id))
            return noExchange(store, id, path);
    }
    return {};
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
