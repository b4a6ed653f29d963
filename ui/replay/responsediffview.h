#pragma once

#include "replay/responsediff.h"
#include "store/exchange.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTreeWidget;

namespace Hookscope::Gui {

// How the response of a replay (or an edited resend) differs from its original's, as
// Replay::diffResponses() finds it: the status; every header of both, the differing ones marked
// and the volatile ones it ignores (Date, request ids, …) greyed; and the body, by JSON path
// (changed, added, removed) when both are JSON, as a line diff when both are text. Added and
// removed are coloured from the palette, so a dark theme reads as well as a light one.
class ResponseDiffView : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseDiffView(QWidget *parent = nullptr);

    void showDiff(const Store::Exchange &original, const Store::Exchange &replay,
                  const Replay::DiffOptions &options = {});
    const Replay::ResponseDiff &diff() const { return m_diff; }

    QLabel *summaryLabel() const { return m_summary; }
    QLabel *statusLabel() const { return m_status; }
    QTreeWidget *headersTable() const { return m_headers; }
    QTreeWidget *pathsTable() const { return m_paths; }
    QPlainTextEdit *linesView() const { return m_lines; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void fillHeaders();
    void fillBody();

    Store::Exchange m_original;
    Store::Exchange m_replay;
    Replay::DiffOptions m_options;
    Replay::ResponseDiff m_diff;
    QLabel *m_summary = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_headers = nullptr;
    QStackedWidget *m_body = nullptr;
    QTreeWidget *m_paths = nullptr;
    QPlainTextEdit *m_lines = nullptr;
    QLabel *m_bodyNote = nullptr;
    QLabel *m_notes = nullptr;
};

} // namespace Hookscope::Gui
