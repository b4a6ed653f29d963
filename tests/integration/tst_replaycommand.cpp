// `hookscope replay` and `hookscope diff` as users run them: the built binary, a real database
// and a real upstream on 127.0.0.1.
#include "makeexchange.h"
#include "runprocess.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
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
                     run.out.contains(QStringLiteral("replay of #%1").arg(id)),
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

    void unknownIdFailsWithoutSending()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("c.sqlite"));
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = makeExchange();
        e.upstream = upstream.url();
        const qint64 id = store(db, e);
        const auto run = hookscope({QStringLiteral("replay"), QString::number(id),
                                    QStringLiteral("999"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("no exchange 999")), qPrintable(run.err));
        QCOMPARE(upstream.requests().size(), 0);
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
