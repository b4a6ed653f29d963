#include "replayer.h"

#include "proxy/proxyoptions.h"
#include "proxy/requestsender.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "webhooks/provider.h"
#include "webhooks/registry.h"

#include <QDateTime>
#include <QPointer>
#include <algorithm>

namespace Hookscope::Replay {

namespace {

QString describeAge(qint64 seconds)
{
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h").arg(seconds / 3600);
    return QStringLiteral("%1 days").arg(seconds / 86400);
}

// A delivery signed with a timestamp is refused by receivers once it is older than the
// provider's tolerance, however right the signature is.
std::optional<QString> staleSignature(const Store::Exchange &original, qint64 now)
{
    for (const Webhooks::Provider *provider : Webhooks::providers()) {
        if (!provider->hasSignature(original.request))
            continue;
        const std::optional<qint64> signedAt = provider->signedAt(original.request);
        if (!signedAt || now - *signedAt <= provider->toleranceSeconds())
            continue;
        return QStringLiteral("exchange %1: its %2 signature is %3 old, older than the %4 s the "
                              "receiver accepts, so a receiver that checks signatures will refuse "
                              "it (re-sign it with a fresh timestamp: --resign %5 --secret SECRET)")
            .arg(original.id)
            .arg(provider->displayName(), describeAge(now - *signedAt))
            .arg(provider->toleranceSeconds())
            .arg(provider->name());
    }
    return std::nullopt;
}

} // namespace

Replayer::Replayer(ReplayOptions options, Recorder recorder, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_recorder(std::move(recorder))
    , m_clock([] { return QDateTime::currentSecsSinceEpoch(); })
{
    qRegisterMetaType<Hookscope::Replay::ReplayOutcome>();
}

Replayer::~Replayer() = default;

Replayer::Recorder Replayer::recordInto(const QString &databasePath)
{
    return [databasePath](const Store::Exchange &exchange, const Recorded &recorded) {
        Result<QList<qint64>> ids = Store::importExchanges(databasePath, {exchange});
        if (!ids)
            recorded(Error{ids.error()});
        else
            recorded(ids->first());
    };
}

Replayer::Recorder Replayer::recordThrough(Store::ExchangeWriter *writer)
{
    return [writer](const Store::Exchange &exchange, Recorded recorded) {
        writer->submit(exchange, [recorded = std::move(recorded)](qint64 id) {
            if (id > 0)
                recorded(id);
            else
                recorded(Error{QStringLiteral("the capture database refused it (see the "
                                              "writer's error)")});
        });
    };
}

Replayer::Loader Replayer::readFrom(const Store::ExchangeStore *store)
{
    return [store](qint64 id) -> Hookscope::Result<Store::Exchange> {
        if (std::optional<Store::Exchange> exchange = store->exchange(id))
            return std::move(*exchange);
        if (!store->lastError().isEmpty())
            return Error{QStringLiteral("exchange %1 could not be read from %2: %3 (try again "
                                        "once nothing else holds the database)")
                             .arg(id)
                             .arg(store->path(), store->lastError())};
        return Error{goneError(id, store->path()) + QStringLiteral(": it was not replayed")};
    };
}

Result<PreparedReplay> Replayer::prepare(const Store::Exchange &original,
                                         const ReplayOptions &options, qint64 now)
{
    if (original.requestBody.truncated)
        return Error{QStringLiteral("exchange %1: only the first %2 of its %3 body bytes were "
                                    "stored, and replaying would send a different body (capture "
                                    "it again with a larger --max-body-size)")
                         .arg(original.id)
                         .arg(original.requestBody.bytes.size())
                         .arg(original.requestBody.size)};
    if (original.upgraded)
        return Error{QStringLiteral("exchange %1 switched protocols (WebSocket); only its "
                                    "handshake was recorded and it cannot be replayed")
                         .arg(original.id)};

    PreparedReplay prepared;
    prepared.originalId = original.id;
    prepared.head = original.request;
    prepared.body = original.requestBody.bytes;
    prepared.clientAddress = original.clientAddress;

    std::optional<Proxy::UpstreamTarget> own;
    if (!original.upstream.isEmpty()) {
        Result<Proxy::UpstreamTarget> parsed = Proxy::UpstreamTarget::parse(original.upstream);
        if (parsed)
            own = *parsed;
    }
    if (options.to) {
        prepared.upstream = *options.to;
        if (options.to->basePath.isEmpty() && own)
            prepared.upstream.basePath = own->basePath;
    } else if (own) {
        prepared.upstream = *own;
    } else {
        return Error{
            QStringLiteral("exchange %1 has no upstream recorded%2; say where to send "
                           "it with --to URL")
                .arg(original.id)
                .arg(original.upstream.isEmpty()
                         ? QString()
                         : QStringLiteral(" that can be used ('%1')").arg(original.upstream))};
    }

    const std::optional<QString> stale = staleSignature(original, now);
    if (options.resignWith &&
        (options.resign == ReplayOptions::Resign::Always || stale.has_value())) {
        const Webhooks::Provider &provider = *options.resignWith;
        if (const Status usable = provider.checkSecret(options.secret); !usable)
            return Error{usable.error()};
        Result<Http::RequestHead> signedHead =
            provider.signRequest(prepared.head, prepared.body, options.secret, now);
        if (!signedHead)
            return Error{
                QStringLiteral("exchange %1: %2").arg(original.id).arg(signedHead.error())};
        prepared.head = std::move(signedHead).value();
        prepared.verdict = provider.verify(prepared.head, prepared.body, options.secret, now);
        prepared.verdictProvider = provider.name();
    } else if (stale) {
        prepared.warnings.append(*stale);
    }
    return prepared;
}

void Replayer::replay(QList<Store::Exchange> originals)
{
    replay(std::move(originals), m_options);
}

void Replayer::replay(QList<Store::Exchange> originals, const ReplayOptions &options)
{
    std::sort(originals.begin(), originals.end(),
              [](const Store::Exchange &a, const Store::Exchange &b) { return a.id < b.id; });
    for (Store::Exchange &original : originals) {
        const qint64 id = original.id;
        m_queue.push_back({id, std::move(original), options, nullptr});
    }
    start();
}

void Replayer::replay(QList<qint64> ids, Loader load, OptionsFor optionsFor)
{
    std::sort(ids.begin(), ids.end());
    const auto source =
        std::make_shared<const Source>(Source{std::move(load), std::move(optionsFor)});
    for (const qint64 id : std::as_const(ids))
        m_queue.push_back({id, std::nullopt, m_options, source});
    start();
}

void Replayer::start()
{
    if (!m_busy) {
        m_busy = true;
        QMetaObject::invokeMethod(this, &Replayer::next, Qt::QueuedConnection);
    }
}

void Replayer::cancel()
{
    std::deque<Queued> dropped;
    dropped.swap(m_queue);
    for (const Queued &item : dropped)
        Q_EMIT replayed({item.id, std::nullopt, cancelledError(item.id), {}});
}

QString Replayer::goneError(qint64 originalId, const QString &path)
{
    return QStringLiteral("exchange %1 is no longer in %2 (deleted, or removed by retention)")
        .arg(originalId)
        .arg(path);
}

QString Replayer::cancelledError(qint64 originalId)
{
    return QStringLiteral("exchange %1 was not replayed: cancelled").arg(originalId);
}

void Replayer::done(ReplayOutcome outcome)
{
    Q_EMIT replayed(outcome);
    QMetaObject::invokeMethod(this, &Replayer::next, Qt::QueuedConnection);
}

void Replayer::next()
{
    if (m_queue.empty()) {
        m_busy = false;
        Q_EMIT finished();
        return;
    }
    Queued item = std::move(m_queue.front());
    m_queue.pop_front();

    if (!item.original) {
        Hookscope::Result<Store::Exchange> read = item.source->load(item.id);
        if (!read) {
            done({item.id, std::nullopt, read.error(), {}});
            return;
        }
        item.original = std::move(read).value();
        if (item.source->optionsFor)
            item.options = item.source->optionsFor(*item.original);
    }
    // Only the request is needed from here on: the original's bodies go now.
    Result<PreparedReplay> prepared = prepare(*item.original, item.options, m_clock());
    item.original.reset();
    if (!prepared) {
        done({item.id, std::nullopt, prepared.error(), {}});
        return;
    }

    Proxy::ForwardSettings settings;
    settings.upstream = prepared->upstream;
    settings.connectTimeoutMs = item.options.connectTimeoutMs;
    settings.responseTimeoutMs = item.options.responseTimeoutMs;
    settings.maxBodySize = item.options.maxBodySize;
    auto *sender = new Proxy::RequestSender(settings, nullptr, this);
    sender->send(
        prepared->head, prepared->body, prepared->clientAddress,
        [this, sender, prepared = prepared.value()](const Store::Exchange &sent) {
            // The sender is still on the call stack: it goes once that has unwound.
            sender->deleteLater();
            Store::Exchange replay = sent;
            replay.replayOf = prepared.originalId;
            if (prepared.verdict) {
                replay.verdict =
                    prepared.verdict->valid() ? Store::Verdict::Valid : Store::Verdict::Invalid;
                replay.verdictProvider = prepared.verdictProvider;
                replay.verdictReason = prepared.verdict->summary();
            }
            // The recorder may answer from another thread (a writer's): back to ours first.
            QPointer<Replayer> self(this);
            m_recorder(replay, [self, replay, prepared](Result<qint64> id) mutable {
                if (!self)
                    return;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, replay = std::move(replay), prepared, id = std::move(id)]() mutable {
                        ReplayOutcome outcome{
                            prepared.originalId, std::nullopt, {}, prepared.warnings};
                        if (id) {
                            replay.id = *id;
                            outcome.exchange = std::move(replay);
                        } else {
                            outcome.error = QStringLiteral("the replay of exchange %1 was sent "
                                                           "but not recorded: %2")
                                                .arg(prepared.originalId)
                                                .arg(id.error());
                        }
                        self->done(std::move(outcome));
                    },
                    Qt::QueuedConnection);
            });
        });
}

} // namespace Hookscope::Replay
