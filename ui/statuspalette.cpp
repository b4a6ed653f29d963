#include "statuspalette.h"

#include <QPalette>

namespace Hookscope::Gui {

StatusPalette StatusPalette::from(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    // On a dark base the colours must be light to keep their contrast, and the other way round.
    const int lightness = dark ? 170 : 95;
    const auto hue = [&](int h, int saturation) {
        return QColor::fromHsl(h, saturation, lightness);
    };
    StatusPalette p;
    p.success = hue(125, 170);
    p.redirect = hue(210, 170);
    p.client = hue(32, 220);
    p.server = hue(0, 200);
    QColor muted = palette.color(QPalette::Text);
    muted.setAlphaF(0.55f);
    p.muted = muted;
    return p;
}

QColor StatusPalette::forStatus(int status) const
{
    if (status <= 0 || status >= 500)
        return server;
    if (status >= 400)
        return client;
    if (status >= 200 && status < 300)
        return success;
    return redirect;
}

} // namespace Hookscope::Gui
