#include "appidentity.h"
#include "cli.h"
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <iterator>
#include <malloc.h>

using namespace Hookscope::App;

namespace {

const Command commands[] = {
    {"http", "capture proxy in front of an upstream app", runHttp},
    {"receive", "built-in sample app: logs each request, answers 200 JSON", runReceive},
    {"export", "write captured exchanges as JSON, HAR or cURL commands", runExport},
    {"import", "add the entries of a HAR file to the capture database", runImport},
    {"trigger", "send one signed sample webhook (--list shows them)", runTrigger},
    {"demo", "sample app + proxy with Sentry verification + a stream of signed samples", runDemo},
    {"replay", "send captured requests again and record the answers", runReplay},
    {"diff", "compare the responses of two exchanges (exit 1 when they differ)", runDiff},
};

void printUsage(std::FILE *to)
{
    std::fputs("Usage: hookscope [COMMAND [OPTIONS]]\n\n"
               "Without a command, opens the inspector window on the captures.\n\nCommands:\n",
               to);
    for (const Command &c : commands)
        std::fprintf(to, "  %-10s %s\n", c.name, c.summary);
    std::fputs("\nRun 'hookscope COMMAND --help' for a command's options.\n", to);
}

} // namespace

int main(int argc, char **argv)
{
    // glibc hands the free top of each thread's heap back to the kernel as soon as it passes
    // 128 KiB and takes it back a page at a time: under proxy load that is an mprotect() and a
    // page fault every few requests. Keeping freed memory for reuse costs no peak memory.
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
    mallopt(M_TOP_PAD, 1024 * 1024);
    setUpIdentity();
    if (argc < 2)
        return runWindow(argc, argv);
    const char *name = argv[1];
    if (!std::strcmp(name, "--help") || !std::strcmp(name, "-h") || !std::strcmp(name, "help")) {
        printUsage(stdout);
        return ExitOk;
    }
    if (!std::strcmp(name, "--version")) {
        std::puts("hookscope " HOOKSCOPE_VERSION);
        return ExitOk;
    }
    for (const Command &c : commands) {
        if (!std::strcmp(name, c.name)) {
            // The command sees "hookscope" as its program name and its own arguments after it.
            argv[1] = argv[0];
            return c.run(argc - 1, argv + 1);
        }
    }
    std::fprintf(stderr, "hookscope: unknown command '%s'\n\n", name);
    printUsage(stderr);
    return ExitUsage;
}
