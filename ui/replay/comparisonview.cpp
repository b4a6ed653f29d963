#include "comparisonview.h"

#include "statuspalette.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

using Result = Replay::ComparedReplay::Result;

enum Column { OriginalColumn, RequestColumn, ResultColumn, DetailColumn, ReplayColumn };
constexpr int ResultRole = Qt::UserRole + 1;
constexpr int OriginalRole = Qt::UserRole + 2;
constexpr int ReplayRole = Qt::UserRole + 3;

QString resultText(Result result)
{
    switch (result) {
    case Result::Same:
        return QStringLiteral("Same");
    case Result::Changed:
        return QStringLiteral("Changed");
    case Result::Failed:
        break;
    }
    return QStringLiteral("Failed");
}

} // namespace

ComparisonView::ComparisonView(int total, QWidget *parent)
    : QWidget(parent)
    , m_total(total)
{
    setObjectName(QStringLiteral("replayComparison"));
    setWindowTitle(QStringLiteral("Replay and compare %L1 exchanges").arg(total));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("comparisonSummary"));
    m_summary->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(0);
    m_cancel = new QPushButton(QStringLiteral("Stop"), this);
    m_cancel->setToolTip(QStringLiteral("Send nothing more; what was not sent yet counts as "
                                        "failed"));
    connect(m_cancel, &QPushButton::clicked, this, &ComparisonView::cancelRequested);
    auto *top = new QHBoxLayout;
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancel);

    m_results = new QTreeWidget(this);
    m_results->setObjectName(QStringLiteral("comparisonResults"));
    m_results->setHeaderLabels({QStringLiteral("Original"), QStringLiteral("Request"),
                                QStringLiteral("Result"), QStringLiteral("Differences"),
                                QStringLiteral("Replay")});
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setAlternatingRowColors(true);
    m_results->header()->setStretchLastSection(false);
    m_results->header()->setSectionResizeMode(DetailColumn, QHeaderView::Stretch);
    m_results->setColumnWidth(OriginalColumn, 80);
    m_results->setColumnWidth(RequestColumn, 300);
    m_results->setColumnWidth(ResultColumn, 90);
    m_results->setColumnWidth(ReplayColumn, 80);
    connect(m_results, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { requestDiff(item); });

    m_onlyChanged = new QCheckBox(QStringLiteral("Only changed and failed"), this);
    connect(m_onlyChanged, &QCheckBox::toggled, this, &ComparisonView::applyFilter);
    m_showDiff = new QPushButton(QStringLiteral("Show Diff"), this);
    m_showDiff->setEnabled(false);
    connect(m_showDiff, &QPushButton::clicked, this,
            [this] { requestDiff(m_results->currentItem()); });
    connect(m_results, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_showDiff->setEnabled(item && item->data(ReplayColumn, ReplayRole).toLongLong() > 0);
    });
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_onlyChanged);
    bottom->addStretch(1);
    bottom->addWidget(m_showDiff);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(top);
    layout->addWidget(m_results, 1);
    layout->addLayout(bottom);
    updateSummary();
    resize(900, 520);
}

void ComparisonView::add(const Replay::ComparedReplay &result, const QString &request)
{
    const Result r = result.result();
    ++m_counts[int(r)];
    const qint64 replayId = result.replayId;
    QString detail = r == Result::Failed    ? result.error
                     : r == Result::Changed ? result.diff.summary()
                                            : QString();
    if (!result.warnings.isEmpty())
        detail +=
            (detail.isEmpty() ? QString() : QStringLiteral(" · ")) + result.warnings.join(u' ');
    auto *item = new QTreeWidgetItem(
        m_results, {QStringLiteral("#%1").arg(result.originalId), request, resultText(r), detail,
                    replayId ? QStringLiteral("#%1").arg(replayId) : QString()});
    item->setData(ResultColumn, ResultRole, int(r));
    item->setData(OriginalColumn, OriginalRole, result.originalId);
    item->setData(ReplayColumn, ReplayRole, replayId);
    item->setToolTip(DetailColumn, result.diff.lines().join(u'\n'));
    if (r != Result::Failed)
        item->setToolTip(ResultColumn, QStringLiteral("Double-click to see the diff"));
    m_progress->setValue(m_counts[0] + m_counts[1] + m_counts[2]);
    recolour();
    applyFilter();
    updateSummary();
}

void ComparisonView::finish()
{
    m_finished = true;
    m_progress->setValue(m_progress->maximum());
    m_cancel->setEnabled(false);
    updateSummary();
}

int ComparisonView::count(Result result) const
{
    return m_counts[int(result)];
}

void ComparisonView::updateSummary()
{
    const int done = m_counts[0] + m_counts[1] + m_counts[2];
    QString text = m_finished ? QStringLiteral("Replayed %L1 exchanges: ").arg(done)
                              : QStringLiteral("Replaying %L1 of %L2… ").arg(done).arg(m_total);
    text += QStringLiteral("%L1 changed, %L2 the same, %L3 failed.")
                .arg(count(Result::Changed))
                .arg(count(Result::Same))
                .arg(count(Result::Failed));
    if (m_finished && count(Result::Changed) + count(Result::Failed) == 0)
        text += QStringLiteral(" Every response is as it was.");
    m_summary->setText(text);
}

void ComparisonView::requestDiff(QTreeWidgetItem *item)
{
    if (!item)
        return;
    const qint64 replay = item->data(ReplayColumn, ReplayRole).toLongLong();
    if (replay > 0)
        Q_EMIT diffRequested(item->data(OriginalColumn, OriginalRole).toLongLong(), replay);
}

void ComparisonView::recolour()
{
    const StatusPalette colours = StatusPalette::from(palette());
    for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_results->topLevelItem(i);
        const auto r = Result(item->data(ResultColumn, ResultRole).toInt());
        item->setForeground(ResultColumn, r == Result::Same      ? colours.success
                                          : r == Result::Changed ? colours.client
                                                                 : colours.server);
    }
}

void ComparisonView::applyFilter()
{
    const bool only = m_onlyChanged->isChecked();
    for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_results->topLevelItem(i);
        item->setHidden(only &&
                        Result(item->data(ResultColumn, ResultRole).toInt()) == Result::Same);
    }
}

void ComparisonView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        recolour();
}

} // namespace Hookscope::Gui
