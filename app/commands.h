#pragma once

// Each `hookscope` subcommand lives in its own <name>command.cpp and is listed in main.cpp.
namespace Hookscope::App {

// `hookscope` without a command: the inspector window on the default capture database.
int runWindow(int argc, char **argv);
int runHttp(int argc, char **argv);
int runReceive(int argc, char **argv);
int runExport(int argc, char **argv);
int runTrigger(int argc, char **argv);
int runImport(int argc, char **argv);
int runDemo(int argc, char **argv);
int runReplay(int argc, char **argv);
int runDiff(int argc, char **argv);

} // namespace Hookscope::App
