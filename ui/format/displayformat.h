#pragma once

#include <QString>

namespace Hookscope::Gui {

// How sizes, durations and times read in the window.
QString formatSize(qint64 bytes);                 // "0 B", "532 B", "1.2 KB", "10.0 MB"
QString formatDuration(qint64 microseconds);      // "850 µs", "12.4 ms", "1.25 s"; "–" when < 0
QString formatClock(qint64 epochMicroseconds);    // local "14:03:27.512"
QString formatDateTime(qint64 epochMicroseconds); // local "2026-11-29 14:03:27.512"

} // namespace Hookscope::Gui
