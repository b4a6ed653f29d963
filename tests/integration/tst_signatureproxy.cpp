// Webhook verification end to end: a real CaptureProxy with the Sentry SignatureGate in front of
// a recording upstream, captures written to a real SQLite file.
#include "proxy/captureproxy.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "testupstream.h"
#include "webhooks/samples.h"
#include "webhooks/signaturegate.h"
#include "webhooks/webhooksender.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using Testing::TestUpstream;

namespace {
const QByteArray Secret = "5c0f7d2e9a8b4c6d1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d";

Webhooks::SampleRequest sentrySample(const QString &event)
{
    return Webhooks::buildSample(QStringLiteral("sentry"), event, Secret,
                                 QDateTime::currentSecsSinceEpoch(), "/webhooks/sentry")
        .value();
}
} // namespace

class TestSignatureProxy : public QObject
{
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<TestUpstream> m_upstream;
    std::unique_ptr<Store::ExchangeWriter> m_writer;
    std::unique_ptr<Proxy::CaptureProxy> m_proxy;
    std::atomic<int> m_captured{0};

    QString dbPath() const { return m_dir->filePath(QStringLiteral("captures.sqlite")); }
    QUrl proxyUrl() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks/sentry").arg(m_proxy->port()));
    }

    std::optional<Webhooks::WebhookSender::Response> send(const Webhooks::SampleRequest &request)
    {
        Webhooks::WebhookSender sender(proxyUrl(), request.head, request.body);
        QSignalSpy done(&sender, &Webhooks::WebhookSender::finished);
        sender.start();
        if (!done.wait(10'000) || !sender.response())
            qWarning("send failed: %s", qPrintable(sender.error()));
        return sender.response();
    }

    // Every exchange in the database, oldest first, once `count` have been captured.
    QList<Store::Exchange> recorded(int count)
    {
        if (!QTest::qWaitFor([&] { return m_captured.load() >= count; }, 10'000))
            return {};
        m_writer->flush();
        auto store = Store::ExchangeStore::open(dbPath());
        return store ? store.value()->exchangesAfter(0, 1000) : QList<Store::Exchange>{};
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_upstream = std::make_unique<TestUpstream>();
        QVERIFY(m_dir->isValid());
        QVERIFY(m_upstream->listen());
        m_upstream->setReply(Testing::jsonReply(R"({"message":"Thank you for the message"})"));
        auto writer = Store::ExchangeWriter::open(dbPath());
        QVERIFY2(writer, qPrintable(writer.error()));
        m_writer = std::move(writer).value();
        auto gate = Webhooks::SignatureGate::create(u"sentry", Secret);
        QVERIFY(gate);

        Proxy::ProxyOptions options;
        options.listenPort = 0;
        options.upstream.port = m_upstream->port();
        options.gate = std::shared_ptr<const Proxy::RequestGate>(std::move(gate).value());
        m_captured = 0;
        Store::ExchangeWriter *store = m_writer.get();
        options.sink = [this, store](Store::Exchange e) {
            store->submit(std::move(e));
            ++m_captured;
        };
        m_proxy = std::make_unique<Proxy::CaptureProxy>(options);
        QVERIFY(m_proxy->start());
    }
    void cleanup()
    {
        m_proxy.reset();
        m_writer.reset();
        m_upstream.reset();
        m_dir.reset();
    }

    void validDeliveryIsForwardedByteIdenticalAndRecordedValid()
    {
        const auto sample = sentrySample(QStringLiteral("issue.resolved"));
        const auto response = send(sample);
        QVERIFY(response);
        QCOMPARE(response->head.status, 200);

        QCOMPARE(m_upstream->requests().size(), 1);
        const auto &forwarded = m_upstream->requests().first();
        QCOMPARE(forwarded.body, sample.body);
        QCOMPARE(forwarded.bodySha256,
                 QCryptographicHash::hash(sample.body, QCryptographicHash::Sha256));
        for (const char *name : {"Sentry-Hook-Signature", "Sentry-Hook-Timestamp",
                                 "Sentry-Hook-Resource", "Request-ID", "Content-Type"})
            QCOMPARE(forwarded.head.headers.value(name), sample.head.headers.value(name));

        const auto exchanges = recorded(1);
        QCOMPARE(exchanges.size(), 1);
        const Store::Exchange &e = exchanges.first();
        QCOMPARE(e.verdict, Store::Verdict::Valid);
        QCOMPARE(e.verdictProvider, QStringLiteral("sentry"));
        QVERIFY(!e.blocked);
        QCOMPARE(e.requestBody.bytes, sample.body);
    }

    void tamperedDeliveryIsRefusedNotForwardedAndRecordedBlocked()
    {
        auto sample = sentrySample(QStringLiteral("issue.resolved"));
        sample.body.replace("\"action\":\"resolved\"", "\"action\":\"ignored\"");
        const auto response = send(sample);
        QVERIFY(response);
        QCOMPARE(response->head.status, 403);
        QVERIFY2(response->body.contains("signature mismatch"), response->body.constData());
        QVERIFY(!response->body.contains(Secret));

        const auto exchanges = recorded(1);
        QCOMPARE(m_upstream->requests().size(), 0);
        QCOMPARE(exchanges.size(), 1);
        const Store::Exchange &e = exchanges.first();
        QVERIFY(e.blocked);
        QCOMPARE(e.verdict, Store::Verdict::Invalid);
        QVERIFY2(e.verdictReason.startsWith(QStringLiteral("signature mismatch")),
                 qPrintable(e.verdictReason));
        QCOMPARE(e.response->status, 403);
        QCOMPARE(e.requestBody.bytes, sample.body);
    }

    void unsignedRequestWithExpectContinueIsRefusedBeforeItsBody()
    {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, m_proxy->port());
        QVERIFY(client.waitForConnected(5000));
        client.write(
            "POST /webhooks/sentry HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += client.readAll();
                return answer.contains("\r\n\r\n") && answer.contains("missing signature");
            },
            10'000));
        QVERIFY2(answer.startsWith("HTTP/1.1 403"), answer.constData());
        QVERIFY(!answer.contains("100 Continue"));
        const auto exchanges = recorded(1);
        QCOMPARE(m_upstream->requests().size(), 0);
        QCOMPARE(exchanges.size(), 1);
        QVERIFY(exchanges.first().blocked);
        QVERIFY(
            exchanges.first().verdictReason.startsWith(QStringLiteral("missing signature header")));
    }

    void staleDeliveryIsBlockedWithItsReason()
    {
        const auto sample =
            Webhooks::buildSample(QStringLiteral("sentry"), QStringLiteral("comment.created"),
                                  Secret, QDateTime::currentSecsSinceEpoch() - 3600)
                .value();
        const auto response = send(sample);
        QVERIFY(response);
        QCOMPARE(response->head.status, 403);
        const auto exchanges = recorded(1);
        QCOMPARE(exchanges.size(), 1);
        QVERIFY2(exchanges.first().verdictReason.startsWith(
                     QStringLiteral("timestamp outside tolerance")),
                 qPrintable(exchanges.first().verdictReason));
    }

    void theSecretNeverReachesTheDatabase()
    {
        send(sentrySample(QStringLiteral("issue.created")));
        auto bad = sentrySample(QStringLiteral("issue.created"));
        bad.body += ' ';
        send(bad);
        auto trimmed = sentrySample(QStringLiteral("issue.created"));
        trimmed.head.headers.set("Sentry-Hook-Signature", QByteArray(64, 'e'));
        send(trimmed);
        QCOMPARE(recorded(3).size(), 3);
        m_proxy.reset();
        m_writer.reset(); // closes the database: everything is in the main file or its WAL
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QFile file(dbPath() + suffix);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(Secret), qPrintable(file.fileName()));
            QVERIFY(!bytes.contains(Secret.left(20)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSignatureProxy)
#include "tst_signatureproxy.moc"
