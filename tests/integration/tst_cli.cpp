// The command line as users and scripts meet it: the built binary, real sockets, a real database.
#include "testupstream.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sqlite3.h>

using Hookscope::Testing::TestUpstream;

namespace {

const QString binary = QStringLiteral(HOOKSCOPE_BINARY);

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments,
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary, arguments);
    p.waitForFinished(10000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

qint64 countRows(const QString &db, const char *sql)
{
    sqlite3 *handle = nullptr;
    sqlite3_open_v2(db.toUtf8().constData(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *stmt = nullptr;
    qint64 n = -1;
    if (sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return n;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrorsNameTheProblemAndExit2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command")
            << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
        QTest::newRow("unknown flag")
            << QStringList{"http", "3000", "--bogus"} << "Unknown option 'bogus'";
        QTest::newRow("missing upstream")
            << QStringList{"http", "--headless"} << "missing the upstream";
        QTest::newRow("bad upstream") << QStringList{"http", "nope"} << "invalid upstream 'nope'";
        QTest::newRow("bad listen") << QStringList{"http", "3000", "--listen", "x:y"} << "--listen";
        QTest::newRow("bad body size")
            << QStringList{"http", "3000", "--max-body-size", "-5"} << "--max-body-size '-5'";
        QTest::newRow("secret without provider")
            << QStringList{"http", "3000", "--verify-webhook-secret", "s"}
            << "needs --verify-webhook";
        QTest::newRow("unknown provider")
            << QStringList{"http", "3000", "--verify-webhook", "acme", "--verify-webhook-secret",
                           "s"}
            << "sentry";
        QTest::newRow("receive bad port")
            << QStringList{"receive", "--port", "99999"} << "--port '99999'";
    }
    void usageErrorsNameTheProblemAndExit2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void helpSaysThatNoCommandOpensTheWindow()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Without a command, opens the inspector window")),
                 qPrintable(r.out));
    }

    // `hookscope` alone: the demo the first time, then the window on the captures last shown.
    void windowAloneStartsTheDemoFirstThenReopensTheLastCaptures()
    {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const auto stop = [](QProcess &p) {
            ::kill(pid_t(p.processId()), SIGTERM);
            QVERIFY(p.waitForFinished(10'000));
        };

        QProcess first;
        first.setProcessEnvironment(env);
        first.start(binary, {});
        QByteArray said;
        // The demo's ports (8080, 3000) may be taken on this machine: then it says so.
        QTRY_VERIFY2_WITH_TIMEOUT(
            (said += first.readAllStandardOutput() + first.readAllStandardError())
                    .contains("Hookscope demo") ||
                said.contains("in use"),
            said.constData(), 10'000);
        // The window remembers the database it shows once it is open.
        const auto settingsFile = [&home] {
            QDirIterator conf(home.filePath(QStringLiteral("config")), {QStringLiteral("*.conf")},
                              QDir::Files, QDirIterator::Subdirectories);
            return conf.hasNext() ? conf.next() : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!settingsFile().isEmpty(), 10'000);
        stop(first);
        const QString demoDb = home.filePath(QStringLiteral("data/hookscope/demo.sqlite"));
        QVERIFY2(QFileInfo::exists(demoDb), said.constData());
        // Another database named in the settings is the one the window opens (in WAL mode).
        const QString mine = home.filePath(QStringLiteral("mine.sqlite"));
        QVERIFY(QFile::copy(demoDb, mine));
        {
            QSettings settings(settingsFile(), QSettings::IniFormat);
            QCOMPARE(settings.value(QStringLiteral("capture/lastDatabase")).toString(), demoDb);
            settings.setValue(QStringLiteral("capture/lastDatabase"), mine);
        }
        QProcess second;
        second.setProcessEnvironment(env);
        second.start(binary, {});
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(mine + QStringLiteral("-wal")), 10'000);
        stop(second);
        QCOMPARE(second.exitCode(), 0);
        QVERIFY(!second.readAllStandardOutput().contains("Hookscope demo"));
    }

    // Builds without an organisation name kept their settings in "Unknown Organization";
    // they move to ~/.config/hookscope once, and what other programs keep there stays.
    void settingsMoveOutOfUnknownOrganization()
    {
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral("config"));
        const QString oldDir = config + QStringLiteral("/Unknown Organization");
        QVERIFY(QDir().mkpath(oldDir));
        {
            QSettings old(oldDir + QStringLiteral("/hookscope.conf"), QSettings::IniFormat);
            old.setValue(QStringLiteral("capture/lastDatabase"), QStringLiteral("/x/mine.sqlite"));
            old.setValue(QStringLiteral("filter/recent"), QStringList{"status:500", "method:GET"});
        }
        QFile other(oldDir + QStringLiteral("/otherapp.conf"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);

        QCOMPARE(run({"--version"}, env).exitCode, 0);
        const QString moved = config + QStringLiteral("/hookscope/hookscope.conf");
        QVERIFY(QFileInfo::exists(moved));
        QVERIFY(!QFileInfo::exists(oldDir + QStringLiteral("/hookscope.conf")));
        QVERIFY(QFileInfo::exists(other.fileName()));
        const QSettings now(moved, QSettings::IniFormat);
        QCOMPARE(now.value(QStringLiteral("capture/lastDatabase")).toString(),
                 QStringLiteral("/x/mine.sqlite"));
        QCOMPARE(now.value(QStringLiteral("filter/recent")).toStringList(),
                 (QStringList{"status:500", "method:GET"}));

        // Alone in its folder, the old file goes with the folder.
        QVERIFY(other.remove());
        QVERIFY(QFile::copy(moved, oldDir + QStringLiteral("/hookscope.conf")));
        QCOMPARE(run({"--version"}, env).exitCode, 0);
        QVERIFY(!QFileInfo::exists(oldDir));
    }

    void helpExitsZero()
    {
        const Run r = run({"http", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("--max-body-size")));
    }

    void portInUseExits1AndSuggestsListen()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        const Run r = run({"http", "3000", "--headless", "--web-addr", "off", "--db",
                           dir.filePath("c.sqlite"), "--listen",
                           QStringLiteral("127.0.0.1:%1").arg(busy.serverPort())});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("address in use (try --listen 127.0.0.1:")),
                 qPrintable(r.err));
    }

    // Capture through the real binary, stop it with SIGTERM: it exits 0 with every exchange on
    // disk and one console line per exchange.
    void headlessCapturesEveryExchangeAndStopsCleanly()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        QTemporaryDir dir;
        const QString db = dir.filePath("c.sqlite");
        const quint16 port = freePort();
        QProcess proxy;
        proxy.start(binary, {"http", upstream.url(), "--headless", "--web-addr", "off", "--db", db,
                             "--listen", QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY(proxy.waitForStarted());
        QByteArray banner;
        QTRY_VERIFY2_WITH_TIMEOUT((banner += proxy.readAllStandardOutput()).contains("Forwarding"),
                                  proxy.readAllStandardError().constData(), 5000);

        constexpr int requests = 20;
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
        for (int i = 0; i < requests; ++i)
            client.write("POST /hooks/" + QByteArray::number(i) +
                         " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        QTRY_COMPARE_WITH_TIMEOUT(upstream.requests().size(), requests, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromLatin1(client.peek(1 << 20)).count("HTTP/1.1 200"),
                                  requests, 5000);

        ::kill(pid_t(proxy.processId()), SIGTERM);
        QVERIFY(proxy.waitForFinished(5000));
        QCOMPARE(proxy.exitStatus(), QProcess::NormalExit);
        QCOMPARE(proxy.exitCode(), 0);
        QCOMPARE(countRows(db, "select count(*) from exchanges where status = 200"), requests);
        const QString out = QString::fromUtf8(banner + proxy.readAllStandardOutput());
        QCOMPARE(out.count(QStringLiteral("POST    /hooks/")), requests);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
