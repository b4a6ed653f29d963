#include "makeexchange.h"
#include "store/database.h"
#include "store/exchangerows.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "store/filter.h"
#include "store/schema.h"
#include "store/sqlfunctions.h"
#include "store/statement.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Hookscope;
using Store::Exchange;
using Store::ExchangeStore;
using Store::ExchangeWriter;

namespace {

void compareBodies(const Store::CapturedBody &actual, const Store::CapturedBody &expected)
{
    QCOMPARE(actual.bytes, expected.bytes);
    QCOMPARE(actual.size, expected.size);
    QCOMPARE(actual.truncated, expected.truncated);
}

// Every field of Exchange, so a column forgotten in the mapping fails here.
void compareExchanges(const Exchange &actual, const Exchange &expected)
{
    QCOMPARE(actual.startedUs, expected.startedUs);
    QCOMPARE(actual.durationUs, expected.durationUs);
    QCOMPARE(actual.clientAddress, expected.clientAddress);
    QCOMPARE(actual.upstream, expected.upstream);
    QCOMPARE(actual.request.method, expected.request.method);
    QCOMPARE(actual.request.target, expected.request.target);
    QCOMPARE(actual.request.version, expected.request.version);
    QCOMPARE(actual.request.headers, expected.request.headers);
    compareBodies(actual.requestBody, expected.requestBody);
    QCOMPARE(actual.response.has_value(), expected.response.has_value());
    if (expected.response) {
        QCOMPARE(actual.response->status, expected.response->status);
        QCOMPARE(actual.response->reason, expected.response->reason);
        QCOMPARE(actual.response->version, expected.response->version);
        QCOMPARE(actual.response->headers, expected.response->headers);
    }
    compareBodies(actual.responseBody, expected.responseBody);
    QCOMPARE(actual.error, expected.error);
    QCOMPARE(actual.verdict, expected.verdict);
    QCOMPARE(actual.verdictProvider, expected.verdictProvider);
    QCOMPARE(actual.verdictReason, expected.verdictReason);
    QCOMPARE(actual.blocked, expected.blocked);
    QCOMPARE(actual.replayOf, expected.replayOf);
    QCOMPARE(actual.upgraded, expected.upgraded);
}

QList<Exchange> variedExchanges()
{
    QList<Exchange> list;
    list.append(Testing::makeExchange());

    Exchange blocked = Testing::makeExchange(1'700'000'000'100'000);
    blocked.verdict = Store::Verdict::Invalid;
    blocked.verdictProvider = QStringLiteral("sentry");
    blocked.verdictReason =
        QStringLiteral("signature mismatch — ✗: X-Sig does not match (body looks re-serialised)");
    blocked.blocked = true;
    blocked.response->status = 403;
    blocked.response->reason = "Forbidden";
    list.append(blocked);

    Exchange failed = Testing::makeExchange(1'700'000'000'200'000);
    failed.request.method = "PUT";
    failed.request.target = "http://127.0.0.1:8080/upload?part=2#frag";
    failed.request.version = {1, 0};
    failed.response.reset();
    failed.responseBody = {};
    failed.error = QStringLiteral("upstream http://127.0.0.1:3000 refused the connection");
    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i * 37);
    failed.requestBody = {binary, 50'000'000, true};
    list.append(failed);

    Exchange replay = Testing::makeExchange(1'700'000'000'300'000);
    replay.request.method = "GET";
    replay.request.target = "/socket";
    replay.request.headers = {
        {"Host", "x"}, {"Upgrade", "websocket"}, {"X-Dup", "1"}, {"x-dup", "2"}};
    replay.requestBody = {};
    replay.response->status = 101;
    replay.response->reason = "Switching Protocols";
    replay.response->headers = {};
    replay.responseBody = {QByteArray(), 0, false};
    replay.replayOf = 1;
    replay.upgraded = true;
    replay.verdict = Store::Verdict::Valid;
    replay.durationUs = 0;
    list.append(replay);
    return list;
}

QList<qint64> writeAll(const QString &path, const QList<Exchange> &exchanges)
{
    auto writer = ExchangeWriter::open(path);
    if (!writer) {
        qWarning() << writer.error();
        return {};
    }
    QList<qint64> ids;
    QObject::connect(writer->get(), &ExchangeWriter::committed,
                     [&](const QList<Store::ExchangeSummary> &added) {
                         for (const auto &s : added)
                             ids.append(s.id);
                     });
    for (const Exchange &e : exchanges)
        (*writer)->submit(e);
    (*writer)->flush();
    if (!QTest::qWaitFor([&] { return ids.size() == exchanges.size(); }, 5000))
        qWarning("only %lld of %lld committed", qint64(ids.size()), qint64(exchanges.size()));
    return ids;
}

void setUserVersion(const QString &path, int version)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(version);
    QCOMPARE(sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

int userVersion(const ExchangeStore &store)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(store.handle(), "PRAGMA user_version", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    const int version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

} // namespace

class TestExchangeStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeThenReopenReadsEveryFieldBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        const QList<Exchange> written = variedExchanges();
        const QList<qint64> ids = writeAll(path, written);
        QCOMPARE(ids.size(), written.size());

        auto store = ExchangeStore::open(path);
        QVERIFY2(store, qPrintable(store.error()));
        QCOMPARE((*store)->count(), qint64(written.size()));
        for (int i = 0; i < written.size(); ++i) {
            const auto read = (*store)->exchange(ids[i]);
            QVERIFY(read);
            QCOMPARE(read->id, ids[i]);
            compareExchanges(*read, written[i]);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY(!(*store)->exchange(ids.last() + 1000));
    }

    void summariesMatchTheExchanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        const QList<Exchange> written = variedExchanges();
        const QList<qint64> ids = writeAll(path, written);
        auto store = ExchangeStore::open(path);
        QVERIFY(store);
        const auto summaries = (*store)->page(0, 100);
        QCOMPARE(summaries.size(), written.size());
        for (int i = 0; i < written.size(); ++i) {
            const auto &s = summaries[written.size() - 1 - i]; // newest first
            Exchange withId = written[i];
            withId.id = ids[i];
            const auto expected = Store::summarize(withId);
            QCOMPARE(s.id, expected.id);
            QCOMPARE(s.startedUs, expected.startedUs);
            QCOMPARE(s.durationUs, expected.durationUs);
            QCOMPARE(s.method, expected.method);
            QCOMPARE(s.target, expected.target);
            QCOMPARE(s.status, expected.status);
            QCOMPARE(s.requestSize, expected.requestSize);
            QCOMPARE(s.responseSize, expected.responseSize);
            QCOMPARE(s.responseContentType, expected.responseContentType);
            QCOMPARE(s.verdict, expected.verdict);
            QCOMPARE(s.verdictReason, expected.verdictReason);
            QCOMPARE(s.blocked, expected.blocked);
            QCOMPARE(s.replayOf, expected.replayOf);
            QCOMPARE(s.hasError, expected.hasError);
        }
    }

    void pagingByKeyReturnsEverythingOnceInOrder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("captures.sqlite");
        QList<Exchange> many;
        for (int i = 0; i < 257; ++i)
            many.append(Testing::makeExchange(1'700'000'000'000'000 + i));
        const QList<qint64> ids = writeAll(path, many);
        auto store = ExchangeStore::open(path);
        QVERIFY(store);
        QCOMPARE((*store)->newestId(), ids.last());

        QList<qint64> seen;
        qint64 before = 0;
        for (;;) {
            const auto page = (*store)->page(before, 50);
            if (page.isEmpty())
                break;
            QVERIFY(page.size() <= 50);
            for (const auto &s : page)
                seen.append(s.id);
            before = page.last().id;
        }
        QList<qint64> expected = ids;
        std::reverse(expected.begin(), expected.end());
        QCOMPARE(seen, expected);

        QList<qint64> forward;
        qint64 after = 0;
        for (;;) {
            const auto batch = (*store)->exchangesAfter(after, 100);
            if (batch.isEmpty())
                break;
            for (const auto &e : batch)
                forward.append(e.id);
            after = batch.last().id;
        }
        QCOMPARE(forward, ids);

        const auto newer = (*store)->newerThan(ids[250], 100);
        QCOMPARE(newer.size(), 6);
        QCOMPARE(newer.first().id, ids[251]);
        QCOMPARE(newer.last().id, ids.last());
    }

    void emptyFileIsMigratedToTheCurrentSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("empty.sqlite");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        auto store = ExchangeStore::open(path);
        QVERIFY2(store, qPrintable(store.error()));
        QCOMPARE(userVersion(**store), Store::currentSchemaVersion());
        QCOMPARE((*store)->count(), qint64(0));
        QVERIFY((*store)->page(0, 10).isEmpty());
    }

    void missingFileIsCreatedAndReopens()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("new.sqlite");
        {
            auto store = ExchangeStore::open(path);
            QVERIFY2(store, qPrintable(store.error()));
        }
        QVERIFY(QFile::exists(path));
        auto again = ExchangeStore::open(path);
        QVERIFY2(again, qPrintable(again.error()));
        QCOMPARE(userVersion(**again), Store::currentSchemaVersion());
    }

    void versionOneFileIsMigratedAndIndexed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("v1.sqlite");
        const Exchange old = Testing::makeExchange();
        {
            // A file as the first release wrote it: schema 1, one exchange, no search index.
            auto opened = Store::Database::open(path);
            QVERIFY(opened);
            Store::Database &db = opened.value();
            QCOMPARE(Store::registerSqlFunctions(db.handle()), SQLITE_OK);
            QVERIFY(db.exec("PRAGMA journal_mode = WAL"));
            const Status migrated = Store::migrate(db, path, 1);
            QVERIFY2(migrated, qPrintable(migrated.error()));
            Store::Statement insert = db.prepare(Store::Rows::insertExchangeSql());
            Store::Rows::bindExchange(insert, old);
            QVERIFY(insert.run());
            Store::Statement bodies = db.prepare(
                "INSERT INTO bodies (exchange_id, request, response) VALUES (1, ?1, ?2)");
            bodies.bindBlob(1, old.requestBody.bytes);
            bodies.bindBlob(2, old.responseBody.bytes);
            QVERIFY(bodies.run());
            QCOMPARE(db.queryInt("PRAGMA user_version"), qint64(1));
        }
        auto store = ExchangeStore::open(path);
        QVERIFY2(store, qPrintable(store.error()));
        QCOMPARE(userVersion(**store), Store::currentSchemaVersion());
        compareExchanges(*(*store)->exchange(1), old);
        // Not indexed yet, the old exchange is still found; the writer then indexes it.
        const Store::Filter resolved = Store::Filter::parse(QStringLiteral("resolved"));
        QCOMPARE((*store)->indexedUpTo(), qint64(0));
        QCOMPARE((*store)->count(resolved), qint64(1));
        auto writer = ExchangeWriter::open(path);
        QVERIFY(writer);
        (*writer)->flushAndIndex();
        QCOMPARE((*store)->indexedUpTo(), qint64(1));
        QCOMPARE((*store)->count(resolved), qint64(1));
        QCOMPARE((*store)->page(resolved, 0, 10).first().id, qint64(1));
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("future.sqlite");
        QVERIFY(ExchangeStore::open(path));
        setUserVersion(path, Store::currentSchemaVersion() + 1);
        auto store = ExchangeStore::open(path);
        QVERIFY(!store);
        QVERIFY2(store.error().contains(path), qPrintable(store.error()));
        QVERIFY2(store.error().contains("newer Hookscope"), qPrintable(store.error()));
        QVERIFY2(store.error().contains("--db"), qPrintable(store.error()));
        auto writer = ExchangeWriter::open(path);
        QVERIFY(!writer);
    }

    void notADatabaseIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("notes.txt");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        auto store = ExchangeStore::open(path);
        QVERIFY(!store);
        QVERIFY2(store.error().contains(path), qPrintable(store.error()));
        QVERIFY2(store.error().contains("--db"), qPrintable(store.error()));
    }

    void unwritableLocationIsRefused()
    {
        auto store = ExchangeStore::open(QStringLiteral("/nonexistent-dir/x/captures.sqlite"));
        QVERIFY(!store);
        QVERIFY2(store.error().contains("/nonexistent-dir/x/captures.sqlite"),
                 qPrintable(store.error()));
    }

    void pathOfTarget_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("origin form") << QByteArray("/hooks/a?x=1") << QByteArray("/hooks/a");
        QTest::newRow("fragment") << QByteArray("/a#top") << QByteArray("/a");
        QTest::newRow("absolute form") << QByteArray("http://h:80/p/q?x") << QByteArray("/p/q");
        QTest::newRow("absolute, query only") << QByteArray("http://h?x=/y") << QByteArray("/");
        QTest::newRow("absolute, bare") << QByteArray("https://h") << QByteArray("/");
        QTest::newRow("authority form") << QByteArray("h:443") << QByteArray("h:443");
        QTest::newRow("asterisk") << QByteArray("*") << QByteArray("*");
    }
    void pathOfTarget()
    {
        QFETCH(QByteArray, target);
        QTEST(Store::Rows::pathOf(target), "path");
    }

    void defaultPathIsInTheDataDirectory()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString path = Store::defaultDatabasePath();
        QVERIFY(path.endsWith("/captures.sqlite"));
        QVERIFY(QFileInfo(path).dir().exists());
    }
};

QTEST_GUILESS_MAIN(TestExchangeStore)
#include "tst_exchangestore.moc"
