#pragma once

#include <QByteArray>

namespace Hookscope::Interchange {

// One POSIX shell word that expands to exactly these bytes (any byte but NUL, which no shell
// word can hold). Plain words stay bare; the rest is single-quoted. Control characters other than
// line feed are written as "$(printf '\ooo')" so that pasting the command into a terminal cannot
// turn them into key presses (a tab would complete, a carriage return would end the line).
QByteArray shellQuote(const QByteArray &word);

} // namespace Hookscope::Interchange
