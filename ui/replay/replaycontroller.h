#pragma once

#include "proxy/upstreamtarget.h"
#include "replay/replaycomparison.h"
#include "replay/replayer.h"
#include "signingsecrets.h"
#include "store/exchange.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <optional>

namespace Hookscope::Store {
class ExchangeWriter;
}

namespace Hookscope::Webhooks {
class Provider;
}

namespace Hookscope::Gui {

// The window's replays, off the UI thread: a worker thread reads the originals through its own
// store connection and sends them with Replay::Replayer (the proxy's forwarding path), one after
// the other in capture order. Each original is read just before it is sent, so a selection of
// any size replays in bounded memory; one deleted meanwhile fails alone (replayed() with why). Each
// replay is recorded in the capture database as a new exchange linked to its original and reported
// with replayed(). The UI thread never waits on the network or the disk.
//
// A batch is one user action (Replay on a selection, one Edit & Resend). A replay whose
// timestamped signature is older than the provider's tolerance would be refused by a receiver
// that checks it: when the secret is known, the batch waits for decide() after needsDecision().
// Without a re-sign, a replay of a delivery whose provider's secret is known is verified on its
// way out, so its verdict shows like a capture's.
class ReplayController : public QObject
{
    Q_OBJECT
public:
    using Clock = Replay::Replayer::Clock;

    // Replays are recorded through `writer` when there is one (it must outlive the controller;
    // its committed() lists them like captures), else straight into the database.
    explicit ReplayController(QString databasePath, Store::ExchangeWriter *writer = nullptr,
                              QObject *parent = nullptr);
    ~ReplayController() override; // drops what is queued and stops the worker

    // Where replays go instead of each original's recorded upstream (the app this session
    // captures in front of); none sends each to its own.
    void setUpstream(std::optional<Proxy::UpstreamTarget> to) { m_to = std::move(to); }
    std::optional<Proxy::UpstreamTarget> upstream() const { return m_to; }
    SigningSecrets &secrets() { return m_secrets; }
    const SigningSecrets &secrets() const { return m_secrets; }
    // Unix seconds, for staleness and verdicts (tests fix it).
    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }

    // Replays these exchanges (any order given; sent in capture order). Returns the batch.
    int replay(QList<qint64> ids);
    // Sends an edited copy of an original (its id kept), re-signed by `resignWith` with the secret
    // known for it when not null. Returns the batch.
    int resend(Store::Exchange edited, const Webhooks::Provider *resignWith);
    // For a batch that needsDecision(): re-sign what can be re-signed, or send it as captured.
    void decide(int batch, bool resign);
    // Forgets a batch waiting for decide().
    void cancel(int batch);

    // Replay all and compare: replays these (in capture order) and compares each new response
    // with its original's; compared() for each, then finished(). The originals are read one
    // at a time as they are sent, so any number runs in bounded memory; one deleted meanwhile
    // is compared as failed, the others go on. Timestamped signatures that went stale are
    // re-signed when the secret is known; others go as captured. Returns the batch.
    int replayAndCompare(QList<qint64> ids);
    // Sends nothing more of a comparison; what was not sent counts as failed.
    void stopComparing(int batch);

    bool isBusy() const { return !m_batches.isEmpty(); }

Q_SIGNALS:
    // Some replays of the batch carry a stale timestamped signature that can be re-signed.
    void needsDecision(int batch, const QStringList &warnings);
    // One replay was sent and recorded, or could not be (outcome.error).
    void replayed(int batch, const Hookscope::Replay::ReplayOutcome &outcome);
    // One original of a replayAndCompare() batch was replayed and compared (`done` of `total`).
    void compared(int batch, const Hookscope::Replay::ComparedReplay &result, int done, int total);
    // The batch is over (every replayed() came, or it failed or was cancelled).
    void finished(int batch);
    // The batch could not start (an exchange of a replay() is gone, the database cannot be
    // read).
    void failed(int batch, const QString &message);

private:
    struct Item
    {
        Store::Exchange original;
        Replay::ReplayOptions options;
    };
    struct Batch
    {
        QList<qint64> ids; // waiting for decide()
        int remaining = 0;
    };
    struct Worker;

    void checked(int batch, const QList<qint64> &ids, const QStringList &warnings,
                 const QString &error);
    void send(int batch, const QList<qint64> &ids, bool resign);
    Item itemFor(Store::Exchange original, const Webhooks::Provider *resignWith) const;
    // What every replay of this controller goes with: the chosen upstream, no re-signing.
    Replay::ReplayOptions baseOptions() const;
    void outcome(int batch, const Replay::ReplayOutcome &outcome);
    void comparedOne(int batch, const Replay::ComparedReplay &result, int done, int total);
    void end(int batch);

    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    SigningSecrets m_secrets;
    std::optional<Proxy::UpstreamTarget> m_to;
    Clock m_clock;
    QHash<int, Batch> m_batches;
    int m_nextBatch = 1;
};

} // namespace Hookscope::Gui
