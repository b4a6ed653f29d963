#pragma once

#include <QByteArrayView>
#include <QString>

namespace Hookscope::Gui {

// The classic 16-bytes-a-line dump: offset, hex bytes in two groups of eight, and the printable
// ASCII characters between bars ('.' for the rest). `firstOffset` numbers the first line.
//   00000000  7b 22 61 22 3a 31 7d 0a                           |{"a":1}.|
QString hexDump(QByteArrayView bytes, qint64 firstOffset = 0);

} // namespace Hookscope::Gui
