// `hookscope demo --once` as a user runs it: sample app, proxy and stream in one process, with
// every kind of verdict in the capture database afterwards.
#include "store/exchangestore.h"
#include "webhooks/demostream.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;

class TestDemoCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamIsCapturedWithEveryKindOfVerdict()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("demo.sqlite"));
        QProcess demo;
        QSignalSpy finished(&demo, &QProcess::finished);
        demo.start(QStringLiteral(HOOKSCOPE_BINARY),
                   {"demo", "--once", "--listen", "127.0.0.1:0", "--receiver-port", "0",
                    "--interval", "0", "--db", db});
        QVERIFY(finished.wait(30'000));
        const QString out = QString::fromUtf8(demo.readAllStandardOutput());
        QVERIFY2(demo.exitCode() == 0, qPrintable(out + demo.readAllStandardError()));
        QVERIFY2(
            out.contains(QStringLiteral("-> 403: 403 Forbidden: Hookscope blocked this request: "
                                        "signature mismatch")),
            qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("  valid")) &&
                out.contains(QStringLiteral("  blocked")));
        QVERIFY(out.contains(
            QStringLiteral("23 exchanges captured: 16 with a valid signature, 6 blocked.")));

        auto store = Store::ExchangeStore::open(db);
        QVERIFY2(store, qPrintable(store.error()));
        const auto exchanges = store.value()->exchangesAfter(0, 1000);
        QCOMPARE(exchanges.size(), int(Webhooks::demoPlan().size()));
        int valid = 0;
        int none = 0;
        QStringList reasons;
        for (const auto &e : exchanges) {
            valid += e.verdict == Store::Verdict::Valid ? 1 : 0;
            none += e.verdict == Store::Verdict::None ? 1 : 0;
            if (e.blocked) {
                QCOMPARE(e.verdict, Store::Verdict::Invalid);
                QCOMPARE(e.response->status, 403);
                reasons.append(e.verdictReason);
            }
        }
        QCOMPARE(valid, 16);
        QCOMPARE(none, 1);
        for (const char *reason : {"signature mismatch", "timestamp outside tolerance",
                                   "missing signature header", "malformed header"}) {
            QVERIFY2(
                std::any_of(reasons.begin(), reasons.end(),
                            [&](const QString &r) { return r.startsWith(QLatin1String(reason)); }),
                reason);
        }
        QVERIFY(std::any_of(reasons.begin(), reasons.end(), [](const QString &r) {
            return r.contains(QStringLiteral("re-serialised"));
        }));
    }

    void busyPortIsNamed()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        QProcess demo;
        demo.start(QStringLiteral(HOOKSCOPE_BINARY),
                   {"demo", "--once", "--listen", "127.0.0.1:0", "--receiver-port",
                    QString::number(taken.serverPort()), "--db",
                    QStringLiteral("/nonexistent/x.sqlite")});
        QVERIFY(demo.waitForFinished(10'000));
        QCOMPARE(demo.exitCode(), 1);
        QVERIFY(demo.readAllStandardError().contains("address in use"));
    }
};

QTEST_GUILESS_MAIN(TestDemoCommand)
#include "tst_democommand.moc"
