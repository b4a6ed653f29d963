#pragma once

namespace Hookscope::App {

// Gives the program its names before anything reads settings: they put the settings in
// $XDG_CONFIG_HOME/hookscope/hookscope.conf (~/.config/hookscope/hookscope.conf). Builds before
// this one had no organisation name, so Qt kept their settings under "Unknown Organization";
// the first start moves them here, then removes that file (and its folder when nothing else is
// left in it).
void setUpIdentity();

} // namespace Hookscope::App
