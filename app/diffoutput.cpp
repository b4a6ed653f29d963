#include "diffoutput.h"

#include <QtGlobal>
#include <unistd.h>

namespace Hookscope::App {

bool colourFor(std::FILE *stream)
{
    return qEnvironmentVariableIsEmpty("NO_COLOR") && ::isatty(::fileno(stream)) == 1;
}

void printDiff(std::FILE *to, const Replay::ResponseDiff &diff, bool colour, const QString &indent)
{
    using Kind = Replay::DiffEntry::Kind;
    for (const Replay::DiffEntry &entry : diff.entries) {
        const char *start = "";
        if (colour)
            start = entry.kind == Kind::Removed ? "\033[31m"
                    : entry.kind == Kind::Added ? "\033[32m"
                                                : "\033[33m";
        std::fprintf(to, "%s%s%s%s\n", qPrintable(indent), start, qPrintable(entry.describe()),
                     colour ? "\033[0m" : "");
    }
    for (const QString &note : diff.notes)
        std::fprintf(to, "%s%snote: %s%s\n", qPrintable(indent), colour ? "\033[2m" : "",
                     qPrintable(note), colour ? "\033[0m" : "");
}

} // namespace Hookscope::App
