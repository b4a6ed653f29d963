#include "capturewindow.h"
#include "commands.h"

namespace Hookscope::App {

int runWindow(int argc, char **argv)
{
    // The first time, there are no captures to look at yet: the demo shows what Hookscope does.
    if (firstWindowRun())
        return runDemo(argc, argv);
    return runDatabaseWindow(argc, argv, QString());
}

} // namespace Hookscope::App
