#include "makeexchange.h"
#include "replay/replaycomparison.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "testupstream.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using Replay::ComparedReplay;
using Replay::ReplayComparison;
using Replay::Replayer;
using Testing::TestUpstream;

namespace {

// An original as a capture would hold it: sent to `upstream`, answered 200 with `body`.
Store::Exchange original(const QString &upstream, const QByteArray &target, const QByteArray &body)
{
    Store::Exchange e = Testing::makeExchange();
    e.upstream = upstream;
    e.request.target = target;
    e.response = Http::ResponseHead{};
    e.response->headers = {{"Content-Type", "application/json"},
                           {"Date", "Sun, 29 Nov 2026 08:00:00 GMT"},
                           {"Content-Length", QByteArray::number(body.size())}};
    e.responseBody = {body, body.size(), false};
    return e;
}

// A capture database in a temporary directory holding `count` originals answered {"n":1} by a
// test upstream at /0, /1, …, which answers the same; and a read connection on it.
struct Originals
{
    QTemporaryDir dir;
    QString db = dir.filePath(QStringLiteral("c.sqlite"));
    TestUpstream upstream;
    QList<qint64> ids;
    std::unique_ptr<Store::ExchangeStore> store;

    bool make(int count)
    {
        if (!upstream.listen())
            return false;
        upstream.setReply(Testing::jsonReply(R"({"n":1})"));
        for (int i = 0; i < count; ++i) {
            const Store::Exchange e =
                original(upstream.url(), "/" + QByteArray::number(i), R"({"n":1})");
            ids.append(Store::importExchanges(db, {e})->first());
        }
        Result<std::unique_ptr<Store::ExchangeStore>> opened = Store::ExchangeStore::open(db);
        if (opened)
            store = std::move(opened).value();
        return store != nullptr;
    }
    ReplayComparison::Loader loader() const { return Replayer::readFrom(store.get()); }
};

} // namespace

class TestReplayComparison : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replaysInOrderAndComparesEach()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        // The app changed: /b answers another value, /c fails; /a only has a newer Date.
        upstream.setHandler([](const Testing::RecordedRequest &r) {
            Testing::UpstreamReply reply;
            reply.headers = {{"Content-Type", "application/json"},
                             {"Date", "Sun, 29 Nov 2026 10:00:00 GMT"}};
            reply.body = R"({"n":1})";
            if (r.head.target == "/b")
                reply.body = R"({"n":2})";
            if (r.head.target == "/c")
                reply.status = 500;
            return reply;
        });
        QList<qint64> ids;
        for (const QByteArray target : {"/a", "/b", "/c", "/d"}) {
            Store::Exchange e = original(upstream.url(), target, R"({"n":1})");
            if (target == "/d") {
                e.requestBody.size += 1000;
                e.requestBody.truncated = true;
            }
            ids.prepend(
                Store::importExchanges(db, {e})->first()); // a selection may come newest first
        }
        const auto store = Store::ExchangeStore::open(db);
        QVERIFY(store);

        Replayer replayer({}, Replayer::recordInto(db));
        ReplayComparison comparison(&replayer);
        QSignalSpy progress(&comparison, &ReplayComparison::progress);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start(ids, Replayer::readFrom(store->get()));
        QVERIFY(comparison.isRunning());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!comparison.isRunning());
        QCOMPARE(progress.size(), 4);
        QCOMPARE(progress.last().at(0).toInt(), 4);
        QCOMPARE(progress.last().at(1).toInt(), 4);

        const QList<ComparedReplay> &results = comparison.results();
        QCOMPARE(results.size(), 4);
        QCOMPARE(upstream.requests().size(), 3);
        QCOMPARE(upstream.requests()[0].head.target, QByteArray("/a"));
        QCOMPARE(results[0].originalId, ids[3]);
        QCOMPARE(results[0].result(), ComparedReplay::Result::Same);
        QVERIFY(results[0].replayId > ids[0]);
        QCOMPARE((*store)->exchange(results[0].replayId)->replayOf, ids[3]);
        QCOMPARE(results[1].result(), ComparedReplay::Result::Changed);
        QCOMPARE(results[1].diff.summary(), QStringLiteral("body n"));
        // Rows keep the diff, not the bodies: a diff view reads the exchanges again.
        QVERIFY(results[1].diff.originalBody.isEmpty() && results[1].diff.replayBody.isEmpty());
        QCOMPARE(results[2].result(), ComparedReplay::Result::Changed);
        QVERIFY2(results[2].diff.summary().startsWith(QStringLiteral("status 200 OK → 500")),
                 qPrintable(results[2].diff.summary()));
        QCOMPARE(results[3].result(), ComparedReplay::Result::Failed);
        QVERIFY(results[3].error.contains(QStringLiteral("--max-body-size")));
        QCOMPARE(comparison.count(ComparedReplay::Result::Same), 1);
        QCOMPARE(comparison.count(ComparedReplay::Result::Changed), 2);
        QCOMPARE(comparison.count(ComparedReplay::Result::Failed), 1);
    }

    void otherReplaysOnTheSameReplayerAreLeftAlone()
    {
        Originals originals;
        QVERIFY(originals.make(2));
        Replayer replayer({}, Replayer::recordInto(originals.db));
        QSignalSpy replayed(&replayer, &Replayer::replayed);
        // A replay of the user's, queued first.
        replayer.replay({*originals.store->exchange(originals.ids[1])});
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start({originals.ids[0]}, originals.loader());
        QVERIFY(finished.wait(10000));
        QCOMPARE(replayed.size(), 2);
        QCOMPARE(comparison.results().size(), 1);
        QCOMPARE(comparison.results()[0].originalId, originals.ids[0]);
        QCOMPARE(comparison.results()[0].result(), ComparedReplay::Result::Same);
    }

    void cancelStopsAfterTheOneInFlight()
    {
        Originals originals;
        QVERIFY(originals.make(5));
        Replayer replayer({}, Replayer::recordInto(originals.db));
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        connect(&comparison, &ReplayComparison::compared, &comparison,
                [&comparison] { comparison.cancel(); });
        comparison.start(originals.ids, originals.loader());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(originals.upstream.requests().size(), 1);
        QCOMPARE(comparison.results().size(), 5);
        QCOMPARE(comparison.count(ComparedReplay::Result::Same), 1);
        QCOMPARE(comparison.count(ComparedReplay::Result::Failed), 4);
        for (int i = 1; i < 5; ++i)
            QCOMPARE(comparison.results()[i].error, Replayer::cancelledError(originals.ids[i]));
        QVERIFY(!replayer.isBusy() || QTest::qWaitFor([&replayer] { return !replayer.isBusy(); }));
    }

    void nothingToCompareFinishesAtOnce()
    {
        Replayer replayer({}, [](const Store::Exchange &, const Replayer::Recorded &) {});
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start({}, [](qint64) -> Result<Store::Exchange> {
            return Error{QStringLiteral("not called")};
        });
        QVERIFY(finished.wait(1000));
        QCOMPARE(comparison.total(), 0);
    }

    // However many are selected, each is read only when its turn comes.
    void readsEachOriginalWhenItsTurnComes()
    {
        Originals originals;
        QVERIFY(originals.make(8));
        Replayer replayer({}, Replayer::recordInto(originals.db));
        ReplayComparison comparison(&replayer);
        QList<qint64> read;
        const ReplayComparison::Loader fromStore = originals.loader();
        QList<int> readBeforeEach; // how many had been read when each result came
        connect(&comparison, &ReplayComparison::compared, &comparison,
                [&] { readBeforeEach.append(int(read.size())); });
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start(originals.ids, [&](qint64 id) {
            read.append(id);
            return fromStore(id);
        });
        QVERIFY(read.isEmpty());
        QVERIFY(finished.wait(10000));
        QCOMPARE(read, originals.ids);
        QCOMPARE(readBeforeEach.size(), originals.ids.size());
        for (int i = 0; i < readBeforeEach.size(); ++i)
            QVERIFY2(
                readBeforeEach[i] == i + 1,
                qPrintable(QStringLiteral("%1 read by result %2").arg(readBeforeEach[i]).arg(i)));
        QCOMPARE(comparison.count(ComparedReplay::Result::Same), int(originals.ids.size()));
    }

    // An original deleted while the ones before it are replayed fails alone, saying so.
    void anOriginalDeletedMeanwhileFailsAlone()
    {
        Originals originals;
        QVERIFY(originals.make(4));
        const QList<qint64> &ids = originals.ids;
        const auto writer = Testing::openRemovingWriter(originals.db);
        QVERIFY(writer);
        // While the first is in flight, the third goes (retention, or the user's Clear).
        originals.upstream.setHandler(Testing::removingWhenSent(writer.get(), "/0", ids[2],
                                                                Testing::jsonReply(R"({"n":1})")));

        Replayer replayer({}, Replayer::recordInto(originals.db));
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start(ids, originals.loader());
        QVERIFY(finished.wait(10000));
        const QList<ComparedReplay> &results = comparison.results();
        QCOMPARE(results.size(), 4);
        QCOMPARE(originals.upstream.requests().size(), 3);
        QCOMPARE(results[0].result(), ComparedReplay::Result::Same);
        QCOMPARE(results[1].result(), ComparedReplay::Result::Same);
        QCOMPARE(results[2].originalId, ids[2]);
        QCOMPARE(results[2].result(), ComparedReplay::Result::Failed);
        QVERIFY2(
            results[2].error.startsWith(
                QStringLiteral("exchange %1 is no longer in %2").arg(ids[2]).arg(originals.db)),
            qPrintable(results[2].error));
        QCOMPARE(results[3].originalId, ids[3]);
        QCOMPARE(results[3].result(), ComparedReplay::Result::Same);
    }
};

QTEST_GUILESS_MAIN(TestReplayComparison)
#include "tst_replaycomparison.moc"
