#include "capturewindow.h"

#include "cli.h"
#include "mainwindow.h"
#include "quitonsignal.h"
#include "store/exchangestore.h"

#include <QApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <cstdio>

namespace Hookscope::App {

namespace {

const QString lastDatabaseKey = QStringLiteral("capture/lastDatabase");

// Without a display QApplication would abort with a message about xcb.
bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

Gui::CaptureSetup captureSetup(const CaptureSession &session)
{
    const Proxy::ProxyOptions &p = session.config().proxy;
    Gui::CaptureSetup setup;
    setup.listenAuthority = Proxy::ListenAddress{p.listenAddress, p.listenPort}.toString();
    setup.upstreamUrl = p.upstream.url();
    setup.upstreamHost = p.upstream.host;
    setup.upstreamPort = p.upstream.port;
    setup.webhookProvider = session.config().webhookProvider;
    setup.webhookSecret = session.config().webhookSecret;
    return setup;
}

QString nextAddress(const Proxy::ProxyOptions &p)
{
    const quint16 port = p.listenPort == 65535 ? 8080 : quint16(p.listenPort + 1);
    return Proxy::ListenAddress{p.listenAddress, port}.toString();
}

// `hookscope` alone reopens the captures a window showed last.
void rememberShownDatabase(const QString &path)
{
    QSettings().setValue(lastDatabaseKey, QFileInfo(path).absoluteFilePath());
}

std::unique_ptr<Store::ExchangeStore> openStore(const QString &path, QString *error)
{
    auto store = Store::ExchangeStore::open(path);
    if (!store) {
        *error = store.error();
        return nullptr;
    }
    return std::move(store).value();
}

} // namespace

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv, bool headless,
                                                  const QString &command)
{
    if (!headless && haveDisplay()) {
        QApplication::setApplicationDisplayName(QStringLiteral("Hookscope"));
        QApplication::setDesktopFileName(QStringLiteral("hookscope"));
        return std::make_unique<QApplication>(argc, argv);
    }
    if (!headless)
        std::fprintf(stderr,
                     "hookscope %s: no display for the window (DISPLAY is not set); going on "
                     "without it (--headless says so and hides this note)\n",
                     qPrintable(command));
    return std::make_unique<QCoreApplication>(argc, argv);
}

bool windowAvailable()
{
    return qobject_cast<QApplication *>(QCoreApplication::instance()) != nullptr;
}

std::unique_ptr<Gui::MainWindow> openCaptureWindow(CaptureSession &session,
                                                   std::function<void()> capturing)
{
    QString error;
    auto store = openStore(session.config().databasePath, &error);
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("Hookscope cannot open its captures"), error);
        return nullptr;
    }
    rememberShownDatabase(session.config().databasePath);
    auto window = std::make_unique<Gui::MainWindow>(std::move(store), &session.writer(),
                                                    captureSetup(session));
    Gui::MainWindow *w = window.get();
    QObject::connect(w, &Gui::MainWindow::captureToggled, w,
                     [&session](bool on) { session.setRecording(on); });
    const auto listened = [&session, w, capturing](const Status &started) {
        if (!started) {
            w->reportListenFailure(started.error(), nextAddress(session.config().proxy));
            return;
        }
        w->setCaptureSetup(captureSetup(session));
        w->setCapturing(session.isRecording());
        if (const Status api = session.startApi(); !api)
            w->reportProblem(QStringLiteral("The inspection API is off"), api.error());
        if (capturing)
            capturing();
    };
    QObject::connect(w, &Gui::MainWindow::listenAddressChosen, w,
                     [&session, listened](const QString &address) {
                         if (const auto parsed = Proxy::parseListenAddress(address))
                             listened(session.startProxy(*parsed));
                     });
    w->show();
    if (session.isCapturing()) {
        if (capturing)
            capturing();
    } else {
        listened(session.startProxy());
    }
    return window;
}

bool firstWindowRun()
{
    return haveDisplay() && !QSettings().contains(lastDatabaseKey);
}

int runDatabaseWindow(int argc, char **argv, const QString &databasePath)
{
    const QString command = QStringLiteral("window");
    if (!haveDisplay())
        return runtimeError(command, QStringLiteral("no display to open the window on (set "
                                                    "DISPLAY; to capture without a window use "
                                                    "'hookscope http PORT --headless')"));
    auto app = makeApplication(argc, argv, false, command);
    QuitOnSignal quit;
    QString path = databasePath;
    if (path.isEmpty()) {
        path = QSettings().value(lastDatabaseKey).toString();
        if (path.isEmpty() || !QFileInfo::exists(path))
            path = Store::defaultDatabasePath();
    }
    auto writer = Store::ExchangeWriter::open(path);
    QString error = writer ? QString() : writer.error();
    auto store = writer ? openStore(path, &error) : nullptr;
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("Hookscope cannot open its captures"), error);
        return runtimeError(command, error);
    }
    rememberShownDatabase(path);
    Gui::MainWindow window(std::move(store), writer.value().get());
    window.show();
    return app->exec();
}

} // namespace Hookscope::App
