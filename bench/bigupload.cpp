// Streams one large upload through a CaptureProxy and reports the process's peak memory.
//
// Everything runs in this one process: a client that generates the body as it goes (never more
// than ~1 MiB ahead of the socket), the proxy on its own thread capturing (10 MiB kept, the rest
// counted), and an upstream that parses and hashes the body without keeping it. The peak RSS
// (VmHWM) therefore bounds what the proxy itself needs to pass a body of that size.
//
// Usage: hookscope_bigupload [SIZE_MIB=1024] [--chunked] [--direct]   (--direct: no proxy, for comparison)
#include "http/serializer.h"
#include "proxy/captureproxy.h"
#include "responsereader.h"
#include "testupstream.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QTcpSocket>
#include <cstdio>

using namespace Hookscope;

namespace {
qint64 statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const bool chunked = args.contains(QStringLiteral("--chunked"));
    const bool direct = args.contains(QStringLiteral("--direct"));
    qint64 mib = 1024;
    for (const QString &a : args) {
        if (!a.startsWith(QLatin1String("--")))
            mib = a.toLongLong();
    }
    const qint64 total = mib * 1024 * 1024;

    Testing::TestUpstream upstream;
    upstream.setMaxRecordedBytes(0);
    if (!upstream.listen()) {
        std::fprintf(stderr, "hookscope_bigupload: cannot listen for the upstream\n");
        return 1;
    }
    QMutex mutex;
    Store::Exchange captured;
    Proxy::ProxyOptions options;
    options.listenPort = 0;
    options.upstream.port = upstream.port();
    options.sink = [&](Store::Exchange e) {
        QMutexLocker lock(&mutex);
        captured = std::move(e);
    };
    Proxy::CaptureProxy proxy(options);
    if (const Status s = proxy.start(); !s) {
        std::fprintf(stderr, "hookscope_bigupload: %s\n", qPrintable(s.error()));
        return 1;
    }

    QByteArray block(256 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < block.size(); ++i)
        block[i] = char((i * 131 + 7) & 0xff);
    QCryptographicHash sent(QCryptographicHash::Sha256);

    QTcpSocket client;
    qint64 written = 0;
    qint64 peakRssKiB = 0;
    auto feed = [&] {
        peakRssKiB = qMax(peakRssKiB, statusKiB("VmRSS:"));
        while (written < total && client.bytesToWrite() < 1024 * 1024) {
            const QByteArray piece = block.left(qMin<qint64>(block.size(), total - written));
            sent.addData(piece);
            client.write(chunked ? Http::encodeChunk(piece) : piece);
            written += piece.size();
            if (chunked && written == total)
                client.write(Http::lastChunk());
        }
    };
    QObject::connect(&client, &QTcpSocket::bytesWritten, feed);
    QObject::connect(&client, &QTcpSocket::connected, feed);
    client.connectToHost(QHostAddress::LocalHost, direct ? upstream.port() : proxy.port());
    client.write("POST /upload HTTP/1.1\r\nHost: bench\r\n" +
                 (chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                          : "Content-Length: " + QByteArray::number(total) + "\r\n") +
                 "\r\n");

    QElapsedTimer timer;
    timer.start();
    const auto responses = Testing::ResponseReader(client).read(1, 120'000);
    const double seconds = timer.elapsed() / 1000.0;
    proxy.stop();

    const bool ok = responses.size() == 1 && responses[0].head.status == 200 &&
                    upstream.requests().size() == 1 && upstream.requests()[0].bodySize == total &&
                    upstream.requests()[0].bodySha256 == sent.result();
    std::printf("upload      %lld MiB%s%s in %.2f s (%.0f MiB/s)\n", mib, chunked ? " chunked" : "",
                direct ? " straight to the upstream" : "", seconds, mib / seconds);
    std::printf("upstream    %s\n", ok ? "received every byte (SHA-256 matches)" : "MISMATCH");
    std::printf("captured    %lld bytes kept of %lld, truncated=%s\n",
                qint64(captured.requestBody.bytes.size()), captured.requestBody.size,
                captured.requestBody.truncated ? "yes" : "no");
    std::printf("peak RSS    %lld KiB sampled, VmHWM %lld KiB (whole process: client, proxy, "
                "upstream)\n",
                peakRssKiB, statusKiB("VmHWM:"));
    return ok ? 0 : 1;
}
