#include "exchangediff.h"
#include "makeexchange.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Hookscope;

class TestExchangeImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addsAllAndLinksReplays()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("captures.sqlite"));
        QList<Store::Exchange> list;
        for (int i = 0; i < 3; ++i)
            list << Testing::makeExchange(1'700'000'000'000'000 + i);
        list[1].replayOf = 99; // kept: -1 below
        list[2].replayOf = 12345;
        const auto ids = Store::importExchanges(path, list, {-1, -1, 0});
        QVERIFY2(ids.ok(), qPrintable(ids.error()));
        QCOMPARE(ids->size(), 3);

        auto store = Store::ExchangeStore::open(path);
        QVERIFY(store.ok());
        QCOMPARE(store.value()->count(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto stored = store.value()->exchange(ids->at(i));
            QVERIFY(stored);
            const QString diff = Testing::exchangeDifference(*stored, list[i]);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
        QCOMPARE(store.value()->exchange(ids->at(1))->replayOf, 99);
        QCOMPARE(store.value()->exchange(ids->at(2))->replayOf, ids->at(0));
    }

    void failureAddsNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("captures.sqlite"));
        QVERIFY(Store::importExchanges(path, {Testing::makeExchange()}).ok());

        // A trigger makes SQLite refuse the third row, after two were inserted.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(
            sqlite3_exec(db,
                         "CREATE TRIGGER refuse BEFORE INSERT ON exchanges "
                         "WHEN NEW.method = 'REFUSE' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(db);

        QList<Store::Exchange> list = {Testing::makeExchange(), Testing::makeExchange(),
                                       Testing::makeExchange()};
        list[2].request.method = "REFUSE";
        const auto ids = Store::importExchanges(path, list);
        QVERIFY(!ids.ok());
        QVERIFY2(ids.error().contains(QLatin1String("refused")), qPrintable(ids.error()));
        QCOMPARE(Store::ExchangeStore::open(path).value()->count(), 1);
    }

    void unusablePathIsAnError()
    {
        QTemporaryDir dir;
        const auto ids = Store::importExchanges(dir.path(), {Testing::makeExchange()});
        QVERIFY(!ids.ok());
        QVERIFY(ids.error().contains(dir.path()));
    }
};

QTEST_GUILESS_MAIN(TestExchangeImport)
#include "tst_exchangeimport.moc"
