#include "replaycontroller.h"

#include "store/exchangestore.h"
#include "webhooks/provider.h"

#include <QDateTime>
#include <algorithm>
#include <deque>
#include <map>
#include <memory>

namespace Hookscope::Gui {

namespace {

// A replay of a delivery whose provider's secret is known gets a verdict like a capture's (a
// re-signed one has it from the Replayer already).
void verify(Store::Exchange &replay, const SigningSecrets &secrets, qint64 now)
{
    const Webhooks::Provider *provider = secrets.signerFor(replay.request);
    if (!provider || replay.verdict != Store::Verdict::None)
        return;
    const Webhooks::Verdict verdict = provider->verify(replay.request, replay.requestBody.bytes,
                                                       secrets.secretFor(provider), now);
    replay.verdict = verdict.valid() ? Store::Verdict::Valid : Store::Verdict::Invalid;
    replay.verdictProvider = provider->name();
    replay.verdictReason = verdict.summary();
}

// `options` re-signing with `provider` and the secret known for it; as they are without one.
Replay::ReplayOptions signingWith(Replay::ReplayOptions options, const Webhooks::Provider *provider,
                                  const SigningSecrets &secrets)
{
    if (provider) {
        options.resignWith = provider;
        options.secret = secrets.secretFor(provider);
    }
    return options;
}

} // namespace

// Everything here runs on the worker thread; results are posted back to the controller.
struct ReplayController::Worker : QObject
{
    ReplayController *owner = nullptr;
    QString databasePath;
    Store::ExchangeWriter *writer = nullptr;
    Clock clock;
    SigningSecrets secrets; // as of the latest enqueue()
    std::unique_ptr<Store::ExchangeStore> store;
    Replay::Replayer *replayer = nullptr;
    std::deque<int> batches; // of the queued replays, in the replayer's order
    std::map<int, Replay::ReplayComparison *> comparisons;

    template<typename F>
    void post(F &&f)
    {
        QMetaObject::invokeMethod(owner, std::forward<F>(f), Qt::QueuedConnection);
    }

    // Before anything is sent: every original must be there, and those a known secret could
    // re-sign are read one at a time to say which carry a stale timestamped signature.
    void check(int batch, const QList<qint64> &ids, const SigningSecrets &known)
    {
        QString error;
        QStringList warnings;
        // One query per original: without a secret nothing could be re-signed, and whether it
        // is there is enough; with one, reading it answers that too.
        Store::ExchangeStore *const db = openStore(error);
        for (const qint64 id : ids) {
            if (!db)
                break;
            std::optional<Store::Exchange> original;
            bool there = false;
            if (known.isEmpty()) {
                there = db->contains(id);
            } else {
                original = db->exchange(id);
                there = original.has_value();
            }
            if (!there) {
                error = Replay::Replayer::goneError(id, databasePath) +
                        QStringLiteral("; nothing was replayed");
                break;
            }
            if (!original || !known.signerFor(original->request))
                continue;
            if (const Result<Replay::PreparedReplay> prepared =
                    Replay::Replayer::prepare(*original, {}, clock()))
                warnings.append(prepared->warnings);
        }
        post([o = owner, batch, ids, warnings, error] { o->checked(batch, ids, warnings, error); });
    }

    // The worker's read connection, opened on first use; null (and why in `error`) when the
    // database cannot be opened.
    Store::ExchangeStore *openStore(QString &error)
    {
        if (!store) {
            Result<std::unique_ptr<Store::ExchangeStore>> opened =
                Store::ExchangeStore::open(databasePath);
            if (opened)
                store = std::move(opened).value();
            else
                error = opened.error();
        }
        return store.get();
    }

    // Records through the writer (or into the file), with a verdict when the secret is known.
    Replay::Replayer::Recorder recorder(const SigningSecrets *known)
    {
        Replay::Replayer::Recorder inner = writer ? Replay::Replayer::recordThrough(writer)
                                                  : Replay::Replayer::recordInto(databasePath);
        return [this, inner, known](const Store::Exchange &replay,
                                    Replay::Replayer::Recorded recorded) {
            Store::Exchange verified = replay;
            verify(verified, *known, clock());
            inner(verified, std::move(recorded));
        };
    }

    // Reads the originals one at a time as they are sent (ReplayComparison), so that any
    // selection runs in bounded memory; one deleted meanwhile fails alone.
    void compare(int batch, const QList<qint64> &ids, const Replay::ReplayOptions &options,
                 const SigningSecrets &known)
    {
        QString error;
        if (!openStore(error) || ids.isEmpty()) {
            post([o = owner, batch, error] { o->checked(batch, {}, {}, error); });
            return;
        }
        auto *own = new SigningSecrets(known);
        auto *sender = new Replay::Replayer(options, recorder(own), this);
        sender->setClock(clock);
        auto *comparison = new Replay::ReplayComparison(sender, {}, sender);
        comparisons[batch] = comparison;
        // A stale timestamped signature is re-signed by the first provider whose signature the
        // original carries and whose secret is known.
        comparison->setOptionsFor([options, own](const Store::Exchange &original) {
            Replay::ReplayOptions its =
                signingWith(options, own->signerFor(original.request), *own);
            its.resign = Replay::ReplayOptions::Resign::WhenStale;
            return its;
        });
        QObject::connect(comparison, &Replay::ReplayComparison::compared, this,
                         [this, batch, comparison](const Replay::ComparedReplay &result) {
                             const int done = int(comparison->results().size());
                             const int total = comparison->total();
                             post([o = owner, batch, result, done, total] {
                                 o->comparedOne(batch, result, done, total);
                             });
                         });
        QObject::connect(comparison, &Replay::ReplayComparison::finished, this,
                         [this, batch, sender, own] {
                             comparisons.erase(batch);
                             sender->deleteLater();
                             QObject::connect(sender, &QObject::destroyed, [own] { delete own; });
                             post([o = owner, batch] { o->end(batch); });
                         });
        comparison->start(ids, Replay::Replayer::readFrom(store.get()));
    }

    void makeReplayer()
    {
        replayer = new Replay::Replayer({}, recorder(&secrets), this);
        QObject::connect(replayer, &Replay::Replayer::replayed, this,
                         [this](Replay::ReplayOutcome outcome) {
                             const int batch = batches.empty() ? 0 : batches.front();
                             if (!batches.empty())
                                 batches.pop_front();
                             if (outcome.exchange)
                                 verify(*outcome.exchange, secrets, clock());
                             post([o = owner, batch, outcome] { o->outcome(batch, outcome); });
                         });
    }

    Replay::Replayer *replayerFor(int batch, qsizetype count, const SigningSecrets &known)
    {
        secrets = known;
        if (!replayer)
            makeReplayer();
        replayer->setClock(clock);
        batches.insert(batches.end(), std::size_t(count), batch);
        return replayer;
    }

    void enqueue(int batch, const Item &item, const SigningSecrets &known)
    {
        replayerFor(batch, 1, known)->replay({item.original}, item.options);
    }

    // Each original is read just before it is sent (Replayer::replay() with ids), so that any
    // selection runs in bounded memory; one deleted since check() fails alone.
    void enqueue(int batch, const QList<qint64> &ids, const Replay::ReplayOptions &options,
                 bool resign, const SigningSecrets &known)
    {
        QString error;
        if (!openStore(error)) {
            post([o = owner, batch, error] { o->checked(batch, {}, {}, error); });
            return;
        }
        replayerFor(batch, ids.size(), known)
            ->replay(ids, Replay::Replayer::readFrom(store.get()),
                     [options, resign, known](const Store::Exchange &original) {
                         return signingWith(
                             options, resign ? known.signerFor(original.request) : nullptr, known);
                     });
    }

    ~Worker() override
    {
        if (replayer)
            replayer->cancel();
        // A comparison with nothing in flight finishes inside cancel(), leaving `comparisons`.
        const std::map<int, Replay::ReplayComparison *> running = comparisons;
        for (const auto &[batch, comparison] : running)
            comparison->cancel();
    }
};

ReplayController::ReplayController(QString databasePath, Store::ExchangeWriter *writer,
                                   QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentSecsSinceEpoch(); })
{
    qRegisterMetaType<Hookscope::Replay::ReplayOutcome>();
    m_thread.setObjectName(QStringLiteral("replay"));
    m_worker = new Worker;
    m_worker->owner = this;
    m_worker->databasePath = std::move(databasePath);
    m_worker->writer = writer;
    m_worker->clock = m_clock;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

ReplayController::~ReplayController()
{
    // Its sockets and its store connection belong to the worker thread: they go there.
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ReplayController::setClock(Clock clock)
{
    m_clock = clock;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, clock] { w->clock = clock; });
}

int ReplayController::replay(QList<qint64> ids)
{
    const int batch = m_nextBatch++;
    m_batches.insert(batch, {});
    QMetaObject::invokeMethod(m_worker, [w = m_worker, batch, ids, secrets = m_secrets] {
        w->check(batch, ids, secrets);
    });
    return batch;
}

int ReplayController::resend(Store::Exchange edited, const Webhooks::Provider *resignWith)
{
    const int batch = m_nextBatch++;
    m_batches.insert(batch, {{}, 1});
    const Item item{itemFor(std::move(edited), resignWith)};
    QMetaObject::invokeMethod(m_worker, [w = m_worker, batch, item, secrets = m_secrets] {
        w->enqueue(batch, item, secrets);
    });
    return batch;
}

void ReplayController::checked(int batch, const QList<qint64> &ids, const QStringList &warnings,
                               const QString &error)
{
    if (!m_batches.contains(batch))
        return;
    if (!error.isEmpty() || ids.isEmpty()) {
        Q_EMIT failed(batch, error.isEmpty() ? QStringLiteral("nothing to replay") : error);
        end(batch);
        return;
    }
    if (warnings.isEmpty()) {
        send(batch, ids, false);
        return;
    }
    m_batches[batch].ids = ids;
    Q_EMIT needsDecision(batch, warnings);
}

void ReplayController::decide(int batch, bool resign)
{
    const auto it = m_batches.find(batch);
    if (it == m_batches.end() || it->ids.isEmpty())
        return;
    send(batch, std::exchange(it->ids, {}), resign);
}

void ReplayController::cancel(int batch)
{
    const auto it = m_batches.find(batch);
    if (it != m_batches.end() && !it->ids.isEmpty())
        end(batch);
}

int ReplayController::replayAndCompare(QList<qint64> ids)
{
    const int batch = m_nextBatch++;
    m_batches.insert(batch, {});
    const Replay::ReplayOptions options = baseOptions();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, batch, ids, options, secrets = m_secrets] {
        w->compare(batch, ids, options, secrets);
    });
    return batch;
}

void ReplayController::stopComparing(int batch)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, batch] {
        if (const auto it = w->comparisons.find(batch); it != w->comparisons.end())
            it->second->cancel();
    });
}

void ReplayController::comparedOne(int batch, const Replay::ComparedReplay &result, int done,
                                   int total)
{
    if (m_batches.contains(batch))
        Q_EMIT compared(batch, result, done, total);
}

void ReplayController::send(int batch, const QList<qint64> &ids, bool resign)
{
    m_batches[batch].remaining = int(ids.size());
    const Replay::ReplayOptions options = baseOptions();
    QMetaObject::invokeMethod(m_worker,
                              [w = m_worker, batch, ids, options, resign, secrets = m_secrets] {
                                  w->enqueue(batch, ids, options, resign, secrets);
                              });
}

ReplayController::Item ReplayController::itemFor(Store::Exchange original,
                                                 const Webhooks::Provider *resignWith) const
{
    return {std::move(original), signingWith(baseOptions(), resignWith, m_secrets)};
}

Replay::ReplayOptions ReplayController::baseOptions() const
{
    Replay::ReplayOptions options;
    options.to = m_to;
    return options;
}

void ReplayController::outcome(int batch, const Replay::ReplayOutcome &outcome)
{
    Q_EMIT replayed(batch, outcome);
    const auto it = m_batches.find(batch);
    if (it != m_batches.end() && --it->remaining <= 0)
        end(batch);
}

void ReplayController::end(int batch)
{
    m_batches.remove(batch);
    Q_EMIT finished(batch);
}

} // namespace Hookscope::Gui
