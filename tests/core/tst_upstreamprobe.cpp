#include "proxy/upstreamprobe.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using Hookscope::Proxy::UpstreamProbe;

class TestUpstreamProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upWhileListeningDownWhenClosed()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const quint16 port = server.serverPort();
        UpstreamProbe probe(QStringLiteral("127.0.0.1"), port);
        QSignalSpy changed(&probe, &UpstreamProbe::healthChanged);
        probe.start(50);
        QTRY_COMPARE(probe.health(), UpstreamProbe::Health::Up);
        QCOMPARE(changed.size(), 1);

        server.close();
        QTRY_COMPARE(probe.health(), UpstreamProbe::Health::Down);
        QVERIFY2(probe.detail().contains(QStringLiteral("127.0.0.1:%1").arg(port)),
                 qPrintable(probe.detail()));
        QCOMPARE(changed.size(), 2);

        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        QTRY_COMPARE(probe.health(), UpstreamProbe::Health::Up);
    }
};

QTEST_GUILESS_MAIN(TestUpstreamProbe)
#include "tst_upstreamprobe.moc"
