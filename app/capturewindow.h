#pragma once

#include "capturesession.h"

#include <QCoreApplication>
#include <QString>
#include <functional>
#include <memory>

namespace Hookscope::Gui {
class MainWindow;
}

namespace Hookscope::App {

// The application object of a command that opens the inspector window unless `headless`: a
// QApplication when there is a display to show it on; otherwise a QCoreApplication, with a note
// on stderr that the command goes on without a window.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv, bool headless,
                                                  const QString &command);
// Whether makeApplication() made a QApplication.
bool windowAvailable();

// Opens the inspector window on a session. When the session's proxy is not running yet it is
// started now, after the window is up: when its address is taken the window says so and offers
// the next port. `capturing` runs each time the proxy starts listening.
std::unique_ptr<Gui::MainWindow> openCaptureWindow(CaptureSession &session,
                                                   std::function<void()> capturing = {});

// Whether the window could open but has never shown captures (no settings name their database).
bool firstWindowRun();

// The inspector window on a capture database alone (`hookscope`): `databasePath`, or the one the
// window last showed a capture of, or the default. Runs until it is closed.
int runDatabaseWindow(int argc, char **argv, const QString &databasePath);

} // namespace Hookscope::App
