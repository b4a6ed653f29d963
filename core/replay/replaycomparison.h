#pragma once

#include "common/result.h"
#include "replayer.h"
#include "responsediff.h"

#include <QList>
#include <QObject>
#include <deque>
#include <functional>
#include <optional>

namespace Hookscope::Replay {

// One original replayed and its new response compared with the original's. Holds no bodies: a
// view that shows the whole difference reads both exchanges again by id.
struct ComparedReplay
{
    enum class Result { Same, Changed, Failed };
    qint64 originalId = 0;
    qint64 replayId = 0;  // the recorded replay (its replayOf is originalId); 0 on Failed
    ResponseDiff diff;    // original's response → the replay's, trimmed (ResponseDiff::trim())
    QString error;        // Failed: why it was not replayed or recorded
    QStringList warnings; // e.g. a stale signature sent as it was

    Result result() const
    {
        return replayId <= 0 ? Result::Failed : diff.equal() ? Result::Same : Result::Changed;
    }
};

// "Replay all and compare": sends each original again through a Replayer (in their original
// order, with its options, so re-signing and --to apply) and compares each new response with
// the original's (ResponseDiff). For the window's regression replay and
// `hookscope replay --compare`. Lives on the Replayer's thread.
//
// Runs in bounded memory however many originals there are: the replayer reads each just before
// it is sent (Replayer::replay() with ids), only the one in flight is held for its comparison, and
// each result keeps ids and a trimmed diff, no exchange.
//
// While it runs it takes the replayer's outcomes for the originals it queued (in order); other
// replays through the same replayer at the same time are left alone.
class ReplayComparison : public QObject
{
    Q_OBJECT
public:
    using Loader = Replayer::Loader;
    using OptionsFor = Replayer::OptionsFor;

    ReplayComparison(Replayer *replayer, DiffOptions diffOptions = {}, QObject *parent = nullptr);
    ~ReplayComparison() override;

    // Without it (or with an empty one), each original goes with the replayer's options.
    void setOptionsFor(OptionsFor optionsFor) { m_optionsFor = std::move(optionsFor); }

    // Replays and compares the exchanges with these ids (any order given; replayed in id order),
    // reading each through `load` (Replayer::readFrom(), say) when its turn comes. One that cannot
    // be read (deleted meanwhile, say) counts as failed with the loader's error; the others go on.
    // progress() and compared() follow for each, then finished(). Ignored while running.
    void start(QList<qint64> ids, Loader load);
    // Stops: what was not sent yet counts as failed ("cancelled"); finished() follows once the
    // one in flight is compared. Cancels everything else queued on the replayer too.
    void cancel();
    bool isRunning() const { return m_results.size() < m_total; }

    int total() const { return m_total; }
    // Results so far, in the order they were replayed.
    const QList<ComparedReplay> &results() const { return m_results; }
    int count(ComparedReplay::Result result) const;

Q_SIGNALS:
    // For each original in turn: progress() (results() already holds it), then compared().
    void progress(int done, int total);
    void compared(const Hookscope::Replay::ComparedReplay &result);
    // Everything was replayed and compared (or cancelled).
    void finished();

private:
    // An original from its queueing to its report.
    struct Slot
    {
        qint64 id = 0;
        std::optional<ComparedReplay> result; // once known; reported in order
    };
    void take(const ReplayOutcome &outcome);
    void advance();
    void report(const ComparedReplay &result);

    Replayer *m_replayer = nullptr;
    DiffOptions m_diffOptions;
    OptionsFor m_optionsFor;
    std::deque<Slot> m_pending;            // queued on the replayer, not reported yet, in order
    std::optional<Store::Exchange> m_sent; // the original the replayer read last, until compared
    QList<ComparedReplay> m_results;
    int m_total = 0;
    bool m_advancing = false;
};

} // namespace Hookscope::Replay

Q_DECLARE_METATYPE(Hookscope::Replay::ComparedReplay)
