#pragma once

#include "capturesession.h"

#include <QString>

namespace Hookscope::App {

// The inspector window for a capture in this process (`hookscope http …` without --headless):
// the window opens on the database first, then the proxy starts; when its address is taken the
// window says so and offers the next port. Runs until the window closes or SIGINT/SIGTERM.
int runCaptureWindow(int argc, char **argv, CaptureConfig config);

// The inspector window on a capture database alone (`hookscope`).
int runDatabaseWindow(int argc, char **argv, const QString &databasePath);

} // namespace Hookscope::App
