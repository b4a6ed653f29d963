#include "capturesession.h"
#include "capturewindow.h"
#include "cli.h"
#include "commands.h"
#include "consoleline.h"
#include "mainwindow.h"
#include "quitonsignal.h"
#include "receiver/samplereceiver.h"
#include "store/exchangestore.h"
#include "webhooks/demostream.h"
#include "webhooks/samples.h"
#include "webhooks/signaturegate.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTimer>
#include <cstdio>

namespace Hookscope::App {

namespace {

const QString CommandName = QStringLiteral("demo");

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int runDemo(int argc, char **argv)
{
    // The window shows the stream unless there is none to show it in; known before parsing,
    // since the sample app's sockets need the application object first.
    bool headless = false;
    for (int i = 1; i < argc; ++i)
        headless = headless || !qstrcmp(argv[i], "--headless") || !qstrcmp(argv[i], "--once");
    const auto application = makeApplication(argc, argv, headless, CommandName);
    QCoreApplication &app = *application;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the built-in sample app, the capture proxy in front of it with Sentry signature "
        "verification on (Hookscope's demo secret), and sends a stream of signed Sentry sample "
        "webhooks with a few bad ones mixed in, so the capture shows verdicts of every kind. "
        "Bad deliveries are answered 403 and recorded as blocked.\n"
        "Sentry does not sign its Sentry-Hook-Timestamp; Hookscope still rejects deliveries "
        "whose timestamp is more than 300 s off, which catches replayed ones.\n"
        "The captures go to demo.sqlite in the data directory unless --db says otherwise."));
    CaptureOptions options;
    options.addTo(parser);
    const QCommandLineOption receiverPort(
        QStringLiteral("receiver-port"),
        QStringLiteral("Port of the sample app on 127.0.0.1 (default 3000; 0 picks a free one)."),
        QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Milliseconds between deliveries (default "
                                                     "400)."),
                                      QStringLiteral("ms"), QStringLiteral("400"));
    const QCommandLineOption once(QStringLiteral("once"),
                                  QStringLiteral("Exit once the stream is captured instead of "
                                                 "going on capturing."));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("No window: print one line per exchange (--once implies it)."));
    parser.addOptions({receiverPort, interval, once, headlessOption});
    if (const int code = parseArguments(parser, CommandName, app.arguments()); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            CommandName,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (parser.isSet(options.verifyWebhook) || parser.isSet(options.verifyWebhookSecret))
        return usageError(CommandName,
                          QStringLiteral("the demo verifies Sentry signatures with its own demo "
                                         "secret; use 'hookscope http' to verify with yours"));
    bool ok = false;
    const uint appPort = parser.value(receiverPort).toUInt(&ok);
    if (!ok || appPort > 65535)
        return usageError(CommandName, QStringLiteral("--receiver-port '%1' is not a port number "
                                                      "(0-65535)")
                                           .arg(parser.value(receiverPort)));
    const int intervalMs = parser.value(interval).toInt(&ok);
    if (!ok || intervalMs < 0)
        return usageError(CommandName,
                          QStringLiteral("--interval '%1' is not a number of milliseconds")
                              .arg(parser.value(interval)));

    Receiver::SampleReceiver receiver([](const QString &) {});
    if (const Status s = receiver.listen(QHostAddress::LocalHost, quint16(appPort)); !s)
        return runtimeError(CommandName,
                            QString(s.error()).replace(QStringLiteral("--port"),
                                                       QStringLiteral("--receiver-port")));
    Proxy::UpstreamTarget upstream;
    upstream.port = receiver.port();
    auto config = captureConfig(parser, options, upstream);
    if (!config)
        return usageError(CommandName, config.error());
    if (!parser.isSet(options.db))
        config.value().databasePath =
            QFileInfo(Store::defaultDatabasePath()).absolutePath() + QStringLiteral("/demo.sqlite");
    const QString sentry = QStringLiteral("sentry");
    const QByteArray secret = Webhooks::demoSecret(sentry);
    config.value().proxy.gate = std::shared_ptr<const Proxy::RequestGate>(
        Webhooks::SignatureGate::create(sentry, secret).value());
    // The window re-signs replays with it, as with --verify-webhook.
    config.value().webhookProvider = sentry;
    config.value().webhookSecret = secret;

    auto started = CaptureSession::start(std::move(config).value());
    if (!started)
        return runtimeError(CommandName, started.error());
    std::unique_ptr<CaptureSession> session = std::move(started).value();
    const QString base = QStringLiteral("http://%1").arg(session->proxy().listenAuthority());
    printLine(QStringLiteral("Hookscope demo\n"
                             "  Sample app  http://127.0.0.1:%1\n"
                             "  Forwarding  %2 -> http://127.0.0.1:%1\n"
                             "  Database    %3\n"
                             "  Verifying   Sentry signatures (demo secret); invalid requests get "
                             "403\n")
                  .arg(receiver.port())
                  .arg(base, session->config().databasePath));

    Webhooks::DemoStream stream(QUrl(base + QStringLiteral("/webhooks/sentry")), secret);
    stream.setInterval(intervalMs);
    QObject::connect(&stream, &Webhooks::DemoStream::delivered,
                     [](const QString &label, int status, const QString &detail) {
                         QString line = QStringLiteral("sent %1").arg(label);
                         if (status)
                             line += QStringLiteral(" -> %1").arg(status);
                         if (!detail.isEmpty())
                             line += QStringLiteral(": ") + detail;
                         printLine(line);
                     });

    const int expected = stream.size();
    int captured = 0;
    int valid = 0;
    int blocked = 0;
    bool streamDone = false;
    const auto maybeQuit = [&] {
        if (streamDone && parser.isSet(once) && captured >= expected)
            app.quit();
    };
    QObject::connect(&session->writer(), &Store::ExchangeWriter::committed, &app,
                     [&](const QList<Store::ExchangeSummary> &added) {
                         for (const Store::ExchangeSummary &s : added) {
                             ++captured;
                             valid += s.verdict == Store::Verdict::Valid ? 1 : 0;
                             blocked += s.blocked ? 1 : 0;
                             printLine(QStringLiteral("  ") + consoleLine(s));
                         }
                         maybeQuit();
                     });
    int exitCode = ExitOk;
    QObject::connect(&session->writer(), &Store::ExchangeWriter::failed, &app,
                     [&](const QString &message) {
                         exitCode = runtimeError(CommandName, message);
                         app.quit();
                     });
    QTimer giveUp; // --once: the stream is sent, but its captures never all arrived
    giveUp.setSingleShot(true);
    QObject::connect(&giveUp, &QTimer::timeout, &app, [&] {
        exitCode = runtimeError(CommandName, QStringLiteral("only %1 of the %2 deliveries were "
                                                            "captured")
                                                 .arg(captured)
                                                 .arg(expected));
        app.quit();
    });
    QObject::connect(&stream, &Webhooks::DemoStream::finished, &app, [&] {
        streamDone = true;
        if (parser.isSet(once)) {
            giveUp.start(10'000);
            return maybeQuit();
        }
        printLine(
            QStringLiteral("Demo stream sent; still capturing. Send more with "
                           "'hookscope trigger sentry issue.created --to %1/webhooks/sentry'. "
                           "Ctrl-C stops.")
                .arg(base));
    });
    std::unique_ptr<Gui::MainWindow> window;
    if (windowAvailable()) {
        window = openCaptureWindow(*session);
        if (!window)
            return ExitFailure;
    }
    QuitOnSignal quit;
    QTimer::singleShot(0, &stream, &Webhooks::DemoStream::start);
    app.exec();
    session->stop();
    QCoreApplication::sendPostedEvents();
    printLine(QStringLiteral("%1 exchanges captured: %2 with a valid signature, %3 blocked.")
                  .arg(captured)
                  .arg(valid)
                  .arg(blocked));
    return exitCode;
}

} // namespace Hookscope::App
