#include "keyvaluetable.h"

#include "models/keyvaluemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

namespace Hookscope::Gui {

KeyValueTable::KeyValueTable(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setEditTriggers(NoEditTriggers);
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(true);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultSectionSize(200);
    setTextElideMode(Qt::ElideRight);
}

void KeyValueTable::fitHeightToRows(int maxRows)
{
    m_maxFittedRows = maxRows;
    connect(model(), &QAbstractItemModel::modelReset, this, &KeyValueTable::fitHeight,
            Qt::UniqueConnection);
    fitHeight();
}

void KeyValueTable::fitHeight()
{
    const int rows = std::clamp(model()->rowCount(), 1, m_maxFittedRows);
    const int height = horizontalHeader()->sizeHint().height() +
                       rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth();
    setFixedHeight(height);
}

void KeyValueTable::copySelection() const
{
    auto *m = qobject_cast<KeyValueModel *>(model());
    if (!m)
        return;
    QList<int> rows;
    for (const QModelIndex &i : selectionModel()->selectedRows())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    if (rows.isEmpty())
        return;
    QApplication::clipboard()->setText(m->toText(rows));
}

void KeyValueTable::copyAll() const
{
    if (auto *m = qobject_cast<KeyValueModel *>(model()))
        QApplication::clipboard()->setText(m->toText());
}

void KeyValueTable::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return;
    }
    QTableView::keyPressEvent(event);
}

void KeyValueTable::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(QStringLiteral("Copy"), this, &KeyValueTable::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(selectionModel() && selectionModel()->hasSelection());
    menu.addAction(QStringLiteral("Copy all"), this, &KeyValueTable::copyAll);
    menu.exec(event->globalPos());
}

} // namespace Hookscope::Gui
