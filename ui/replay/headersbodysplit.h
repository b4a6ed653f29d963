#pragma once

class QSplitter;
class QWidget;

namespace Hookscope::Gui {

// The replay views' message layout: the headers box above the body box, the body taking more of
// the height, neither collapsible.
QSplitter *headersOverBody(QWidget *headersBox, QWidget *bodyBox, QWidget *parent);

} // namespace Hookscope::Gui
