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
#include <memory>
#include <optional>

namespace Hookscope::Store {
class ExchangeStore;
class ExchangeWriter;
} // namespace Hookscope::Store

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
    // With resignWith: re-sign every request, or only those carrying a timestamped signature
    // older than its provider's tolerance (a regression run that keeps deliberately bad
    // signatures bad).
    enum class Resign { Always, WhenStale };
    Resign resign = Resign::Always;
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
// previous one has its answer. Lives on a thread with an event loop; call it from that thread
// (from another, post the call with QMetaObject::invokeMethod).
//
// This is the one replay path: `hookscope replay`, the inspection API's POST /api/requests/http,
// the window's Replay and Edit & Resend, and ReplayComparison all go through it.
// Edit & Resend: pass a copy of the original whose request head and body were edited (keep its
// id, so the result links to it); Content-Length follows the body, and `options.resignWith`
// re-signs the edited body.
class Replayer : public QObject
{
    Q_OBJECT
public:
    // Stores a replay and calls `recorded` (on any thread, at most once) with its new id or why
    // it could not be stored.
    using Recorded = std::function<void(Result<qint64>)>;
    using Recorder = std::function<void(const Store::Exchange &replay, Recorded recorded)>;
    using Clock = std::function<qint64()>; // Unix seconds
    // Reads one whole original (as ExchangeStore::exchange() gives it), or says why it cannot.
    using Loader = std::function<Hookscope::Result<Store::Exchange>(qint64 id)>;
    // The options one original is replayed with (re-signing with its provider's secret, say).
    using OptionsFor = std::function<ReplayOptions(const Store::Exchange &original)>;

    Replayer(ReplayOptions options, Recorder recorder, QObject *parent = nullptr);
    ~Replayer() override;

    // A Recorder that adds each replay to the capture database at `path` in its own transaction
    // (for when no ExchangeWriter runs on it, as in `hookscope replay`).
    static Recorder recordInto(const QString &databasePath);
    // A Recorder that queues each replay on a running writer (which must outlive the replayer):
    // its committed() signal then lists the replay like any capture.
    static Recorder recordThrough(Store::ExchangeWriter *writer);
    // A Loader reading from `store` (which must outlive the replays and live on their thread).
    static Loader readFrom(const Store::ExchangeStore *store);

    // Checks and builds the request for `original` at time `now`. An error names the exchange
    // and the way out (a truncated body, no upstream, a secret the provider refuses). Pure: may
    // be called from any thread, e.g. to refuse a replay at once before queueing it.
    static Result<PreparedReplay> prepare(const Store::Exchange &original,
                                          const ReplayOptions &options, qint64 now);

    const ReplayOptions &options() const { return m_options; }
    // For replays queued from now on.
    void setOptions(ReplayOptions options) { m_options = std::move(options); }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    Clock clock() const { return m_clock; }

    // Queues these originals with the replayer's options, or with `options` (re-signing for
    // one send, say); replayed() comes for each, in id order within one call, then finished()
    // once the queue is empty. Each is prepared just before it is sent (fresh timestamps).
    void replay(QList<Store::Exchange> originals);
    void replay(QList<Store::Exchange> originals, const ReplayOptions &options);
    // Queues the originals with these ids the same way, but holds only their ids: each is read
    // through `load` just before it is sent and held only while it is in flight, so any number
    // replays in bounded memory. One that cannot be read any more (deleted meanwhile, say) gets its
    // replayed() with the loader's error; the others go on. `optionsFor` (when given) says the
    // options of each once it is read; otherwise the replayer's options at the call are used.
    void replay(QList<qint64> ids, Loader load, OptionsFor optionsFor = {});
    bool isBusy() const { return m_busy; }
    // Drops what is queued and not yet sent: each gets its replayed() at once, with the error
    // saying so (cancelledError()). The one in flight still ends as usual.
    void cancel();
    static QString cancelledError(qint64 originalId);
    // The start of what is said of an original no longer in the database at `path`.
    static QString goneError(qint64 originalId, const QString &path);

Q_SIGNALS:
    // A replay was sent and recorded, or could not be: in outcome.error.
    void replayed(const Hookscope::Replay::ReplayOutcome &outcome);
    void finished();

private:
    // How queued ids are read and given their options; shared by the ids of one call.
    struct Source
    {
        Loader load;
        OptionsFor optionsFor;
    };
    struct Queued
    {
        qint64 id = 0;
        std::optional<Store::Exchange> original; // read when its turn comes when not given
        ReplayOptions options;
        std::shared_ptr<const Source> source;
    };
    void start();
    void next();
    void done(ReplayOutcome outcome);

    ReplayOptions m_options;
    Recorder m_recorder;
    Clock m_clock;
    std::deque<Queued> m_queue;
    bool m_busy = false;
};

} // namespace Hookscope::Replay

Q_DECLARE_METATYPE(Hookscope::Replay::ReplayOutcome)
