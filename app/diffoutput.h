#pragma once

#include "replay/responsediff.h"

#include <QString>
#include <cstdio>

namespace Hookscope::App {

// Whether to colour what goes to `stream`: only a terminal, and never with NO_COLOR set.
bool colourFor(std::FILE *stream);

// Prints a response diff, one difference a line ("status: 200 OK → 500 …", "header X: …",
// "body data.id: 1 → 2", "body - line 3: …"), then its notes; removals red, additions green,
// changes yellow when `colour`. Each line starts with `indent`.
void printDiff(std::FILE *to, const Replay::ResponseDiff &diff, bool colour,
               const QString &indent = {});

} // namespace Hookscope::App
