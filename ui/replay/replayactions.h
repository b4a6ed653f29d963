#pragma once

#include "replay/replayer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

namespace Hookscope::Store {
class ExchangeStore;
class ExchangeWriter;
} // namespace Hookscope::Store

namespace Hookscope::Gui {

class EditResendDialog;
class ExchangeListView;
class ReplayController;

// Replay and Edit & Resend as the window offers them: replays the chosen exchanges through a
// ReplayController, asks before sending a stale timestamped signature when it could be re-signed,
// opens the Edit & Resend dialog, and when a replay is recorded lists it, selects it and says
// how it went (status, time, the verdict of its signature).
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

    ReplayController *controller() const { return m_controller; }
    // The open Edit & Resend dialog, if any.
    EditResendDialog *editDialog() const;

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

    Store::ExchangeStore *m_store = nullptr;
    Store::ExchangeWriter *m_writer = nullptr;
    ExchangeListView *m_list = nullptr;
    QWidget *m_window = nullptr;
    ReplayController *m_controller = nullptr;
    QPointer<EditResendDialog> m_dialog;
    qint64 m_selectId = 0; // the newest replay, selected once the list shows it
};

} // namespace Hookscope::Gui
