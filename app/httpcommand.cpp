#include "capturesession.h"
#include "capturewindow.h"
#include "cli.h"
#include "commands.h"
#include "consoleline.h"
#include "mainwindow.h"
#include "quitonsignal.h"

#include <QCoreApplication>
#include <cstdio>

namespace Hookscope::App {

namespace {

void printBanner(CaptureSession &session)
{
    const CaptureConfig &c = session.config();
    std::printf("Hookscope capturing\n"
                "  Forwarding  http://%s -> %s\n"
                "  Database    %s\n",
                qPrintable(session.proxy().listenAuthority()), qPrintable(c.proxy.upstream.url()),
                qPrintable(c.databasePath));
    if (const Api::InspectionApi *api = session.api())
        std::printf("  Inspect API http://%s/api/requests/http\n",
                    qPrintable((Proxy::ListenAddress{c.web->host, api->port()}.toString())));
    if (c.proxy.gate)
        std::printf("  Verifying   webhook signatures; invalid requests get 403\n");
    std::printf("\n");
    std::fflush(stdout);
}

} // namespace

int runHttp(int argc, char **argv)
{
    const QString command = QStringLiteral("http");
    // Parsed before any application object exists: the window needs a QApplication, the
    // headless capture only a QCoreApplication.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Capture proxy in front of your app: forwards every request to the "
                       "upstream and records the exchange."));
    parser.addPositionalArgument(QStringLiteral("upstream"),
                                 QStringLiteral("The app: a port (3000), host:port, or a URL."),
                                 QStringLiteral("<port|host:port|url>"));
    CaptureOptions options;
    options.addTo(parser);
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QStringLiteral("No window: print one line per exchange (without it, the inspector "
                       "window opens)."));
    parser.addOption(headless);
    if (const int code = parseArguments(parser, command, arguments); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(command, QStringLiteral("missing the upstream to forward to (e.g. "
                                                  "'hookscope http 3000')"));
    if (positional.size() > 1)
        return usageError(command,
                          QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
    const auto upstream = Proxy::UpstreamTarget::parse(positional.first());
    if (!upstream)
        return usageError(command, upstream.error());
    auto config = captureConfig(parser, options, *upstream);
    if (!config)
        return usageError(command, config.error());

    auto app = makeApplication(argc, argv, parser.isSet(headless), command);
    if (windowAvailable()) {
        auto opened = CaptureSession::open(std::move(config).value());
        if (!opened)
            return runtimeError(command, opened.error());
        std::unique_ptr<CaptureSession> session = std::move(opened).value();
        auto window = openCaptureWindow(*session);
        if (!window)
            return ExitFailure;
        QuitOnSignal quit;
        const int code = app->exec();
        session->stop();
        return code;
    }

    auto started = CaptureSession::start(std::move(config).value());
    if (!started)
        return runtimeError(command, started.error());
    std::unique_ptr<CaptureSession> session = std::move(started).value();
    printBanner(*session);

    QObject::connect(&session->writer(), &Store::ExchangeWriter::committed, app.get(),
                     [](const QList<Store::ExchangeSummary> &added) {
                         for (const Store::ExchangeSummary &s : added)
                             std::printf("%s\n", qPrintable(consoleLine(s)));
                         std::fflush(stdout);
                     });
    QObject::connect(&session->writer(), &Store::ExchangeWriter::failed, app.get(),
                     [command](const QString &message) { runtimeError(command, message); });
    QuitOnSignal quit;
    app->exec();
    // Stop taking requests, commit what was captured, and print the last lines.
    session->stop();
    QCoreApplication::sendPostedEvents();
    return ExitOk;
}

} // namespace Hookscope::App
