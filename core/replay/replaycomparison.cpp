#include "replaycomparison.h"

#include <QPointer>
#include <QScopedValueRollback>
#include <algorithm>

namespace Hookscope::Replay {

namespace {

ComparedReplay failed(qint64 id, QString error)
{
    ComparedReplay result;
    result.originalId = id;
    result.error = std::move(error);
    return result;
}

} // namespace

ReplayComparison::ReplayComparison(Replayer *replayer, DiffOptions diffOptions, QObject *parent)
    : QObject(parent)
    , m_replayer(replayer)
    , m_diffOptions(std::move(diffOptions))
{
    qRegisterMetaType<Hookscope::Replay::ComparedReplay>();
    connect(m_replayer, &Replayer::replayed, this, &ReplayComparison::take);
}

ReplayComparison::~ReplayComparison() = default;

void ReplayComparison::start(QList<qint64> ids, Loader load)
{
    if (isRunning())
        return;
    std::sort(ids.begin(), ids.end());
    m_pending.clear();
    for (const qint64 id : std::as_const(ids))
        m_pending.push_back({id, std::nullopt});
    m_sent.reset();
    m_results.clear();
    m_total = int(ids.size());
    if (ids.isEmpty()) {
        QMetaObject::invokeMethod(this, &ReplayComparison::finished, Qt::QueuedConnection);
        return;
    }
    // The original read for sending is kept (one at a time) to compare its response with.
    m_replayer->replay(
        std::move(ids),
        [self = QPointer(this), load = std::move(load)](qint64 id) {
            Hookscope::Result<Store::Exchange> original = load(id);
            if (self && original)
                self->m_sent = *original;
            return original;
        },
        m_optionsFor);
}

void ReplayComparison::cancel()
{
    if (!isRunning())
        return;
    m_replayer->cancel();
    advance();
}

int ReplayComparison::count(ComparedReplay::Result result) const
{
    return int(std::count_if(m_results.begin(), m_results.end(),
                             [result](const ComparedReplay &r) { return r.result() == result; }));
}

void ReplayComparison::take(const ReplayOutcome &outcome)
{
    const auto slot = std::find_if(m_pending.begin(), m_pending.end(), [&outcome](const Slot &s) {
        return s.id == outcome.originalId && !s.result;
    });
    if (slot == m_pending.end())
        return;
    ComparedReplay result = failed(outcome.originalId, outcome.error);
    result.warnings = outcome.warnings;
    if (m_sent && m_sent->id == outcome.originalId) {
        if (outcome.exchange) {
            result.replayId = outcome.exchange->id;
            result.diff = diffResponses(*m_sent, *outcome.exchange, m_diffOptions);
            result.diff.trim();
        }
        m_sent.reset();
    }
    slot->result = std::move(result);
    advance();
}

// Reports what is known in order. Receivers of compared() may cancel(), and Replayer::cancel()
// answers at once: such nested calls leave the work to the loop running.
void ReplayComparison::advance()
{
    if (m_advancing)
        return;
    const QScopedValueRollback<bool> advancing(m_advancing, true);
    while (!m_pending.empty() && m_pending.front().result) {
        const ComparedReplay result = std::move(*m_pending.front().result);
        m_pending.pop_front();
        report(result);
    }
}

void ReplayComparison::report(const ComparedReplay &result)
{
    m_results.append(result);
    Q_EMIT progress(int(m_results.size()), m_total);
    Q_EMIT compared(result);
    if (m_results.size() == m_total)
        Q_EMIT finished();
}

} // namespace Hookscope::Replay
