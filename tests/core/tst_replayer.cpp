#include "exchangediff.h"
#include "makeexchange.h"
#include "proxyfixture.h"
#include "replay/replayer.h"
#include "responsereader.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "webhooks/registry.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Hookscope;
using Replay::Replayer;
using Replay::ReplayOptions;
using Replay::ReplayOutcome;
using Testing::makeExchange;
using Testing::TestUpstream;

namespace {

// Replays `originals` and waits for every outcome, in the order they came.
QList<ReplayOutcome> replayAll(Replayer &replayer, const QList<Store::Exchange> &originals)
{
    QSignalSpy replayed(&replayer, &Replayer::replayed);
    QSignalSpy finished(&replayer, &Replayer::finished);
    replayer.replay(originals);
    if (!finished.wait(10000))
        return {};
    QList<ReplayOutcome> outcomes;
    for (const QList<QVariant> &args : replayed)
        outcomes.append(args.at(0).value<ReplayOutcome>());
    return outcomes;
}

qint64 store(const QString &db, const Store::Exchange &exchange)
{
    const Result<QList<qint64>> ids = Store::importExchanges(db, {exchange});
    return ids ? ids->first() : 0;
}

std::optional<Store::Exchange> load(const QString &db, qint64 id)
{
    auto opened = Store::ExchangeStore::open(db);
    return opened ? (*opened)->exchange(id) : std::nullopt;
}

} // namespace

class TestReplayer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replayIsByteIdenticalToWhatTheProxySent()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        Testing::ProxyFixture f;
        QVERIFY(f.start());
        const QByteArray body = R"({"action":"resolved","data":{"issue":{"id":"1"}}})";
        auto client = f.connectClient();
        client->write("POST /webhooks/sentry?x=1&y=%20 HTTP/1.1\r\nHost: hooks.example\r\n"
                      "Content-Type: application/json\r\nSentry-Hook-Resource: issue\r\n"
                      "X-Custom:  spaced value\r\nX-Forwarded-For: 203.0.113.9\r\n"
                      "Connection: keep-alive\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        Testing::ResponseReader reader(*client);
        QCOMPARE(reader.read(1).size(), 1);
        QTRY_COMPARE(f.capturedCount(), 1);
        const qint64 originalId = store(db, f.captured().at(0));
        QVERIFY(originalId > 0);
        const std::optional<Store::Exchange> before = load(db, originalId);
        QVERIFY(before);

        Replayer replayer({}, Replayer::recordInto(db));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {*before});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY2(outcomes[0].exchange, qPrintable(outcomes[0].error));
        QVERIFY(outcomes[0].warnings.isEmpty());

        QCOMPARE(f.upstream.requests().size(), 2);
        QCOMPARE(f.upstream.requests()[1].raw, f.upstream.requests()[0].raw);
        QCOMPARE(f.upstream.requests()[1].body, body);

        const Store::Exchange &replay = *outcomes[0].exchange;
        QCOMPARE(replay.replayOf, originalId);
        QVERIFY(replay.id > originalId);
        QCOMPARE(replay.response->status, 200);
        const std::optional<Store::Exchange> stored = load(db, replay.id);
        QVERIFY(stored);
        QCOMPARE(stored->replayOf, originalId);
        QCOMPARE(stored->requestBody.bytes, body);
        const std::optional<Store::Exchange> after = load(db, originalId);
        QVERIFY(after);
        QCOMPARE(after->replayOf, 0);
        QVERIFY2(Testing::exchangeDifference(*before, *after).isEmpty(),
                 qPrintable(Testing::exchangeDifference(*before, *after)));
    }

    void severalGoInTheirOriginalOrder()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        QList<Store::Exchange> originals;
        for (const QByteArray target : {"/first", "/second", "/third"}) {
            Store::Exchange e = makeExchange();
            e.upstream = upstream.url();
            e.request.target = target;
            e.id = store(db, e);
            originals.prepend(e); // handed over newest first, as a list selection may be
        }
        Replayer replayer({}, Replayer::recordInto(db));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, originals);
        QCOMPARE(outcomes.size(), 3);
        QCOMPARE(upstream.requests().size(), 3);
        QCOMPARE(upstream.requests()[0].head.target, QByteArray("/first"));
        QCOMPARE(upstream.requests()[1].head.target, QByteArray("/second"));
        QCOMPARE(upstream.requests()[2].head.target, QByteArray("/third"));
        QCOMPARE(outcomes[0].originalId, originals[2].id);
        QCOMPARE(outcomes[2].originalId, originals[0].id);
        QVERIFY(outcomes[0].exchange->id < outcomes[1].exchange->id);
    }

    // Given ids, the replayer reads each original just before sending it (never all at once),
    // with the options said for it, in id order.
    void idsAreReadEachJustBeforeItIsSent()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        int read = 0;
        QList<int> readWhenSent; // how many were read when each request arrived
        upstream.setHandler([&](const Testing::RecordedRequest &) {
            readWhenSent.append(read);
            return Testing::jsonReply(R"({"ok":true})");
        });
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i) {
            Store::Exchange e = makeExchange();
            e.upstream = QStringLiteral("http://127.0.0.1:1"); // nothing listens: `to` must apply
            e.request.target = "/" + QByteArray::number(i);
            ids.prepend(store(db, e));
        }
        auto opened = Store::ExchangeStore::open(db);
        QVERIFY(opened);
        const Replayer::Loader fromStore = Replayer::readFrom(opened->get());
        QList<qint64> optionsAsked;
        ReplayOptions to;
        to.to = *Proxy::UpstreamTarget::parse(upstream.url());

        Replayer replayer({}, Replayer::recordInto(db));
        QSignalSpy replayed(&replayer, &Replayer::replayed);
        QSignalSpy finished(&replayer, &Replayer::finished);
        replayer.replay(
            ids,
            [&](qint64 id) {
                ++read;
                return fromStore(id);
            },
            [&](const Store::Exchange &original) {
                optionsAsked.append(original.id);
                return to;
            });
        QCOMPARE(read, 0);
        QVERIFY(finished.wait(10000));
        QCOMPARE(read, 4);
        QCOMPARE(readWhenSent, (QList<int>{1, 2, 3, 4}));
        QList<qint64> inOrder = ids;
        std::sort(inOrder.begin(), inOrder.end());
        QCOMPARE(optionsAsked, inOrder);
        QCOMPARE(replayed.size(), 4);
        for (int i = 0; i < 4; ++i) {
            const auto outcome = replayed[i].at(0).value<ReplayOutcome>();
            QCOMPARE(outcome.originalId, inOrder[i]);
            QVERIFY2(outcome.exchange, qPrintable(outcome.error));
            QCOMPARE(upstream.requests()[i].head.target, "/" + QByteArray::number(i));
        }
    }

    // An original deleted after the ids were queued fails alone, saying so; the rest are sent.
    void anOriginalDeletedMeanwhileFailsAlone()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        const QList<qint64> ids =
            Testing::importDeliveries(db, upstream.url(), {"/0", "/1", "/2", "/3"});
        QCOMPARE(ids.size(), 4);
        const auto writer = Testing::openRemovingWriter(db);
        QVERIFY(writer);
        // While the first is in flight, the third goes (retention, or the user's Clear).
        upstream.setHandler(Testing::removingWhenSent(writer.get(), "/0", ids[2]));
        auto opened = Store::ExchangeStore::open(db);
        QVERIFY(opened);

        Replayer replayer({}, Replayer::recordInto(db));
        QSignalSpy replayed(&replayer, &Replayer::replayed);
        QSignalSpy finished(&replayer, &Replayer::finished);
        replayer.replay(ids, Replayer::readFrom(opened->get()));
        QVERIFY(finished.wait(10000));
        QCOMPARE(replayed.size(), 4);
        QCOMPARE(upstream.requests().size(), 3);
        for (int i = 0; i < 4; ++i) {
            const auto outcome = replayed[i].at(0).value<ReplayOutcome>();
            QCOMPARE(outcome.originalId, ids[i]);
            QCOMPARE(bool(outcome.exchange), i != 2);
        }
        const QString error = replayed[2].at(0).value<ReplayOutcome>().error;
        QVERIFY2(
            error.startsWith(QStringLiteral("exchange %1 is no longer in %2").arg(ids[2]).arg(db)),
            qPrintable(error));
    }

    void recordsThroughARunningWriter()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        e.id = store(db, e);
        auto writer = Store::ExchangeWriter::open(db);
        QVERIFY(writer);
        QSignalSpy committed(writer->get(), &Store::ExchangeWriter::committed);
        Replayer replayer({}, Replayer::recordThrough(writer->get()));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {e});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY2(outcomes[0].exchange, qPrintable(outcomes[0].error));
        // The outcome carries the id the writer gave it, and the writer lists it as any capture.
        QTRY_COMPARE(committed.size(), 1);
        const auto added = committed.at(0).at(0).value<QList<Store::ExchangeSummary>>();
        QCOMPARE(added.size(), 1);
        QCOMPARE(added[0].id, outcomes[0].exchange->id);
        QCOMPARE(added[0].replayOf, e.id);
        QCOMPARE(load(db, added[0].id)->replayOf, e.id);
    }

    void editedCopySendsExactlyTheEdits()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        e.id = store(db, e);
        Replayer replayer({}, Replayer::recordInto(db));
        QVERIFY(replayAll(replayer, {e}).size() == 1);

        Store::Exchange edited = e;
        edited.request.method = "PUT";
        edited.request.headers.add("X-Edited", "yes");
        edited.requestBody.bytes = R"({"edited":true,"longer":"than before"})";
        edited.requestBody.size = edited.requestBody.bytes.size();
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {edited});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY2(outcomes[0].exchange, qPrintable(outcomes[0].error));
        QCOMPARE(outcomes[0].exchange->replayOf, e.id);
        QCOMPARE(upstream.requests().size(), 2);
        const Testing::RecordedRequest &plain = upstream.requests()[0];
        const Testing::RecordedRequest &got = upstream.requests()[1];
        QCOMPARE(got.head.method, QByteArray("PUT"));
        QCOMPARE(got.body, edited.requestBody.bytes);
        QCOMPARE(got.head.headers.value("Content-Length"),
                 QByteArray::number(edited.requestBody.bytes.size()));
        // Everything else is as the unedited replay sent it.
        Http::Headers expected = plain.head.headers;
        expected.add("X-Edited", "yes");
        Http::Headers actual = got.head.headers;
        expected.remove("Content-Length");
        actual.remove("Content-Length");
        QCOMPARE(actual.size(), expected.size());
        for (const Http::HeaderField &field : expected)
            QCOMPARE(actual.values(field.name), expected.values(field.name));
        QCOMPARE(got.head.target, plain.head.target);
    }

    void toReplacesTheOriginKeepingPathAndQuery()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = QStringLiteral("http://127.0.0.1:1/api"); // nothing listens there
        e.id = store(db, e);
        ReplayOptions options;
        options.to = *Proxy::UpstreamTarget::parse(upstream.url());
        Replayer replayer(options, Replayer::recordInto(db));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {e});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(outcomes[0].exchange);
        QCOMPARE(upstream.requests().size(), 1);
        QCOMPARE(upstream.requests()[0].head.target,
                 QByteArray("/api/webhooks/sentry?source=test"));
        QCOMPARE(upstream.requests()[0].head.headers.value("Host"), QByteArray("127.0.0.1:8080"));
        QCOMPARE(outcomes[0].exchange->upstream, upstream.url() + QStringLiteral("/api"));
    }

    void unreachableUpstreamIsRecordedAsTheProxyWould()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        Store::Exchange e = makeExchange();
        e.upstream = QStringLiteral("http://127.0.0.1:1");
        e.id = store(db, e);
        Replayer replayer({}, Replayer::recordInto(db));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {e});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(outcomes[0].exchange);
        QCOMPARE(outcomes[0].exchange->response->status, 502);
        QVERIFY(!outcomes[0].exchange->error.isEmpty());
        QCOMPARE(load(db, outcomes[0].exchange->id)->replayOf, e.id);
    }

    void truncatedBodyIsNotSent()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.id = 7;
        e.upstream = upstream.url();
        e.requestBody.size = e.requestBody.bytes.size() + 100;
        e.requestBody.truncated = true;
        int recorded = 0;
        Replayer replayer({}, [&recorded](const Store::Exchange &, const Replayer::Recorded &done) {
            done(qint64(++recorded));
        });
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {e});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(!outcomes[0].exchange);
        QVERIFY2(outcomes[0].error.contains(QStringLiteral("--max-body-size")),
                 qPrintable(outcomes[0].error));
        QCOMPARE(recorded, 0);
        QCOMPARE(upstream.requests().size(), 0);
    }

    void resignedRequestsVerify_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("sentry") << "sentry" << QByteArray("sentry-client-secret");
        QTest::newRow("github") << "github" << QByteArray("github-secret");
        QTest::newRow("stripe") << "stripe" << QByteArray("whsec_stripesecret");
    }

    void resignedRequestsVerify()
    {
        QFETCH(QString, provider);
        QFETCH(QByteArray, secret);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("captures.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        // An edited body: the captured signature no longer matches it.
        e.requestBody.bytes.replace("1170820242", "2");
        e.requestBody.size = e.requestBody.bytes.size();
        e.id = store(db, e);

        const Webhooks::Provider *p = Webhooks::findProvider(provider);
        QVERIFY(p);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY(!p->verify(e.request, e.requestBody.bytes, secret, now).valid());
        ReplayOptions options;
        options.resignWith = p;
        options.secret = secret;
        Replayer replayer(options, Replayer::recordInto(db));
        const QList<ReplayOutcome> outcomes = replayAll(replayer, {e});
        QCOMPARE(outcomes.size(), 1);
        QVERIFY2(outcomes[0].exchange, qPrintable(outcomes[0].error));
        QCOMPARE(upstream.requests().size(), 1);
        const Testing::RecordedRequest &got = upstream.requests()[0];
        QCOMPARE(got.body, e.requestBody.bytes);
        const Webhooks::Verdict verdict = p->verify(got.head, got.body, secret, now);
        QVERIFY2(verdict.valid(), qPrintable(verdict.summary()));
        QVERIFY(!p->verify(got.head, got.body, "another-secret", now).valid());
        const std::optional<Store::Exchange> stored = load(db, outcomes[0].exchange->id);
        QCOMPARE(stored->verdict, Store::Verdict::Valid);
        QCOMPARE(stored->verdictProvider, provider);
        QCOMPARE(load(db, e.id)->verdict, Store::Verdict::None);
    }

    void staleTimestampedSignatureWarns()
    {
        const Webhooks::Provider *stripe = Webhooks::findProvider(u"stripe");
        const QByteArray secret = "whsec_stripesecret";
        Store::Exchange e = makeExchange();
        e.id = 3;
        // A Stripe delivery only (the sample's Sentry timestamp would be stale too).
        e.request.headers.remove("Sentry-Hook-Signature");
        e.request.headers.remove("Sentry-Hook-Timestamp");
        const qint64 signedAt = 1'700'000'000;
        e.request = *stripe->signRequest(e.request, e.requestBody.bytes, secret, signedAt);

        const auto fresh = Replayer::prepare(e, {}, signedAt + 60);
        QVERIFY(fresh);
        QVERIFY(fresh->warnings.isEmpty());

        const auto stale = Replayer::prepare(e, {}, signedAt + 7200);
        QVERIFY(stale);
        QCOMPARE(stale->warnings.size(), 1);
        QVERIFY2(stale->warnings[0].contains(QStringLiteral("Stripe")) &&
                     stale->warnings[0].contains(QStringLiteral("2 h")) &&
                     stale->warnings[0].contains(QStringLiteral("--resign stripe")),
                 qPrintable(stale->warnings[0]));
        QCOMPARE(stale->head.headers.value("Stripe-Signature"),
                 e.request.headers.value("Stripe-Signature"));

        ReplayOptions resign;
        resign.resignWith = stripe;
        resign.secret = secret;
        const auto resigned = Replayer::prepare(e, resign, signedAt + 7200);
        QVERIFY(resigned);
        QVERIFY(resigned->warnings.isEmpty());
        QCOMPARE(stripe->signedAt(resigned->head), signedAt + 7200);
        QVERIFY(resigned->verdict && resigned->verdict->valid());

        // Only when stale: a fresh signature goes out untouched, a stale one is re-signed.
        resign.resign = ReplayOptions::Resign::WhenStale;
        const auto untouched = Replayer::prepare(e, resign, signedAt + 60);
        QVERIFY(untouched);
        QVERIFY(!untouched->verdict);
        QCOMPARE(untouched->head.headers.value("Stripe-Signature"),
                 e.request.headers.value("Stripe-Signature"));
        const auto refreshed = Replayer::prepare(e, resign, signedAt + 7200);
        QVERIFY(refreshed && refreshed->verdict && refreshed->verdict->valid());
        QCOMPARE(stripe->signedAt(refreshed->head), signedAt + 7200);

        // Sentry does not sign its timestamp, but receivers (and the gate) check it all the same.
        const auto sentry = Replayer::prepare(makeExchange(), {}, signedAt + 86400 * 30);
        QCOMPARE(sentry->warnings.size(), 1);
        QVERIFY2(sentry->warnings[0].contains(QStringLiteral("--resign sentry")),
                 qPrintable(sentry->warnings[0]));
        QVERIFY(Replayer::prepare(makeExchange(), {}, signedAt + 60)->warnings.isEmpty());
    }

    void noUpstreamNeedsTo()
    {
        Store::Exchange e = makeExchange();
        e.id = 5;
        e.upstream.clear();
        const auto prepared = Replayer::prepare(e, {}, 0);
        QVERIFY(!prepared);
        QVERIFY2(prepared.error().contains(QStringLiteral("--to")), qPrintable(prepared.error()));
        ReplayOptions options;
        options.to = *Proxy::UpstreamTarget::parse(QStringLiteral("http://127.0.0.1:4000"));
        QVERIFY(Replayer::prepare(e, options, 0));
    }
};

QTEST_GUILESS_MAIN(TestReplayer)
#include "tst_replayer.moc"
