#include "cli.h"
#include "commands.h"

namespace Hookscope::App {

int runHttp(int argc, char **argv)
{
    return runtimeError(QStringLiteral("http"), QStringLiteral("not built yet"));
}

} // namespace Hookscope::App
