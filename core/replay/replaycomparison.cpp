#include "replaycomparison.h"

#include "store/exchangestore.h"

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

ReplayComparison::Loader ReplayComparison::readFrom(const Store::ExchangeStore *store)
{
    return [store](qint64 id) -> Hookscope::Result<Store::Exchange> {
        if (std::optional<Store::Exchange> exchange = store->exchange(id))
            return std::move(*exchange);
        if (!store->lastError().isEmpty())
            return Error{QStringLiteral("exchange %1 could not be read from %2: %3 (try again "
                                        "once nothing else holds the database)")
                             .arg(id)
                             .arg(store->path(), store->lastError())};
        return Error{QStringLiteral("exchange %1 is no longer in %2 (deleted, or removed by "
                                    "retention): it was not replayed")
                         .arg(id)
                         .arg(store->path())};
    };
}

void ReplayComparison::start(QList<qint64> ids, Loader load)
{
    if (isRunning())
        return;
    std::sort(ids.begin(), ids.end());
    m_ids = std::move(ids);
    m_next = 0;
    m_load = std::move(load);
    m_window.clear();
    m_results.clear();
    m_total = int(m_ids.size());
    m_cancelled = false;
    if (m_ids.isEmpty()) {
        QMetaObject::invokeMethod(this, &ReplayComparison::finished, Qt::QueuedConnection);
        return;
    }
    advance();
}

void ReplayComparison::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
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
    const auto slot = std::find_if(m_window.begin(), m_window.end(), [&outcome](const Slot &s) {
        return s.id == outcome.originalId && s.original && !s.result;
    });
    if (slot == m_window.end())
        return;
    ComparedReplay result = failed(outcome.originalId, outcome.error);
    result.warnings = outcome.warnings;
    if (outcome.exchange) {
        result.replayId = outcome.exchange->id;
        result.diff = diffResponses(*slot->original, *outcome.exchange, m_diffOptions);
        result.diff.trim();
    }
    slot->original.reset();
    slot->result = std::move(result);
    advance();
}

// Reports what is known in order and reads ahead. Receivers of compared() may cancel(), and
// Replayer::cancel() answers at once: such nested calls leave the work to the loop running.
void ReplayComparison::advance()
{
    if (m_advancing)
        return;
    const QScopedValueRollback<bool> advancing(m_advancing, true);
    for (;;) {
        if (!m_window.empty() && m_window.front().result) {
            const ComparedReplay result = std::move(*m_window.front().result);
            m_window.pop_front();
            report(result);
        } else if (m_window.size() < std::size_t(LoadAhead) && m_next < m_ids.size()) {
            queueNext();
        } else {
            return;
        }
    }
}

void ReplayComparison::queueNext()
{
    Slot &slot = m_window.emplace_back();
    slot.id = m_ids[m_next++];
    if (m_cancelled) {
        slot.result = failed(slot.id, Replayer::cancelledError(slot.id));
        return;
    }
    Hookscope::Result<Store::Exchange> original = m_load(slot.id);
    if (!original) {
        slot.result = failed(slot.id, original.error());
        return;
    }
    slot.original = std::move(original).value();
    m_replayer->replay({*slot.original},
                       m_optionsFor ? m_optionsFor(*slot.original) : m_replayer->options());
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
