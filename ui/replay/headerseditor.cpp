#include "headerseditor.h"

#include "requestedits.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

enum Column { NameColumn, ValueColumn };

const QByteArray contentLength = QByteArrayLiteral("Content-Length");

QByteArray cell(const QTreeWidgetItem *item, int column)
{
    return item->text(column).trimmed().toLatin1();
}

} // namespace

HeadersEditor::HeadersEditor(QWidget *parent)
    : QWidget(parent)
{
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("headersTable"));
    m_table->setColumnCount(2);
    m_table->setHeaderLabels({QStringLiteral("Name"), QStringLiteral("Value")});
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setDragDropMode(QAbstractItemView::InternalMove);
    m_table->setDefaultDropAction(Qt::MoveAction);
    m_table->header()->setStretchLastSection(true);
    m_table->header()->resizeSection(NameColumn, 200);
    // Rows are dropped between rows, never into one.
    m_table->invisibleRootItem()->setFlags(Qt::ItemIsEnabled | Qt::ItemIsDropEnabled);

    m_add = new QPushButton(QStringLiteral("Add"), this);
    m_remove = new QPushButton(QStringLiteral("Remove"), this);
    m_up = new QPushButton(QStringLiteral("Move Up"), this);
    m_down = new QPushButton(QStringLiteral("Move Down"), this);
    m_add->setToolTip(QStringLiteral("Add a header field after the selected one"));
    connect(m_add, &QPushButton::clicked, this, [this] { addField(); });
    connect(m_remove, &QPushButton::clicked, this, &HeadersEditor::removeCurrent);
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(+1); });

    auto *buttons = new QVBoxLayout;
    for (QPushButton *b : {m_add, m_remove, m_up, m_down})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table, &QTreeWidget::itemChanged, this, [this] {
        if (m_restyling)
            return;
        restyle();
        Q_EMIT headersChanged();
    });
    connect(m_table, &QTreeWidget::currentItemChanged, this, &HeadersEditor::updateButtons);
    // A drag and drop moves rows through the model.
    connect(m_table->model(), &QAbstractItemModel::rowsMoved, this,
            [this] { Q_EMIT headersChanged(); });
    connect(m_table->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_restyling)
            Q_EMIT headersChanged();
    });
    updateButtons();
}

QTreeWidgetItem *HeadersEditor::makeItem(const QByteArray &name, const QByteArray &value) const
{
    auto *item = new QTreeWidgetItem({QString::fromLatin1(name), QString::fromLatin1(value)});
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable |
                   Qt::ItemIsDragEnabled);
    return item;
}

void HeadersEditor::setHeaders(const Http::Headers &headers)
{
    m_restyling = true;
    m_table->clear();
    for (const Http::HeaderField &field : headers)
        m_table->addTopLevelItem(makeItem(field.name, field.value));
    m_restyling = false;
    restyle();
    updateButtons();
    Q_EMIT headersChanged();
}

Http::Headers HeadersEditor::headers() const
{
    Http::Headers headers;
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_table->topLevelItem(i);
        const QByteArray name = cell(item, NameColumn);
        if (!name.isEmpty())
            headers.add(name, cell(item, ValueColumn));
    }
    return headers;
}

void HeadersEditor::setBodySize(qsizetype size)
{
    m_bodySize = size;
    const Http::Headers framed = framedFor(headers(), size);
    m_restyling = true;
    // Transfer-Encoding is not sent: the body goes whole, with its length.
    for (int i = m_table->topLevelItemCount() - 1; i >= 0; --i) {
        if (cell(m_table->topLevelItem(i), NameColumn)
                .compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            delete m_table->takeTopLevelItem(i);
    }
    bool found = false;
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_table->topLevelItem(i);
        if (cell(item, NameColumn).compare(contentLength, Qt::CaseInsensitive) != 0)
            continue;
        if (found) {
            delete m_table->takeTopLevelItem(i--);
            continue;
        }
        found = true;
        item->setText(ValueColumn, QString::fromLatin1(framed.value(contentLength)));
    }
    if (!found && framed.contains(contentLength))
        m_table->addTopLevelItem(makeItem(contentLength, framed.value(contentLength)));
    m_restyling = false;
    restyle();
}

void HeadersEditor::addField(const QByteArray &name, const QByteArray &value)
{
    QTreeWidgetItem *item = makeItem(name, value);
    const int at = m_table->currentItem() ? m_table->indexOfTopLevelItem(m_table->currentItem()) + 1
                                          : m_table->topLevelItemCount();
    m_table->insertTopLevelItem(at, item);
    m_table->setCurrentItem(item);
    restyle();
    if (name.isEmpty())
        m_table->editItem(item, NameColumn);
    Q_EMIT headersChanged();
}

void HeadersEditor::removeCurrent()
{
    QTreeWidgetItem *item = m_table->currentItem();
    if (!item || !(item->flags() & Qt::ItemIsEditable))
        return;
    delete item;
    updateButtons();
    Q_EMIT headersChanged();
}

void HeadersEditor::moveCurrent(int delta)
{
    QTreeWidgetItem *item = m_table->currentItem();
    if (!item)
        return;
    const int from = m_table->indexOfTopLevelItem(item);
    const int to = from + delta;
    if (to < 0 || to >= m_table->topLevelItemCount())
        return;
    m_restyling = true;
    m_table->takeTopLevelItem(from);
    m_table->insertTopLevelItem(to, item);
    m_restyling = false;
    m_table->setCurrentItem(item);
    updateButtons();
    Q_EMIT headersChanged();
}

void HeadersEditor::restyle()
{
    // Colours come from the palette so that a dark theme reads as well as a light one.
    m_restyling = true;
    const Http::Headers all = headers();
    const QBrush muted = palette().brush(QPalette::PlaceholderText);
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_table->topLevelItem(i);
        const QByteArray name = cell(item, NameColumn);
        const bool managed = name.compare(contentLength, Qt::CaseInsensitive) == 0;
        const bool hop = !managed && !name.isEmpty() && isHopByHop(all, name);
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
        if (!managed)
            flags |= Qt::ItemIsEditable;
        item->setFlags(flags);
        QString tip;
        if (managed)
            tip = QStringLiteral("Kept equal to the size of the body (%L1 bytes)").arg(m_bodySize);
        else if (hop)
            tip = QStringLiteral("Hop-by-hop: the proxy does not forward this field");
        for (int column : {NameColumn, ValueColumn}) {
            item->setForeground(column, managed || hop ? muted : palette().brush(QPalette::Text));
            item->setToolTip(column, tip);
        }
    }
    m_restyling = false;
}

void HeadersEditor::updateButtons()
{
    QTreeWidgetItem *item = m_table->currentItem();
    const int row = item ? m_table->indexOfTopLevelItem(item) : -1;
    m_remove->setEnabled(item && (item->flags() & Qt::ItemIsEditable));
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_table->topLevelItemCount());
}

void HeadersEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

} // namespace Hookscope::Gui
