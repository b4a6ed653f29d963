#include "headersbodysplit.h"

#include <QSplitter>

namespace Hookscope::Gui {

QSplitter *headersOverBody(QWidget *headersBox, QWidget *bodyBox, QWidget *parent)
{
    auto *split = new QSplitter(Qt::Vertical, parent);
    split->addWidget(headersBox);
    split->addWidget(bodyBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    return split;
}

} // namespace Hookscope::Gui
