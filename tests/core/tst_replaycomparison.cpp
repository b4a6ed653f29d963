#include "makeexchange.h"
#include "replay/replaycomparison.h"
#include "store/exchangeimport.h"
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
        QList<Store::Exchange> originals;
        for (const QByteArray target : {"/a", "/b", "/c", "/d"}) {
            Store::Exchange e = original(upstream.url(), target, R"({"n":1})");
            if (target == "/d") {
                e.requestBody.size += 1000;
                e.requestBody.truncated = true;
            }
            e.id = Store::importExchanges(db, {e})->first();
            originals.prepend(e); // a selection may come newest first
        }

        Replayer replayer({}, Replayer::recordInto(db));
        ReplayComparison comparison(&replayer);
        QSignalSpy progress(&comparison, &ReplayComparison::progress);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start(originals);
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
        QCOMPARE(results[0].originalId, originals[3].id);
        QCOMPARE(results[0].result(), ComparedReplay::Result::Same);
        QCOMPARE(results[0].replay->replayOf, originals[3].id);
        QVERIFY(results[0].replay->id > originals[0].id);
        QCOMPARE(results[1].result(), ComparedReplay::Result::Changed);
        QCOMPARE(results[1].diff.summary(), QStringLiteral("body n"));
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
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setReply(Testing::jsonReply(R"({"n":1})"));
        Store::Exchange first = original(upstream.url(), "/first", R"({"n":1})");
        first.id = Store::importExchanges(db, {first})->first();
        Store::Exchange second = original(upstream.url(), "/second", R"({"n":1})");
        second.id = Store::importExchanges(db, {second})->first();

        Replayer replayer({}, Replayer::recordInto(db));
        QSignalSpy replayed(&replayer, &Replayer::replayed);
        replayer.replay({second}); // a replay of the user's, queued first
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start({first});
        QVERIFY(finished.wait(10000));
        QCOMPARE(replayed.size(), 2);
        QCOMPARE(comparison.results().size(), 1);
        QCOMPARE(comparison.results()[0].originalId, first.id);
        QCOMPARE(comparison.results()[0].result(), ComparedReplay::Result::Same);
    }

    void cancelStopsAfterTheOneInFlight()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setReply(Testing::jsonReply(R"({"n":1})"));
        QList<Store::Exchange> originals;
        for (int i = 0; i < 5; ++i) {
            Store::Exchange e = original(upstream.url(), "/x", R"({"n":1})");
            e.id = Store::importExchanges(db, {e})->first();
            originals.append(e);
        }
        Replayer replayer({}, Replayer::recordInto(db));
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        connect(&comparison, &ReplayComparison::compared, &comparison,
                [&comparison] { comparison.cancel(); });
        comparison.start(originals);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(upstream.requests().size(), 1);
        QCOMPARE(comparison.results().size(), 5);
        QCOMPARE(comparison.count(ComparedReplay::Result::Same), 1);
        QCOMPARE(comparison.count(ComparedReplay::Result::Failed), 4);
        QVERIFY(comparison.results()[1].error.contains(QStringLiteral("cancelled")));
        QVERIFY(!replayer.isBusy() || QTest::qWaitFor([&replayer] { return !replayer.isBusy(); }));
    }

    void nothingToCompareFinishesAtOnce()
    {
        Replayer replayer({}, [](const Store::Exchange &, const Replayer::Recorded &) {});
        ReplayComparison comparison(&replayer);
        QSignalSpy finished(&comparison, &ReplayComparison::finished);
        comparison.start({});
        QVERIFY(finished.wait(1000));
        QCOMPARE(comparison.total(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReplayComparison)
#include "tst_replaycomparison.moc"
