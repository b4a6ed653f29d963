#pragma once

#include "common/result.h"
#include "http/message.h"
#include "proxy/upstreamtarget.h"
#include "store/exchange.h"
#include "webhooks/verdict.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <deque>
#include <functional>
#include <optional>

namespace Hookscope::Webhooks {
class Provider;
}

namespace Hookscope::Replay {

struct ReplayOptions
{
    // Where to send instead of each original's own upstream: its host and port replace the
    // original's (the request's path and query are kept); a base path in it replaces the
    // original's base path, otherwise that is kept too.
    std::optional<Proxy::UpstreamTarget> to;
    // Re-sign with a fresh timestamp before sending: the provider (which outlives the replay) and
    // its secret. The verdict of the re-signed request is recorded on the replay.
    const Webhooks::Provider *resignWith = nullptr;
    QByteArray secret;
    int connectTimeoutMs = 5'000;
    int responseTimeoutMs = 30'000;
    qint64 maxBodySize = 10 * 1024 * 1024; // how much of the replay's bodies is recorded
};

// A request ready to go: what is sent, where, and what the user should know first.
struct PreparedReplay
{
    qint64 originalId = 0;
    Proxy::UpstreamTarget upstream;
    Http::RequestHead head; // as captured (re-signed when asked); the proxy's rewriting follows
    QByteArray body;
    QString clientAddress; // the original client's: X-Forwarded-For comes out as it did then
    QStringList warnings;  // e.g. a timestamped signature older than its tolerance
    std::optional<Webhooks::Verdict> verdict; // of the re-signed request
    QString verdictProvider;
};

// What became of one original.
struct ReplayOutcome
{
    qint64 originalId = 0;
    std::optional<Store::Exchange> exchange; // the recorded replay, id and replayOf set
    QString error;                           // why nothing was sent or recorded
    QStringList warnings;
};

// Sends captured requests again, through the capture proxy's own forwarding path
// (Proxy::RequestSender: hop-by-hop fields stripped, X-Forwarded-* added, same framing, timeouts
// and 502/504 answers), and records each result as a new exchange linked to its original
// (replayOf). Headers and body go out as captured, byte for byte; the original is never changed.
// Several originals are sent one after the other in their original order (by id), each when the
// previous one has its answer. Lives on a thread with an event loop.
class Replayer : public QObject
{
    Q_OBJECT
public:
    // Stores a replay and returns its new id (or why it could not).
    using Recorder = std::function<Result<qint64>(const Store::Exchange &)>;
    using Clock = std::function<qint64()>; // Unix seconds

    Replayer(ReplayOptions options, Recorder recorder, QObject *parent = nullptr);
    ~Replayer() override;

    // A Recorder that adds each replay to the capture database at `path` in its own transaction.
    static Recorder recordInto(const QString &databasePath);

    // Checks and builds the request for `original` at time `now`. An error names the exchange
    // and the way out (a truncated body, no upstream, a secret the provider refuses).
    static Result<PreparedReplay> prepare(const Store::Exchange &original,
                                          const ReplayOptions &options, qint64 now);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    // Queues these originals; replayed() comes for each, in id order, then finished().
    void replay(QList<Store::Exchange> originals);
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void replayed(const Hookscope::Replay::ReplayOutcome &outcome);
    void finished();

private:
    void next();

    ReplayOptions m_options;
    Recorder m_recorder;
    Clock m_clock;
    std::deque<Store::Exchange> m_queue;
    bool m_busy = false;
};

} // namespace Hookscope::Replay

Q_DECLARE_METATYPE(Hookscope::Replay::ReplayOutcome)
