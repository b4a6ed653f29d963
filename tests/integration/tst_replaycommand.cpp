// `hookscope replay` and `hookscope diff` as users run them: the built binary, a real database
// and a real upstream on 127.0.0.1.
#include "makeexchange.h"
#include "runprocess.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "testupstream.h"
#include "webhooks/registry.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using Testing::makeExchange;
using Testing::TestUpstream;

namespace {

Testing::ProcessRun hookscope(const QStringList &arguments)
{
    return Testing::runProcess(QStringLiteral(HOOKSCOPE_BINARY), arguments);
}

qint64 store(const QString &db, const Store::Exchange &exchange)
{
    const Result<QList<qint64>> ids = Store::importExchanges(db, {exchange});
    return ids ? ids->first() : 0;
}

} // namespace

class TestReplayCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void replaysAndPrintsTheNewExchange()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = QStringLiteral("http://127.0.0.1:1");
        const qint64 id = store(db, e);
        QVERIFY(id > 0);
        const auto run =
            hookscope({QStringLiteral("replay"), QString::number(id), QStringLiteral("--db"), db,
                       QStringLiteral("--to"), upstream.url()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("/webhooks/sentry?source=test")) &&
                     run.out.contains(QStringLiteral("200")) &&
                     run.out.count(QStringLiteral("replay of #%1").arg(id)) == 1 &&
                     run.out.contains(QStringLiteral("recorded as #%1").arg(id + 1)),
                 qPrintable(run.out));
        QCOMPARE(upstream.requests().size(), 1);
        QCOMPARE(upstream.requests()[0].body, e.requestBody.bytes);
        auto opened = Store::ExchangeStore::open(db);
        QVERIFY(opened);
        QCOMPARE((*opened)->count(), 2);
        QCOMPARE((*opened)->exchange((*opened)->newestId())->replayOf, id);
    }

    void resignedDeliveryVerifies()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        const qint64 id = store(db, e);
        const auto run =
            hookscope({QStringLiteral("replay"), QString::number(id), QStringLiteral("--db"), db,
                       QStringLiteral("--resign"), QStringLiteral("sentry"),
                       QStringLiteral("--secret"), QStringLiteral("s3cret")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("valid")), qPrintable(run.out));
        QCOMPARE(upstream.requests().size(), 1);
        const Testing::RecordedRequest &got = upstream.requests()[0];
        QVERIFY(Webhooks::findProvider(u"sentry")
                    ->verify(got.head, got.body, "s3cret", QDateTime::currentSecsSinceEpoch())
                    .valid());
    }

    void unknownIdFailsWithoutSending_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::newRow("replay") << QStringList{};
        // Compared originals are read one by one as they are sent; their ids are checked first.
        QTest::newRow("compare") << QStringList{QStringLiteral("--compare")};
    }

    void unknownIdFailsWithoutSending()
    {
        QFETCH(QStringList, flags);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        const qint64 id = store(db, e);
        const auto run = hookscope(QStringList{QStringLiteral("replay"), QString::number(id),
                                               QStringLiteral("999"), QStringLiteral("--db"), db} +
                                   flags);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("no exchange 999")), qPrintable(run.err));
        QCOMPARE(upstream.requests().size(), 0);
    }

    // The ids are checked up front, but each original is read only when its turn comes: one
    // deleted after the first was sent fails alone, and the others are replayed.
    void anOriginalDeletedMeanwhileFailsAlone()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        const QList<qint64> ids =
            Testing::importDeliveries(db, upstream.url(), {"/hooks/a", "/hooks/b", "/hooks/c"});
        QCOMPARE(ids.size(), 3);
        const auto writer = Testing::openRemovingWriter(db);
        QVERIFY(writer);
        upstream.setHandler(Testing::removingWhenSent(writer.get(), "/hooks/a", ids[1]));
        const auto run = hookscope({QStringLiteral("replay"), QStringLiteral("--filter"),
                                    QStringLiteral("path:/hooks"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(upstream.requests().size(), 2);
        QCOMPARE(upstream.requests()[1].head.target, QByteArray("/hooks/c"));
        QVERIFY2(
            run.err.contains(QStringLiteral("exchange %1 is no longer in %2").arg(ids[1]).arg(db)),
            qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("replay of #%1").arg(ids[0])) &&
                     run.out.contains(QStringLiteral("replay of #%1").arg(ids[2])),
                 qPrintable(run.out));
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no id") << QStringList{};
        QTest::newRow("not a number") << QStringList{QStringLiteral("abc")};
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("1"), QStringLiteral("--nope")};
        QTest::newRow("resign without secret") << QStringList{
            QStringLiteral("1"), QStringLiteral("--resign"), QStringLiteral("sentry")};
        QTest::newRow("unknown provider")
            << QStringList{QStringLiteral("1"), QStringLiteral("--resign"), QStringLiteral("acme"),
                           QStringLiteral("--secret"), QStringLiteral("x")};
        QTest::newRow("bad --to") << QStringList{QStringLiteral("1"), QStringLiteral("--to"),
                                                 QStringLiteral("ftp://x")};
        QTest::newRow("ids and filter") << QStringList{
            QStringLiteral("1"), QStringLiteral("--filter"), QStringLiteral("method:POST")};
        QTest::newRow("bad filter") << QStringList{
            QStringLiteral("--filter"), QStringLiteral("status:abc"), QStringLiteral("--compare")};
        QTest::newRow("bad --resign-when") << QStringList{
            QStringLiteral("1"),        QStringLiteral("--resign"), QStringLiteral("sentry"),
            QStringLiteral("--secret"), QStringLiteral("x"),        QStringLiteral("--resign-when"),
            QStringLiteral("sometimes")};
    }

    // A regression run in CI: the same captures replayed after each change of the app.
    void compareAfterTheAppChanged()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        QByteArray issueId = "1";
        upstream.setHandler([&issueId](const Testing::RecordedRequest &r) {
            Testing::UpstreamReply reply;
            reply.headers = {
                {"Content-Type", "application/json"},
                {"Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1()},
                {"X-Request-Id", QByteArray::number(QDateTime::currentMSecsSinceEpoch())}};
            reply.body =
                "{\"path\":\"" + r.head.target + "\",\"issue\":{\"id\":\"" + issueId + "\"}}";
            return reply;
        });
        QList<qint64> ids;
        for (const QByteArray path : {"/hooks/one", "/hooks/two", "/other"}) {
            Store::Exchange e = makeExchange();
            e.upstream = upstream.url();
            e.request.target = path;
            e.response->headers = {{"Content-Type", "application/json"},
                                   {"Date", "Sun, 29 Nov 2026 08:00:00 GMT"},
                                   {"X-Request-Id", "original"}};
            e.responseBody.bytes = "{\"path\":\"" + path + "\",\"issue\":{\"id\":\"1\"}}";
            e.responseBody.size = e.responseBody.bytes.size();
            ids.append(store(db, e));
        }
        const QStringList compare{QStringLiteral("replay"),      QStringLiteral("--filter"),
                                  QStringLiteral("path:/hooks"), QStringLiteral("--compare"),
                                  QStringLiteral("--db"),        db};

        // Nothing changed yet: only Date and the request id differ, which says nothing.
        auto run = hookscope(compare);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(upstream.requests().size(), 2);
        QCOMPARE(upstream.requests()[0].head.target, QByteArray("/hooks/one"));
        QCOMPARE(upstream.requests()[1].head.target, QByteArray("/hooks/two"));
        QVERIFY2(run.out.contains(QStringLiteral("#%1 → #%2  same").arg(ids[0]).arg(ids[2] + 1)),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("2 replayed: 2 same, 0 changed, 0 failed")),
                 qPrintable(run.out));
        QVERIFY(!run.out.contains(QLatin1Char('\033')));

        // The app now answers another issue id: both differ, and the run says how. Replays of
        // the first run are not replayed again.
        issueId = "2";
        run = hookscope(compare);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(upstream.requests().size(), 4);
        QVERIFY2(
            run.out.contains(
                QStringLiteral("#%1 → #%2  changed: body issue.id").arg(ids[1]).arg(ids[2] + 4)),
            qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("2 replayed: 0 same, 2 changed, 0 failed")),
                 qPrintable(run.out));

        // The hint names the diff command, which agrees.
        const auto diff = hookscope({QStringLiteral("diff"), QString::number(ids[1]),
                                     QString::number(ids[2] + 4), QStringLiteral("--db"), db});
        QCOMPARE(diff.exitCode, 1);
        QVERIFY2(diff.out.contains(QStringLiteral("body issue.id: \"1\" → \"2\"")),
                 qPrintable(diff.out));

        // Explicit ids work too; a replay that cannot be sent counts as not the same.
        run = hookscope({QStringLiteral("replay"), QString::number(ids[2]),
                         QStringLiteral("--compare"), QStringLiteral("--to"),
                         QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("changed: status 200 OK → 502")),
                 qPrintable(run.out));
    }

    void diffSaysWhatDiffers()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        Store::Exchange a = makeExchange();
        a.response->headers = {{"Content-Type", "text/plain"}, {"Date", "yesterday"}};
        a.responseBody.bytes = "alpha\nbeta\ngamma\n";
        a.responseBody.size = a.responseBody.bytes.size();
        Store::Exchange b = a;
        b.response->headers = {{"Content-Type", "text/plain"}, {"Date", "today"}};
        Store::Exchange c = a;
        c.response->status = 404;
        c.response->reason = "Not Found";
        c.responseBody.bytes = "alpha\nBETA\ngamma\n";
        const qint64 ia = store(db, a);
        const qint64 ib = store(db, b);
        const qint64 ic = store(db, c);

        auto run = hookscope({QStringLiteral("diff"), QString::number(ia), QString::number(ib),
                              QStringLiteral("--db"), db});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY(run.out.contains(QStringLiteral("the responses are the same")));

        run = hookscope({QStringLiteral("diff"), QString::number(ia), QString::number(ic),
                         QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts),
                 (QStringList{
                     QStringLiteral("--- #%1  POST /webhooks/sentry?source=test  200 OK").arg(ia),
                     QStringLiteral("+++ #%1  POST /webhooks/sentry?source=test  404 Not "
                                    "Found")
                         .arg(ic),
                     QStringLiteral("status: 200 OK → 404 Not Found"),
                     QStringLiteral("body - line 2: beta"), QStringLiteral("body + line 2: BETA"),
                     QStringLiteral("the responses differ: status 200 OK → 404 Not "
                                    "Found, body: 2 lines")}));

        // A changing header counts unless it is ignored.
        run = hookscope({QStringLiteral("diff"), QString::number(ia), QString::number(ib),
                         QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 0);

        run = hookscope({QStringLiteral("diff"), QString::number(ia), QStringLiteral("999"),
                         QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("no exchange 999")), qPrintable(run.err));
        run = hookscope({QStringLiteral("diff"), QString::number(ia), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 2);
        run = hookscope({QStringLiteral("diff"), QString::number(ia), QString::number(ib),
                         QStringLiteral("--colour"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 2);
        run = hookscope({QStringLiteral("diff"), QStringLiteral("1"), QStringLiteral("2"),
                         QStringLiteral("--db"), dir.filePath(QStringLiteral("missing.sqlite"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("no capture database")), qPrintable(run.err));
    }

    void badUsage()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir dir;
        const auto run = hookscope(
            QStringList{QStringLiteral("replay")} + arguments +
            QStringList{QStringLiteral("--db"), dir.filePath(QStringLiteral("c.sqlite"))});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReplayCommand)
#include "tst_replaycommand.moc"
