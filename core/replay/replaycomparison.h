#pragma once

#include "replayer.h"
#include "responsediff.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <deque>
#include <optional>

namespace Hookscope::Replay {

// One original replayed and its new response compared with the original's.
struct ComparedReplay
{
    enum class Result { Same, Changed, Failed };
    qint64 originalId = 0;
    std::optional<Store::Exchange> replay; // as recorded (id and replayOf set); none on Failed
    ResponseDiff diff;                     // original's response → the replay's
    QString error;                         // Failed: why it was not replayed or recorded
    QStringList warnings;                  // e.g. a stale signature sent as it was

    Result result() const
    {
        return !replay ? Result::Failed : diff.equal() ? Result::Same : Result::Changed;
    }
};

// "Replay all and compare": sends each original again through a Replayer (in their original
// order, with its options, so re-signing and --to apply) and compares each new response with
// the original's (ResponseDiff). For the window's regression replay and
// `hookscope replay --compare`. Lives on the Replayer's thread.
//
// While it runs it takes the replayer's outcomes for the originals it queued (in order); other
// replays through the same replayer at the same time are left alone.
class ReplayComparison : public QObject
{
    Q_OBJECT
public:
    ReplayComparison(Replayer *replayer, DiffOptions diffOptions = {}, QObject *parent = nullptr);
    ~ReplayComparison() override;

    // Replays and compares these (full exchanges, as ExchangeStore::exchange() gives them).
    // progress() and compared() follow for each, then finished(). Ignored while running.
    void start(QList<Store::Exchange> originals);
    // Stops: what was not sent yet counts as failed ("cancelled"); finished() follows once the
    // one in flight is compared. Cancels everything else queued on the replayer too.
    void cancel();
    bool isRunning() const { return !m_pending.empty(); }

    int total() const { return m_total; }
    // Results so far, in the order they were replayed.
    const QList<ComparedReplay> &results() const { return m_results; }
    int count(ComparedReplay::Result result) const;

Q_SIGNALS:
    // For each original in turn: progress() (results() already holds it), then compared().
    void progress(int done, int total);
    void compared(const Hookscope::Replay::ComparedReplay &result);
    // Everything queued was replayed and compared (or cancelled).
    void finished();

private:
    void take(const ReplayOutcome &outcome);

    Replayer *m_replayer = nullptr;
    DiffOptions m_diffOptions;
    QHash<qint64, Store::Exchange> m_originals;
    std::deque<qint64> m_pending; // original ids, in the order the replayer sends them
    QList<ComparedReplay> m_results;
    int m_total = 0;
};

} // namespace Hookscope::Replay

Q_DECLARE_METATYPE(Hookscope::Replay::ComparedReplay)
