#include "receiver/samplereceiver.h"

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using Hookscope::Receiver::SampleReceiver;

namespace {

const QByteArray thanks = R"({"message":"Thank you for the message"})";

// Reads until `count` complete responses (each ending in the thanks body) or a 400 answer have
// arrived; count 0 waits for the 400. The event loop runs meanwhile, so the receiver can answer.
QByteArray readResponses(QTcpSocket &socket, int count)
{
    QByteArray got;
    QDeadlineTimer deadline(5000);
    while ((count == 0 || got.count(thanks) < count) && !got.contains("400 Bad Request") &&
           !deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0)
            QSignalSpy(&socket, &QTcpSocket::readyRead).wait(100);
        got += socket.readAll();
    }
    return got;
}

} // namespace

class TestSampleReceiver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_log.clear();
        m_receiver = std::make_unique<SampleReceiver>([this](const QString &t) { m_log += t; });
        QVERIFY(m_receiver->listen(QHostAddress::LocalHost, 0).ok());
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->connectToHost(QHostAddress::LocalHost, m_receiver->port());
        QTRY_COMPARE(m_socket->state(), QAbstractSocket::ConnectedState);
    }

    void logsHeadersAndBodyAndAnswersThanks()
    {
        const QByteArray body = R"({"action":"resolved","data":{"issue":{"id":"42"}}})";
        m_socket->write("POST /webhooks HTTP/1.1\r\nHost: x\r\nSentry-Hook-Resource: issue\r\n"
                        "Content-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const QByteArray got = readResponses(*m_socket, 1);
        QVERIFY2(got.startsWith("HTTP/1.1 200 OK\r\n"), got.constData());
        QVERIFY(got.endsWith(thanks));
        QVERIFY(m_log.contains(QStringLiteral("-------------- New Request --------------")));
        QVERIFY(m_log.contains(QStringLiteral("\"sentry-hook-resource\": \"issue\"")));
        QVERIFY2(m_log.contains(QStringLiteral("\"action\": \"resolved\"")), qPrintable(m_log));
        QCOMPARE(m_receiver->requestsServed(), 1);
    }

    void keepsAliveAndAnswersPipelinedRequestsInOrder()
    {
        m_socket->write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                        "GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray got = readResponses(*m_socket, 3);
        QCOMPARE(got.count("HTTP/1.1 200 OK"), 3);
        QVERIFY(m_log.indexOf(QStringLiteral("GET /a")) < m_log.indexOf(QStringLiteral("POST /b")));
        QVERIFY(m_log.indexOf(QStringLiteral("POST /b")) < m_log.indexOf(QStringLiteral("GET /c")));
        QVERIFY(m_log.contains(QStringLiteral("Body:abc")));
        QCOMPARE(m_socket->state(), QAbstractSocket::ConnectedState);
    }

    void answersContinueBeforeTheBody()
    {
        m_socket->write("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                        "Content-Length: 2\r\n\r\n");
        QVERIFY(QSignalSpy(m_socket.get(), &QTcpSocket::readyRead).wait(3000));
        QCOMPARE(m_socket->readAll(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        m_socket->write("{}");
        QVERIFY(readResponses(*m_socket, 1).startsWith("HTTP/1.1 200 OK"));
    }

    void refusesMalformedRequestsWith400()
    {
        m_socket->write("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n");
        const QByteArray got = readResponses(*m_socket, 0);
        QVERIFY2(got.startsWith("HTTP/1.1 400 Bad Request"), got.constData());
        QCOMPARE(m_receiver->requestsServed(), 0);
    }

    void portInUseSaysSoAndSuggestsAnother()
    {
        SampleReceiver second(nullptr);
        const auto status = second.listen(QHostAddress::LocalHost, m_receiver->port());
        QVERIFY(!status.ok());
        QVERIFY2(status.error().contains(QStringLiteral("address in use (try --port")),
                 qPrintable(status.error()));
    }

private:
    std::unique_ptr<SampleReceiver> m_receiver;
    std::unique_ptr<QTcpSocket> m_socket;
    QString m_log;
};

QTEST_GUILESS_MAIN(TestSampleReceiver)
#include "tst_samplereceiver.moc"
