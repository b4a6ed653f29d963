#include "cli.h"
#include "commands.h"
#include "interchange/curlcommand.h"
#include "interchange/harexport.h"
#include "interchange/jsonstreamwriter.h"
#include "interchange/ngrokjson.h"
#include "store/exchangestore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <cstdio>
#include <functional>

namespace Hookscope::App {

namespace {

const QString command = QStringLiteral("export");

// Summaries per page while walking the whole database; each exchange is then read alone, so
// memory holds one exchange (with its bodies) however many there are.
constexpr int pageSize = 500;

// Calls `visit` for each exchange to export, oldest first (or in the order the ids were given);
// stops at the first false. Returns an error message, or empty.
QString forEachExchange(const Store::ExchangeStore &store, const QList<qint64> &ids,
                        const std::function<bool(const Store::Exchange &)> &visit)
{
    if (!ids.isEmpty()) {
        for (qint64 id : ids) {
            const std::optional<Store::Exchange> e = store.exchange(id);
            if (!e)
                return QStringLiteral("no exchange %1 in %2").arg(id).arg(store.path());
            if (!visit(*e))
                return {};
        }
        return {};
    }
    qint64 after = 0;
    for (;;) {
        const QList<Store::ExchangeSummary> page = store.newerThan(after, pageSize);
        if (!store.lastError().isEmpty())
            return QStringLiteral("cannot read %1: %2").arg(store.path(), store.lastError());
        if (page.isEmpty())
            return {};
        for (const Store::ExchangeSummary &s : page) {
            // Rows deleted meanwhile (retention, clear) are simply not exported.
            if (const std::optional<Store::Exchange> e = store.exchange(s.id); e && !visit(*e))
                return {};
        }
        after = page.last().id;
    }
}

} // namespace

int runExport(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes captured exchanges: all of them, oldest first, or those whose ids "
                       "are given.\n"
                       "  json  a JSON array of request objects like ngrok's agent API serves\n"
                       "  har   an HTTP Archive (HAR 1.2) that browsers and other tools open\n"
                       "  curl  for each id, a shell command that sends the request again"));
    const QCommandLineOption dbOption = databaseOption();
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("json (default), har or curl."),
                                          QStringLiteral("FORMAT"), QStringLiteral("json"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QStringLiteral("Write to FILE instead of stdout."),
                                          QStringLiteral("FILE"));
    parser.addOptions({dbOption, formatOption, outputOption});
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Exchanges to export."),
                                 QStringLiteral("[ID…]"));
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;

    const QString format = parser.value(formatOption);
    if (format != QLatin1String("json") && format != QLatin1String("har") &&
        format != QLatin1String("curl"))
        return usageError(
            command, QStringLiteral("unknown --format '%1' (use json, har or curl)").arg(format));
    QList<qint64> ids;
    for (const QString &arg : parser.positionalArguments()) {
        bool ok = false;
        const qint64 id = arg.toLongLong(&ok);
        if (!ok || id <= 0)
            return usageError(
                command, QStringLiteral("'%1' is not an exchange id (a positive number)").arg(arg));
        ids.append(id);
    }
    if (format == QLatin1String("curl") && ids.isEmpty())
        return usageError(command,
                          QStringLiteral("--format curl needs the ids of the exchanges to write "
                                         "as commands"));

    const QString dbPath = databasePath(parser, dbOption);
    if (!QFileInfo::exists(dbPath))
        return runtimeError(command, QStringLiteral("no capture database at %1 (capture with "
                                                    "'hookscope http', or name one with --db)")
                                         .arg(dbPath));
    auto store = Store::ExchangeStore::open(dbPath);
    if (!store)
        return runtimeError(command, store.error());

    // A file is replaced only once everything was written: never half an export.
    QSaveFile file;
    QFile console;
    QIODevice *out = nullptr;
    if (parser.isSet(outputOption)) {
        file.setFileName(parser.value(outputOption));
        if (!file.open(QIODevice::WriteOnly))
            return runtimeError(
                command,
                QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        out = &file;
    } else {
        console.open(stdout, QIODevice::WriteOnly);
        out = &console;
    }

    QString failure;
    bool written = true;
    if (format == QLatin1String("curl")) {
        bool first = true;
        QString refused;
        failure = forEachExchange(*store.value(), ids, [&](const Store::Exchange &e) {
            const Result<QByteArray> curl = Interchange::curlCommand(e);
            if (!curl) {
                refused = curl.error();
                return false;
            }
            const QByteArray text = (first ? QByteArray() : QByteArray("\n")) + *curl;
            first = false;
            return written = out->write(text) == text.size();
        });
        if (failure.isEmpty())
            failure = refused;
    } else {
        const bool har = format == QLatin1String("har");
        Interchange::JsonStreamWriter writer =
            har ? Interchange::harStreamWriter(out, QStringLiteral(HOOKSCOPE_VERSION))
                : Interchange::JsonStreamWriter::array(out);
        failure = forEachExchange(*store.value(), ids, [&](const Store::Exchange &e) {
            return written =
                       writer.write(har ? Interchange::harEntry(e) : Interchange::ngrokRequest(e));
        });
        if (failure.isEmpty() && written)
            written = writer.finish();
    }
    if (failure.isEmpty() && !written)
        failure = QStringLiteral("cannot write %1: %2")
                      .arg(parser.isSet(outputOption) ? file.fileName() : QStringLiteral("stdout"),
                           out->errorString());
    if (!failure.isEmpty())
        return runtimeError(command, failure);
    if (parser.isSet(outputOption) && !file.commit())
        return runtimeError(
            command,
            QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return ExitOk;
}

} // namespace Hookscope::App
