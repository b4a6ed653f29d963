#include "exchangelistview.h"

#include "models/exchangelistmodel.h"

#include <QDataStream>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

namespace Hookscope::Gui {

namespace {

int defaultWidth(ExchangeColumn column, const QFontMetrics &fm)
{
    const auto chars = [&](int n) { return fm.horizontalAdvance(QLatin1Char('0')) * n + 16; };
    switch (column) {
    case ExchangeColumn::Id:
        return chars(7);
    case ExchangeColumn::Time:
        return chars(12);
    case ExchangeColumn::Method:
        return chars(7);
    case ExchangeColumn::Path:
        return chars(32);
    case ExchangeColumn::Status:
        return chars(13);
    case ExchangeColumn::Duration:
        return chars(9);
    case ExchangeColumn::RequestSize:
    case ExchangeColumn::ResponseSize:
        return chars(9);
    case ExchangeColumn::ContentType:
        return chars(18);
    case ExchangeColumn::Verdict:
        return chars(27); // "✗ timestamp outside tolerance"
    case ExchangeColumn::Replay:
        return chars(9);
    }
    return chars(10);
}

} // namespace

ExchangeListView::ExchangeListView(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setEditTriggers(NoEditTriggers);
    setShowGrid(false);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setCornerButtonEnabled(false);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollMode(ScrollPerPixel);
    setTextElideMode(Qt::ElideMiddle);
    setSortingEnabled(false);

    // Fixed row heights: the view never asks the model to measure a row.
    QHeaderView *rows = verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(1);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionsMovable(true);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->setSortIndicatorShown(true);
    columns->setSectionsClickable(true);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this,
            &ExchangeListView::showHeaderMenu);
}

void ExchangeListView::setListModel(ExchangeListModel *model)
{
    m_model = model;
    setModel(model);
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &ExchangeListView::beforeInsert);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { afterInsert(first, last); });
    connect(model, &QAbstractItemModel::modelReset, viewport(), qOverload<>(&QWidget::update));
    horizontalHeader()->setSortIndicator(int(model->sortColumn()), model->sortOrder());
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, model,
            [model](int section, Qt::SortOrder order) { model->sort(section, order); });
    // A refused sort falls back to capture order; show what the list really is.
    connect(model, &ExchangeListModel::problem, this, [this] {
        QSignalBlocker block(horizontalHeader());
        horizontalHeader()->setSortIndicator(int(m_model->sortColumn()), m_model->sortOrder());
    });
    resetColumns();
}

void ExchangeListView::resetColumns()
{
    QHeaderView *header = horizontalHeader();
    for (int c = 0; c < exchangeColumnCount; ++c) {
        const auto column = ExchangeColumn(c);
        header->moveSection(header->visualIndex(c), c);
        header->setSectionHidden(c, !columnVisibleByDefault(column));
        header->resizeSection(c, defaultWidth(column, fontMetrics()));
    }
}

// The saved state: this tag, the header's own state, then each column's default width when it
// was saved. Older builds saved the header's state alone.
constexpr quint32 columnsStateTag = 0x48534331; // "HSC1"

QByteArray ExchangeListView::saveColumns() const
{
    QList<int> defaults;
    for (int c = 0; c < exchangeColumnCount; ++c)
        defaults.append(defaultWidth(ExchangeColumn(c), fontMetrics()));
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << columnsStateTag << horizontalHeader()->saveState() << defaults;
    return state;
}

bool ExchangeListView::restoreColumns(const QByteArray &state)
{
    QDataStream in(state);
    quint32 tag = 0;
    in >> tag;
    QByteArray headerState = state;
    QList<int> savedDefaults;
    if (tag == columnsStateTag)
        in >> headerState >> savedDefaults;
    QHeaderView *header = horizontalHeader();
    if (headerState.isEmpty() || !header->restoreState(headerState))
        return false;
    // A width the user never changed follows the current default, which grows when a column
    // learns to say more (the signature verdict's reasons); without saved defaults (older
    // builds) widths only grow to it.
    for (int c = 0; c < exchangeColumnCount; ++c) {
        const int now = defaultWidth(ExchangeColumn(c), fontMetrics());
        const int width = header->sectionSize(c);
        const bool untouched =
            savedDefaults.size() == exchangeColumnCount ? width == savedDefaults[c] : width < now;
        if (!header->isSectionHidden(c) && untouched)
            header->resizeSection(c, now);
    }
    // The sort is part of the header's state; the model must follow it.
    if (m_model)
        m_model->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    return true;
}

void ExchangeListView::showHeaderMenu(const QPoint &pos)
{
    QHeaderView *header = horizontalHeader();
    QMenu menu(this);
    int visible = 0;
    for (int c = 0; c < exchangeColumnCount; ++c)
        visible += header->isSectionHidden(c) ? 0 : 1;
    for (int c = 0; c < exchangeColumnCount; ++c) {
        QAction *action = menu.addAction(columnTitle(ExchangeColumn(c)));
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(c));
        // The last visible column stays: a list without columns cannot be brought back.
        action->setEnabled(header->isSectionHidden(c) || visible > 1);
        connect(action, &QAction::toggled, this, [header, c](bool on) {
            header->setSectionHidden(c, !on);
            if (on && header->sectionSize(c) < 20)
                header->resizeSection(c, header->defaultSectionSize());
        });
    }
    menu.addSeparator();
    menu.addAction(QStringLiteral("Reset columns"), this, &ExchangeListView::resetColumns);
    menu.exec(header->viewport()->mapToGlobal(pos));
}

QList<qint64> ExchangeListView::selectedIds() const
{
    QList<qint64> ids;
    if (!m_model || !selectionModel())
        return ids;
    for (const QItemSelectionRange &range : selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            ids.append(m_model->idAt(row));
    }
    return ids;
}

qint64 ExchangeListView::currentId() const
{
    return m_model && currentIndex().isValid() ? m_model->idAt(currentIndex().row()) : 0;
}

bool ExchangeListView::selectId(qint64 id)
{
    const int row = m_model ? m_model->rowOf(id) : -1;
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                 QItemSelectionModel::Rows);
    scrollTo(index);
    return true;
}

void ExchangeListView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

bool ExchangeListView::isFollowing() const
{
    const QScrollBar *bar = verticalScrollBar();
    if (!m_model || m_model->newestOnTop())
        return bar->value() <= bar->minimum();
    return bar->value() >= bar->maximum();
}

void ExchangeListView::beforeInsert()
{
    m_followBeforeInsert = isFollowing();
    m_scrollBeforeInsert = verticalScrollBar()->value();
}

void ExchangeListView::afterInsert(int first, int last)
{
    if (m_model->newestOnTop()) {
        // Rows above the viewport push it down: scroll by as much to keep the rows in view still
        // (or, when following, stay at the top where the new rows are).
        if (m_followBeforeInsert || first > 0)
            return;
        updateGeometries();
        const int added = last - first + 1;
        verticalScrollBar()->setValue(m_scrollBeforeInsert +
                                      added * verticalHeader()->defaultSectionSize());
    } else if (m_followBeforeInsert && first > 0) {
        updateGeometries();
        scrollToBottom();
    }
}

void ExchangeListView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        Q_EMIT deleteRequested();
        return;
    }
    if (event->matches(QKeySequence::Copy)) {
        Q_EMIT copyRequested();
        return;
    }
    QTableView::keyPressEvent(event);
}

void ExchangeListView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (!m_model || m_model->rowCount() > 0 || m_placeholder.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
}

} // namespace Hookscope::Gui
