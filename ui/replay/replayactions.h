#pragma once

#include "replay/replayer.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QAction;
class QWidget;

namespace Hookscope::Store {
class ExchangeStore;
class ExchangeWriter;
} // namespace Hookscope::Store

namespace Hookscope::Gui {

class ComparisonView;
class EditResendDialog;
class ExchangeListView;
class ReplayController;
class ResponseDiffView;

// Replay and Edit & Resend as the window offers them: replays the chosen exchanges through a
// ReplayController, asks before sending a stale timestamped signature when it could be re-signed,
// opens the Edit & Resend dialog, and when a replay is recorded lists it, selects it and says
// how it went (status, time, the verdict of its signature). Compares the response of a replay
// with its original's (at once after an Edit & Resend), and replays a selection or everything the
// list shows with a summary of which responses changed.
class ReplayActions : public QObject
{
    Q_OBJECT
public:
    // `store` is the window's read connection, `writer` the database's writer (may be null),
    // `list` the window's exchange list; `window` parents dialogs.
    ReplayActions(Store::ExchangeStore *store, Store::ExchangeWriter *writer,
                  ExchangeListView *list, QWidget *window);
    ~ReplayActions() override;

    // What the session knows: the upstream it captures in front of ("http://127.0.0.1:3000", or
    // empty: each replay goes to its original's upstream) and the --verify-webhook provider and
    // secret (kept in memory for re-signing).
    void setSession(const QString &upstreamUrl, const QString &webhookProvider,
                    const QByteArray &webhookSecret);

    // Replays these exchanges in capture order.
    void replay(const QList<qint64> &ids);
    // Opens Edit & Resend for this exchange.
    void editAndResend(qint64 id);
    // Opens the diff of a replay's response against its original's; false (and why in the
    // status bar) when `replayId` is not a replay.
    bool compareWithOriginal(qint64 replayId);
    void showDiff(qint64 originalId, qint64 replayId);
    // Replays these and lists which responses changed, with their diffs.
    void replayAllAndCompare(const QList<qint64> &ids);

    // "Compare with Original" (for the current exchange when it is a replay) and "Replay All
    // and Compare" (the selection when several are selected, else all the list shows).
    QAction *compareAction() const { return m_compareAction; }
    QAction *compareAllAction() const { return m_compareAllAction; }

    ReplayController *controller() const { return m_controller; }
    // The open Edit & Resend dialog, if any.
    EditResendDialog *editDialog() const;
    // The diff or comparison window opened last, if still open.
    ResponseDiffView *diffView() const;
    ComparisonView *comparisonView() const;

Q_SIGNALS:
    // For the status bar.
    void message(const QString &text, int timeoutMs);
    // Something the user must read (a replay that could not be sent or recorded).
    void problem(const QString &title, const QString &message);
    // A replay (or resend) of `originalId` was recorded as `id`.
    void replayRecorded(qint64 originalId, qint64 id);
    // Every replay asked for so far is done.
    void idle();

private:
    void askAboutStale(int batch, const QStringList &warnings);
    void report(int batch, const Replay::ReplayOutcome &outcome);
    void selectWhenListed();
    void updateCompareAction();
    template<typename W>
    W *openWindow(W *widget);

    Store::ExchangeStore *m_store = nullptr;
    Store::ExchangeWriter *m_writer = nullptr;
    ExchangeListView *m_list = nullptr;
    QWidget *m_window = nullptr;
    ReplayController *m_controller = nullptr;
    QPointer<EditResendDialog> m_dialog;
    QPointer<ResponseDiffView> m_diff;
    QPointer<ComparisonView> m_comparison;
    QAction *m_compareAction = nullptr;
    QAction *m_compareAllAction = nullptr;
    QSet<int> m_resends;   // batches whose diff opens when they are recorded
    int m_comparing = 0;   // the batch of the running comparison
    qint64 m_selectId = 0; // the newest replay, selected once the list shows it
};

} // namespace Hookscope::Gui
