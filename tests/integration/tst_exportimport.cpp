#include "exchangediff.h"
#include "http/serializer.h"
#include "interchange/curlcommand.h"
#include "makeexchange.h"
#include "store/exchangeimport.h"
#include "store/exchangestore.h"
#include "testupstream.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

using namespace Hookscope;
using nlohmann::json;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the built binary (or, with `shell`, sh -c on a command line), letting the event loop run.
Run run(const QStringList &arguments, const QByteArray &stdIn = {})
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(HOOKSCOPE_BINARY), arguments);
    process.write(stdIn);
    process.closeWriteChannel();
    if (!finished.wait(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QList<Store::Exchange> sampleExchanges()
{
    QList<Store::Exchange> list;
    for (int i = 0; i < 5; ++i) {
        Store::Exchange e = Testing::makeExchange(1'700'000'000'000'000 + i * 1'000'000);
        e.request.target = "/hooks/" + QByteArray::number(i);
        list << e;
    }
    list[1].requestBody = {QByteArray("\x00\x01'\"\xff", 5), 5, false};
    list[1].request.headers.set("Content-Length", "5");
    list[2].response.reset();
    list[2].responseBody = {};
    list[2].durationUs = -1;
    list[3].verdict = Store::Verdict::Invalid;
    list[3].verdictProvider = QStringLiteral("sentry");
    list[3].verdictReason = QStringLiteral("signature mismatch");
    list[3].blocked = true;
    list[4].requestBody.truncated = true;
    list[4].requestBody.size = 30'000'000;
    return list;
}

} // namespace

class TestExportImport : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;
    QList<qint64> m_ids;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = path("captures.sqlite");
        QList<qsizetype> originals(5, -1);
        originals[3] = 0;
        const auto ids = Store::importExchanges(m_db, sampleExchanges(), originals);
        QVERIFY2(ids.ok(), qPrintable(ids.error()));
        m_ids = *ids;
    }

    void exportsJsonArrayOfNgrokObjects()
    {
        const Run r = run({QStringLiteral("export"), QStringLiteral("--db"), m_db});
        QCOMPARE(r.exitCode, 0);
        const json array = json::parse(r.out.toStdString());
        QVERIFY(array.is_array());
        QCOMPARE(array.size(), size_t(5));
        QCOMPARE(QString::fromStdString(array[0]["id"]), QString::number(m_ids[0]));
        QCOMPARE(QString::fromStdString(array[3]["replay_of"]), QString::number(m_ids[0]));
        QVERIFY(array[2]["response"].is_null());
        QCOMPARE(QByteArray::fromBase64(QByteArray::fromStdString(array[1]["request"]["raw"])),
                 Http::serializeRequestHead(sampleExchanges()[1].request) +
                     sampleExchanges()[1].requestBody.bytes);
    }

    void exportsChosenIdsInTheirOrder()
    {
        const Run r = run({QStringLiteral("export"), QStringLiteral("--db"), m_db,
                           QString::number(m_ids[2]), QString::number(m_ids[0])});
        QCOMPARE(r.exitCode, 0);
        const json array = json::parse(r.out.toStdString());
        QCOMPARE(array.size(), size_t(2));
        QCOMPARE(QString::fromStdString(array[0]["id"]), QString::number(m_ids[2]));
    }

    void harRoundTripsThroughImport()
    {
        const QString har = path("all.har");
        const Run out =
            run({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                 QStringLiteral("har"), QStringLiteral("-o"), har});
        QCOMPARE(out.exitCode, 0);
        QVERIFY(out.out.isEmpty());

        const QString copy = path("copy.sqlite");
        const Run in = run({QStringLiteral("import"), har, QStringLiteral("--db"), copy});
        QVERIFY2(in.exitCode == 0, in.err.constData());
        QVERIFY2(in.out.contains("imported 5 exchanges"), in.out.constData());

        auto original = Store::ExchangeStore::open(m_db);
        auto imported = Store::ExchangeStore::open(copy);
        QCOMPARE(imported.value()->count(), 5);
        const QList<Store::Exchange> a = original.value()->exchangesAfter(0, 10);
        const QList<Store::Exchange> b = imported.value()->exchangesAfter(0, 10);
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString diff = Testing::exchangeDifference(a[i], b[i]);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
        QCOMPARE(b[3].replayOf, b[0].id);
    }

    void importCountsWhatItSkips()
    {
        const QString har = path("browser.har");
        QFile file(har);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // Built as JSON rather than as a raw string literal, which Qt 6.4's moc misreads.
        const json readable = {
            {"startedDateTime", "2024-01-01T00:00:00Z"},
            {"time", 1},
            {"request",
             {{"method", "GET"},
              {"url", "http://localhost:3000/a"},
              {"httpVersion", "HTTP/1.1"},
              {"headers", json::array()}}},
            {"response",
             {{"status", 200},
              {"content", {{"size", 2}, {"mimeType", "text/plain"}, {"text", "ok"}}}}}};
        const json unreadable = {{"request", {{"method", "GET"}, {"url", "not a url"}}}};
        const json document = {{"log",
                                {{"version", "1.2"},
                                 {"creator", {{"name", "x"}, {"version", "1"}}},
                                 {"entries", {readable, unreadable}}}}};
        file.write(QByteArray::fromStdString(document.dump()));
        file.close();
        const QString db = path("browser.sqlite");
        const Run r = run({QStringLiteral("import"), QStringLiteral("--db"), db, har});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("imported 1 exchanges") && r.out.contains("skipped 1"),
                 r.out.constData());
        QVERIFY2(r.err.contains("entry 2:"), r.err.constData());
        QCOMPARE(Store::ExchangeStore::open(db).value()->count(), 1);
    }

    void importIsAllOrNothing()
    {
        const QString har = path("all.har");
        const QString db = path("refusing.sqlite");
        QVERIFY(Store::importExchanges(db, {Testing::makeExchange()}).ok());
        sqlite3 *handle = nullptr;
        QCOMPARE(sqlite3_open(db.toUtf8().constData(), &handle), SQLITE_OK);
        QCOMPARE(sqlite3_exec(handle,
                              "CREATE TRIGGER refuse BEFORE INSERT ON exchanges WHEN "
                              "NEW.target = '/hooks/3' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(handle);
        const Run r = run({QStringLiteral("import"), har, QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nothing was imported"), r.err.constData());
        QCOMPARE(Store::ExchangeStore::open(db).value()->count(), 1);
    }

    void curlCommandReachesTheUpstream()
    {
        Testing::TestUpstream upstream;
        QVERIFY(upstream.listen());
        Store::Exchange e = sampleExchanges()[1];
        e.upstream = upstream.url();
        const QString db = path("curl.sqlite");
        const auto ids = Store::importExchanges(db, {e});
        QVERIFY(ids.ok());
        const Run r =
            run({QStringLiteral("export"), QStringLiteral("--db"), db, QStringLiteral("--format"),
                 QStringLiteral("curl"), QString::number(ids->first())});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("curl"), r.out.constData());

        QProcess shell;
        QSignalSpy finished(&shell, &QProcess::finished);
        shell.start(QStringLiteral("sh"));
        shell.write(r.out);
        shell.closeWriteChannel();
        QVERIFY(finished.wait(20000));
        QCOMPARE(shell.exitCode(), 0);
        QCOMPARE(upstream.requests().size(), 1);
        QCOMPARE(upstream.requests().first().raw,
                 Http::serializeRequestHead(Interchange::forwardedRequestHead(e)) +
                     e.requestBody.bytes);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString db = QStringLiteral("--db");
        QTest::newRow("unknown format") << QStringList{"export", "--format", "xml"} << 2 << "xml";
        QTest::newRow("unknown flag") << QStringList{"export", "--bogus"} << 2 << "bogus";
        QTest::newRow("curl without ids")
            << QStringList{"export", "--format", "curl"} << 2 << "needs the ids";
        QTest::newRow("bad id") << QStringList{"export", "abc"} << 2 << "'abc'";
        QTest::newRow("no database")
            << QStringList{"export", db, "/nonexistent/x.sqlite"} << 1 << "/nonexistent/x.sqlite";
        QTest::newRow("import without file") << QStringList{"import"} << 2 << "which HAR file";
        QTest::newRow("import two files")
            << QStringList{"import", "a.har", "b.har"} << 2 << "b.har";
        QTest::newRow("import unknown flag")
            << QStringList{"import", "--nope", "a.har"} << 2 << "nope";
        QTest::newRow("import missing file")
            << QStringList{"import", "/nonexistent/a.har"} << 1 << "/nonexistent/a.har";
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void runtimeErrors()
    {
        Run r =
            run({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("999999")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no exchange 999999"), r.err.constData());

        r = run({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("--format"),
                 QStringLiteral("curl"), QString::number(m_ids[4])});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("truncated"), r.err.constData());

        const QString notHar = path("not.har");
        QFile file(notHar);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<html></html>");
        file.close();
        r = run({QStringLiteral("import"), QStringLiteral("--db"), path("x.sqlite"), notHar});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not a HAR file"), r.err.constData());

        r = run({QStringLiteral("export"), QStringLiteral("--db"), m_db, QStringLiteral("-o"),
                 QStringLiteral("/nonexistent/dir/out.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/nonexistent/dir/out.json"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestExportImport)
#include "tst_exportimport.moc"
