#include "capturewindow.h"
#include "commands.h"

namespace Hookscope::App {

int runWindow(int argc, char **argv)
{
    return runDatabaseWindow(argc, argv, QString());
}

} // namespace Hookscope::App
