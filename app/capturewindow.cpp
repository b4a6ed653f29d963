#include "capturewindow.h"

#include "cli.h"
#include "mainwindow.h"
#include "quitonsignal.h"
#include "store/exchangestore.h"

#include <QApplication>
#include <QMessageBox>

namespace Hookscope::App {

namespace {

const QString command = QStringLiteral("window");

// Without a display QApplication would abort with a message about xcb; say what to do instead.
bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

void nameApplication()
{
    QApplication::setApplicationName(QStringLiteral("hookscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Hookscope"));
    QApplication::setDesktopFileName(QStringLiteral("hookscope"));
}

int failed(const QString &title, const QString &message)
{
    QMessageBox::critical(nullptr, title, message);
    return runtimeError(command, message);
}

Gui::CaptureSetup captureSetup(const CaptureSession &session)
{
    const Proxy::ProxyOptions &p = session.config().proxy;
    Gui::CaptureSetup setup;
    setup.listenAuthority = Proxy::ListenAddress{p.listenAddress, p.listenPort}.toString();
    setup.upstreamUrl = p.upstream.url();
    setup.upstreamHost = p.upstream.host;
    setup.upstreamPort = p.upstream.port;
    return setup;
}

QString nextAddress(const Proxy::ProxyOptions &p)
{
    return Proxy::ListenAddress{p.listenAddress,
                                quint16(p.listenPort == 65535 ? 8080 : p.listenPort + 1)}
        .toString();
}

} // namespace

int runCaptureWindow(int argc, char **argv, CaptureConfig config)
{
    if (!haveDisplay())
        return runtimeError(QStringLiteral("http"),
                            QStringLiteral("no display to open the window on (set DISPLAY, or "
                                           "capture without a window: add --headless)"));
    nameApplication();
    QApplication app(argc, argv);
    auto opened = CaptureSession::open(std::move(config));
    if (!opened)
        return failed(QStringLiteral("Hookscope cannot open its captures"), opened.error());
    CaptureSession &session = *opened.value();
    auto store = Store::ExchangeStore::open(session.config().databasePath);
    if (!store)
        return failed(QStringLiteral("Hookscope cannot open its captures"), store.error());

    Gui::MainWindow window(std::move(store).value(), &session.writer(), captureSetup(session));
    QObject::connect(&window, &Gui::MainWindow::captureToggled, &app,
                     [&session](bool on) { session.setRecording(on); });
    const auto listen = [&](const Status &started) {
        if (started) {
            window.setCaptureSetup(captureSetup(session));
            window.setCapturing(session.isRecording());
            if (const Status api = session.startApi(); !api)
                window.reportProblem(QStringLiteral("The inspection API is off"), api.error());
        } else {
            window.reportListenFailure(started.error(), nextAddress(session.config().proxy));
        }
    };
    QObject::connect(&window, &Gui::MainWindow::listenAddressChosen, &app,
                     [&](const QString &address) {
                         const auto parsed = Proxy::parseListenAddress(address);
                         if (parsed)
                             listen(session.startProxy(*parsed));
                     });
    window.show();
    listen(session.startProxy());

    QuitOnSignal quit;
    const int code = app.exec();
    session.stop();
    return code;
}

int runDatabaseWindow(int argc, char **argv, const QString &databasePath)
{
    if (!haveDisplay())
        return runtimeError(command, QStringLiteral("no display to open the window on (set "
                                                    "DISPLAY; to capture without a window use "
                                                    "'hookscope http PORT --headless')"));
    nameApplication();
    QApplication app(argc, argv);
    const QString path = databasePath.isEmpty() ? Store::defaultDatabasePath() : databasePath;
    auto writer = Store::ExchangeWriter::open(path);
    if (!writer)
        return failed(QStringLiteral("Hookscope cannot open its captures"), writer.error());
    auto store = Store::ExchangeStore::open(path);
    if (!store)
        return failed(QStringLiteral("Hookscope cannot open its captures"), store.error());
    Gui::MainWindow window(std::move(store).value(), writer.value().get());
    window.show();
    QuitOnSignal quit;
    return app.exec();
}

} // namespace Hookscope::App
