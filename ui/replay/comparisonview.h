#pragma once

#include "replay/replaycomparison.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;
class QCheckBox;

namespace Hookscope::Gui {

// "Replay all and compare": progress while the exchanges are replayed, then one row per original
// saying whether its new response is the same, changed (and how, in brief) or could not be had.
// Double-clicking a row, or Show Diff, asks for its diff (diffRequested()).
class ComparisonView : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonView(int total, QWidget *parent = nullptr);

    void add(const Replay::ComparedReplay &result, const QString &request);
    void finish();
    // The same, changed and failed so far.
    int count(Replay::ComparedReplay::Result result) const;

    QTreeWidget *resultsTable() const { return m_results; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *summaryLabel() const { return m_summary; }

Q_SIGNALS:
    void diffRequested(qint64 originalId, qint64 replayId);
    void cancelRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateSummary();
    void requestDiff(QTreeWidgetItem *item);
    void recolour();
    void applyFilter();

    int m_total = 0;
    int m_counts[3] = {0, 0, 0};
    bool m_finished = false;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    QTreeWidget *m_results = nullptr;
    QCheckBox *m_onlyChanged = nullptr;
    QPushButton *m_showDiff = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace Hookscope::Gui
