#include "cli.h"
#include "commands.h"

namespace Hookscope::App {

int runReceive(int argc, char **argv)
{
    return runtimeError(QStringLiteral("receive"), QStringLiteral("not built yet"));
}

} // namespace Hookscope::App
