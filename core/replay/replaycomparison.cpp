#include "replaycomparison.h"

#include <algorithm>

namespace Hookscope::Replay {

ReplayComparison::ReplayComparison(Replayer *replayer, DiffOptions diffOptions, QObject *parent)
    : QObject(parent)
    , m_replayer(replayer)
    , m_diffOptions(std::move(diffOptions))
{
    qRegisterMetaType<Hookscope::Replay::ComparedReplay>();
    connect(m_replayer, &Replayer::replayed, this, &ReplayComparison::take);
}

ReplayComparison::~ReplayComparison() = default;

void ReplayComparison::start(QList<Store::Exchange> originals)
{
    if (isRunning())
        return;
    m_results.clear();
    m_originals.clear();
    std::sort(originals.begin(), originals.end(),
              [](const Store::Exchange &a, const Store::Exchange &b) { return a.id < b.id; });
    m_total = int(originals.size());
    for (const Store::Exchange &original : originals) {
        m_pending.push_back(original.id);
        m_originals.insert(original.id, original);
    }
    if (originals.isEmpty()) {
        QMetaObject::invokeMethod(this, &ReplayComparison::finished, Qt::QueuedConnection);
        return;
    }
    m_replayer->replay(std::move(originals));
}

void ReplayComparison::cancel()
{
    if (isRunning())
        m_replayer->cancel();
}

int ReplayComparison::count(ComparedReplay::Result result) const
{
    return int(std::count_if(m_results.begin(), m_results.end(),
                             [result](const ComparedReplay &r) { return r.result() == result; }));
}

void ReplayComparison::take(const ReplayOutcome &outcome)
{
    if (m_pending.empty() || m_pending.front() != outcome.originalId)
        return;
    m_pending.pop_front();
    // A receiver may cancel() from compared(): the rest then finish inside that call.
    const bool last = m_pending.empty();
    const Store::Exchange original = m_originals.take(outcome.originalId);
    ComparedReplay result;
    result.originalId = outcome.originalId;
    result.warnings = outcome.warnings;
    if (outcome.exchange) {
        result.replay = outcome.exchange;
        result.diff = diffResponses(original, *outcome.exchange, m_diffOptions);
    } else {
        result.error = outcome.error;
    }
    m_results.append(result);
    Q_EMIT progress(int(m_results.size()), m_total);
    Q_EMIT compared(result);
    if (last)
        Q_EMIT finished();
}

} // namespace Hookscope::Replay
