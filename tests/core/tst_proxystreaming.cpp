#include "http/serializer.h"
#include "proxyfixture.h"
#include "responsereader.h"

#include <QCryptographicHash>
#include <QTcpServer>
#include <QTest>

using namespace Hookscope;
using Testing::ProxyFixture;
using Testing::RecordedRequest;
using Testing::ResponseReader;
using Testing::UpstreamReply;

namespace {
// Deterministic bytes that are not all alike, so a misplaced piece shows.
QByteArray pattern(qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (qsizetype i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = char(x);
    }
    return out;
}
} // namespace

// Bodies larger than any buffer, and the protocol switch: what streams through the proxy.
class TestProxyStreaming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void largeUploadIsStreamedAndCaptureTruncated()
    {
        ProxyFixture f;
        f.upstream.setMaxRecordedBytes(0);
        Proxy::ProxyOptions options;
        options.maxBodySize = 1024 * 1024;
        QVERIFY(f.start(options));
        const QByteArray body = pattern(64 * 1024 * 1024);
        auto client = f.connectClient();
        client->write("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n");
        client->write(body);
        const auto responses = ResponseReader(*client).read(1, 30000);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 200);
        QCOMPARE(f.upstream.requests().size(), 1);
        const RecordedRequest &got = f.upstream.requests()[0];
        QCOMPARE(got.bodySize, body.size());
        QCOMPARE(got.bodySha256, QCryptographicHash::hash(body, QCryptographicHash::Sha256));
        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.requestBody.size, body.size());
        QVERIFY(e.requestBody.truncated);
        QCOMPARE(e.requestBody.bytes, body.left(options.maxBodySize));
    }

    // An upstream that stops reading stops the proxy reading the client: the proxy holds its
    // buffers, not the rest of the upload (a 1 GiB upload must pass in ~100 MB).
    void uploadWaitsForAnUpstreamThatDoesNotRead()
    {
        QTcpServer stalled; // the kernel accepts the connection; nobody ever reads it
        QVERIFY(stalled.listen(QHostAddress::LocalHost));
        stalled.pauseAccepting();
        Proxy::ProxyOptions options;
        options.listenAddress = QHostAddress(QHostAddress::LocalHost);
        options.listenPort = 0;
        options.upstream.port = stalled.serverPort();
        options.sink = [](Store::Exchange) {};
        Proxy::CaptureProxy proxy(options);
        QVERIFY(proxy.start().ok());
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, proxy.port());
        const qint64 total = 128 * 1024 * 1024;
        client.write("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                     QByteArray::number(total) + "\r\n\r\n");
        client.write(QByteArray(total, 'u'));
        // Wait until the client cannot get rid of more (the kernel's buffers on the way are full).
        qint64 left = -1;
        for (int i = 0; i < 100 && client.bytesToWrite() != left; ++i) {
            left = client.bytesToWrite();
            QTest::qWait(200);
        }
        qInfo("taken from the client: %lld MiB of %lld", (total - left) >> 20, total >> 20);
        QVERIFY2(total - left < total / 2, qPrintable(QString::number(total - left)));
        proxy.stop();
    }

    void largeChunkedUploadIsForwardedChunked()
    {
        ProxyFixture f;
        f.upstream.setMaxRecordedBytes(0);
        QVERIFY(f.start());
        const QByteArray body = pattern(8 * 1024 * 1024 + 17);
        QByteArray wire = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (qsizetype at = 0; at < body.size(); at += 100'000)
            wire += Http::encodeChunk(body.mid(at, 100'000));
        wire += Http::lastChunk({{"X-Digest", "done"}});
        auto client = f.connectClient();
        client->write(wire);
        const auto responses = ResponseReader(*client).read(1, 30000);
        QCOMPARE(responses.size(), 1);
        const RecordedRequest &got = f.upstream.requests()[0];
        QCOMPARE(got.head.headers.value("Transfer-Encoding"), QByteArray("chunked"));
        QCOMPARE(got.bodySize, body.size());
        QCOMPARE(got.bodySha256, QCryptographicHash::hash(body, QCryptographicHash::Sha256));
        QCOMPARE(got.trailers.value("X-Digest"), QByteArray("done"));
    }

    void largeDownloadIsStreamed()
    {
        ProxyFixture f;
        const QByteArray body = pattern(32 * 1024 * 1024);
        UpstreamReply reply;
        reply.body = body;
        f.upstream.setReply(reply);
        Proxy::ProxyOptions options;
        options.maxBodySize = 4096;
        QVERIFY(f.start(options));
        auto client = f.connectClient();
        client->write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = ResponseReader(*client).read(1, 30000);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].body.size(), body.size());
        QVERIFY(responses[0].body == body);
        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QCOMPARE(e.responseBody.size, body.size());
        QVERIFY(e.responseBody.truncated);
        QCOMPARE(e.responseBody.bytes, body.left(4096));
    }

    void websocketIsTunnelledBothWays()
    {
        ProxyFixture f;
        f.upstream.setHandler([](const RecordedRequest &r) {
            UpstreamReply reply;
            if (r.head.headers.hasToken("Upgrade", "websocket")) {
                reply.status = 101;
                reply.headers = {{"Upgrade", "websocket"},
                                 {"Connection", "Upgrade"},
                                 {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}};
            }
            return reply;
        });
        QVERIFY(f.start());
        auto client = f.connectClient();
        // The first frame rides with the handshake: it must wait in the proxy, then pass.
        client->write("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                      "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\n\r\n\x81\x05hello");
        ResponseReader reader(*client);
        const auto responses = reader.read(1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses[0].head.status, 101);
        QCOMPARE(responses[0].head.headers.value("Upgrade"), QByteArray("websocket"));
        QCOMPARE(responses[0].head.headers.value("Connection"), QByteArray("Upgrade"));
        QByteArray echoed = reader.rest();
        QTRY_VERIFY((echoed += client->readAll()) == "\x81\x05hello");
        client->write("\x81\x06second");
        echoed.clear();
        QTRY_VERIFY((echoed += client->readAll()) == "\x81\x06second");

        const RecordedRequest &got = f.upstream.requests()[0];
        QCOMPARE(got.head.headers.value("Upgrade"), QByteArray("websocket"));
        QCOMPARE(got.head.headers.value("Connection"), QByteArray("Upgrade"));
        QCOMPARE(got.head.headers.value("Sec-WebSocket-Key"),
                 QByteArray("dGhlIHNhbXBsZSBub25jZQ=="));
        QTRY_COMPARE(f.capturedCount(), 1);
        const Store::Exchange e = f.captured()[0];
        QVERIFY(e.upgraded);
        QCOMPARE(e.response->status, 101);

        // Closing one end closes the other.
        client->disconnectFromHost();
        QTRY_COMPARE(f.upstream.openConnections(), 0);
    }

    void declinedUpgradeStaysHttp()
    {
        ProxyFixture f;
        QVERIFY(f.start());
        auto client = f.connectClient();
        client->write(
            "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
            "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = ResponseReader(*client).read(2);
        QCOMPARE(responses.size(), 2);
        QCOMPARE(responses[0].head.status, 200);
        QCOMPARE(responses[1].head.status, 200);
        QCOMPARE(f.upstream.requests()[1].head.target, QByteArray("/next"));
    }
};

QTEST_GUILESS_MAIN(TestProxyStreaming)
#include "tst_proxystreaming.moc"
