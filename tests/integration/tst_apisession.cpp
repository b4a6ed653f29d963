#include "testupstream.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <nlohmann/json.hpp>

using namespace Hookscope;
using nlohmann::json;

namespace {

struct CurlResult
{
    int exitCode = -1;
    QByteArray out;
};

// The way a script written for ngrok's agent API talks to it: curl.
CurlResult curl(const QStringList &arguments)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("curl"), QStringList{QStringLiteral("-sS")} + arguments);
    if (!finished.wait(10000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.readAllStandardOutput()};
}

} // namespace

// `hookscope http` serves the inspection API next to the proxy: a script lists, replays and
// clears captures over HTTP, as it would with ngrok's agent at 127.0.0.1:4040.
class TestApiSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scriptListsReplaysAndClears()
    {
        Testing::TestUpstream upstream;
        QVERIFY(upstream.listen());
        QTemporaryDir dir;
        QProcess hookscope;
        hookscope.start(QStringLiteral(HOOKSCOPE_BINARY),
                        {QStringLiteral("http"), upstream.url(), QStringLiteral("--headless"),
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--web-addr"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--max-body-size"), QStringLiteral("20"),
                         QStringLiteral("--db"), dir.filePath(QStringLiteral("c.sqlite"))});
        QVERIFY(hookscope.waitForStarted());
        QByteArray banner;
        QTRY_VERIFY2_WITH_TIMEOUT(
            (banner += hookscope.readAllStandardOutput()).contains("/api/requests/http"),
            hookscope.readAllStandardError().constData(), 10000);
        const auto proxyPort =
            QRegularExpression(QStringLiteral("Forwarding\\s+http://127.0.0.1:(\\d+)"))
                .match(QString::fromUtf8(banner));
        const auto apiMatch =
            QRegularExpression(QStringLiteral("(http://127.0.0.1:\\d+)/api/requests/http"))
                .match(QString::fromUtf8(banner));
        QVERIFY2(proxyPort.hasMatch() && apiMatch.hasMatch(), banner.constData());
        const QString api = apiMatch.captured(1) + QStringLiteral("/api/requests/http");

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, proxyPort.captured(1).toUShort());
        QVERIFY(client.waitForConnected(5000));
        client.write("POST /hooks/sentry HTTP/1.1\r\nHost: hooks.example.com\r\n"
                     "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                     "{\"action\":1}\n");
        QTRY_COMPARE_WITH_TIMEOUT(upstream.requests().size(), 1, 5000);

        // List: the capture shows up once committed.
        json list;
        QTRY_VERIFY_WITH_TIMEOUT((list = json::parse(curl({api}).out.toStdString(), nullptr, false))
                                         .value("requests", json::array())
                                         .size() == 1,
                                 5000);
        const std::string id = list["requests"][0]["id"];
        QCOMPARE(list["requests"][0]["request"]["uri"].get<std::string>(), "/hooks/sentry");

        // Replay (through the Replayer, as `hookscope replay` does): 204, the upstream gets the
        // request again with the same head (X-Forwarded-For names the original client too), a
        // linked capture appears.
        const CurlResult replay =
            curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                  QStringLiteral("%{http_code}"), QStringLiteral("-H"),
                  QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                  QStringLiteral("{\"id\":\"%1\"}").arg(QString::fromStdString(id)), api});
        QCOMPARE(replay.out, QByteArray("204"));
        QTRY_COMPARE_WITH_TIMEOUT(upstream.requests().size(), 2, 5000);
        QCOMPARE(upstream.requests().at(1).body, upstream.requests().at(0).body);
        QCOMPARE(upstream.requests().at(1).head.headers, upstream.requests().at(0).head.headers);
        QTRY_VERIFY_WITH_TIMEOUT((list = json::parse(curl({api}).out.toStdString(), nullptr, false))
                                         .value("requests", json::array())
                                         .size() == 2,
                                 5000);
        QCOMPARE(list["requests"][0]["replay_of"].get<std::string>(), id);
        const std::string replayId = list["requests"][0]["id"];
        QVERIFY(replayId != id);

        // A capture whose body was stored truncated is refused at once, with the way out.
        client.write("POST /hooks/big HTTP/1.1\r\nHost: hooks.example.com\r\n"
                     "Content-Length: 30\r\n\r\n012345678901234567890123456789");
        QTRY_VERIFY_WITH_TIMEOUT((list = json::parse(curl({api}).out.toStdString(), nullptr, false))
                                         .value("requests", json::array())
                                         .size() == 3,
                                 5000);
        const CurlResult refused =
            curl({QStringLiteral("-w"), QStringLiteral("\n%{http_code}"), QStringLiteral("-H"),
                  QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                  QStringLiteral("{\"id\":\"%1\"}")
                      .arg(QString::fromStdString(list["requests"][0]["id"])),
                  api});
        QVERIFY2(refused.out.endsWith("\n409"), refused.out.constData());
        QVERIFY2(refused.out.contains("only the first 20 of its 30 body bytes"),
                 refused.out.constData());
        QCOMPARE(upstream.requests().size(), 3);

        // Clear: 204, then nothing is listed.
        const CurlResult cleared = curl({QStringLiteral("-o"), QStringLiteral("/dev/null"),
                                         QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                                         QStringLiteral("-X"), QStringLiteral("DELETE"), api});
        QCOMPARE(cleared.out, QByteArray("204"));
        list = json::parse(curl({api}).out.toStdString(), nullptr, false);
        QVERIFY(list["requests"].empty());

        ::kill(pid_t(hookscope.processId()), SIGTERM);
        QVERIFY(hookscope.waitForFinished(5000));
        QCOMPARE(hookscope.exitCode(), 0);
    }

    void webAddrMustBeLoopback()
    {
        QProcess hookscope;
        hookscope.start(QStringLiteral(HOOKSCOPE_BINARY),
                        {QStringLiteral("http"), QStringLiteral("3000"),
                         QStringLiteral("--headless"), QStringLiteral("--web-addr"),
                         QStringLiteral("0.0.0.0:4040")});
        QVERIFY(hookscope.waitForFinished(5000));
        QCOMPARE(hookscope.exitCode(), 2);
        QVERIFY(hookscope.readAllStandardError().contains("loopback"));
    }
};

QTEST_GUILESS_MAIN(TestApiSession)
#include "tst_apisession.moc"
