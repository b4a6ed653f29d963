#pragma once

#include <QColor>

class QPalette;

namespace Hookscope::Gui {

// Colours for HTTP outcomes, derived from a palette so that they read on light and dark themes:
// fixed hues, with lightness chosen against the palette's base colour.
struct StatusPalette
{
    QColor success;  // 2xx, valid signature
    QColor redirect; // 1xx, 3xx
    QColor client;   // 4xx
    QColor server;   // 5xx, no response, invalid signature
    QColor muted;    // pending, unknown

    static StatusPalette from(const QPalette &palette);

    // The colour of a status code; 0 means there was no response (an error).
    QColor forStatus(int status) const;
};

} // namespace Hookscope::Gui
