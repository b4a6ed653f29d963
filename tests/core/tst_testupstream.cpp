#include "responsereader.h"
#include "testupstream.h"

#include <QTcpSocket>
#include <QTest>

using Hookscope::Testing::RecordedRequest;
using Hookscope::Testing::ResponseReader;
using Hookscope::Testing::TestUpstream;
using Hookscope::Testing::UpstreamReply;

// The fixture other suites rely on: it must record exactly and answer as configured.
class TestTestUpstream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordsPipelinedRequestsExactly()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setHandler([](const RecordedRequest &r) {
            UpstreamReply reply;
            reply.body = "seen " + r.head.target;
            reply.chunked = r.head.target == "/2";
            return reply;
        });
        const QByteArray first = "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
        const QByteArray second = "POST /2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                                  "Expect: 100-continue\r\n\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n";
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, upstream.port());
        client.write(first + second);
        const auto responses = ResponseReader(client).read(3);
        QCOMPARE(responses.size(), 3);
        QCOMPARE(responses[0].body, QByteArray("seen /1"));
        QCOMPARE(responses[1].head.status, 100);
        QCOMPARE(responses[2].body, QByteArray("seen /2"));
        QCOMPARE(upstream.requests().size(), 2);
        const RecordedRequest &a = upstream.requests()[0];
        const RecordedRequest &b = upstream.requests()[1];
        QCOMPARE(a.raw, first);
        QCOMPARE(b.raw, second);
        QCOMPARE(a.body, QByteArray("abc"));
        QCOMPARE(b.body, QByteArray("de"));
        QCOMPARE(b.bodySize, 2);
        QCOMPARE(b.trailers.value("x-t"), QByteArray("1"));
        QCOMPARE(a.connection, b.connection);
        QCOMPARE(upstream.connectionCount(), 1);
    }

    void dropsAndEchoes()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setHandler([](const RecordedRequest &r) {
            UpstreamReply reply;
            if (r.head.target == "/drop")
                reply.dropConnection = true;
            else
                reply.status = 101;
            return reply;
        });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, upstream.port());
        client.write("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\nping");
        QTRY_VERIFY(client.peek(1000).endsWith("\r\n\r\nping"));

        QTcpSocket dropped;
        dropped.connectToHost(QHostAddress::LocalHost, upstream.port());
        dropped.write("GET /drop HTTP/1.1\r\n\r\n");
        QTRY_COMPARE(dropped.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(dropped.readAll(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestTestUpstream)
#include "tst_testupstream.moc"
