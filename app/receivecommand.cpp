#include "cli.h"
#include "commands.h"
#include "quitonsignal.h"
#include "receiver/samplereceiver.h"

#include <QCoreApplication>
#include <cstdio>

namespace Hookscope::App {

int runReceive(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString command = QStringLiteral("receive");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The built-in sample app: logs every request's headers and body and "
                       "answers 200 {\"message\":\"Thank you for the message\"}."));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (default 3000)."),
                                        QStringLiteral("N"), QStringLiteral("3000"));
    parser.addOption(portOption);
    if (const int code = parseArguments(parser, command, app.arguments()); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            command,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return usageError(command, QStringLiteral("--port '%1' is not a port number (0-65535)")
                                       .arg(parser.value(portOption)));

    Receiver::SampleReceiver receiver([](const QString &text) {
        std::fputs(qPrintable(text), stdout);
        std::fflush(stdout);
    });
    if (const Status status = receiver.listen(QHostAddress::LocalHost, quint16(port)); !status)
        return runtimeError(command, status.error());
    std::printf("Sample app listening on http://127.0.0.1:%u (Ctrl-C to stop)\n", receiver.port());
    std::fflush(stdout);
    QuitOnSignal quit;
    app.exec();
    return ExitOk;
}

} // namespace Hookscope::App
