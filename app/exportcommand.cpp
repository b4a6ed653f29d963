#include "cli.h"
#include "commands.h"

namespace Hookscope::App {

int runExport(int argc, char **argv)
{
    return runtimeError(QStringLiteral("export"), QStringLiteral("not built yet"));
}

} // namespace Hookscope::App
