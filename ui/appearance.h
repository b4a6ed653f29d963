#pragma once

namespace Hookscope::Gui {

// The window's colours: the desktop's own, or a dark palette on Qt's Fusion style for desktops
// whose Qt theme stays light. Applies to the whole application; widgets follow the palette.
enum class Appearance { System, Dark };

void applyAppearance(Appearance appearance);
Appearance currentAppearance();

} // namespace Hookscope::Gui
