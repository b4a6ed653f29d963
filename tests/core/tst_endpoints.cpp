#include "proxy/endpoints.h"

#include <QTest>

using namespace Hookscope::Proxy;

class TestEndpoints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upstream_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: must be refused
        QTest::newRow("bare port") << "3000"
                                   << "http://127.0.0.1:3000";
        QTest::newRow("host:port") << "localhost:3000"
                                   << "http://localhost:3000";
        QTest::newRow("url") << "http://127.0.0.1:3000"
                             << "http://127.0.0.1:3000";
        QTest::newRow("url with base path") << "http://10.0.0.2:3000/base"
                                            << "http://10.0.0.2:3000/base";
        QTest::newRow("url default port") << "http://app.test"
                                          << "http://app.test:80";
        QTest::newRow("v6") << "[::1]:3000"
                            << "http://[::1]:3000";
        QTest::newRow("port zero") << "0"
                                   << "";
        QTest::newRow("port too big") << "70000"
                                      << "";
        QTest::newRow("https") << "https://example.com"
                               << "";
        QTest::newRow("ftp") << "ftp://example.com"
                             << "";
        QTest::newRow("no port") << "localhost"
                                 << "";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("query") << "http://a:1/?x=1"
                               << "";
    }
    void upstream()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto result = parseUpstream(text);
        if (expected.isEmpty()) {
            QVERIFY(!result.ok());
            QVERIFY2(result.error().contains(u'\'' + text + u'\''), qPrintable(result.error()));
        } else {
            QVERIFY2(result.ok(), qPrintable(result.error()));
            QCOMPARE(result->toString(), expected);
        }
    }
    void listen_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("addr:port") << "127.0.0.1:8080"
                                   << "127.0.0.1:8080";
        QTest::newRow("any") << "0.0.0.0:9000"
                             << "0.0.0.0:9000";
        QTest::newRow("port only") << "8081"
                                   << "127.0.0.1:8081";
        QTest::newRow(":port") << ":8082"
                               << "127.0.0.1:8082";
        QTest::newRow("zero means any free port") << "127.0.0.1:0"
                                                  << "127.0.0.1:0";
        QTest::newRow("localhost") << "localhost:8083"
                                   << "127.0.0.1:8083";
        QTest::newRow("v6") << "[::1]:8084"
                            << "[::1]:8084";
        QTest::newRow("name") << "example.com:80"
                              << "";
        QTest::newRow("bad port") << "127.0.0.1:http"
                                  << "";
        QTest::newRow("no port") << "127.0.0.1"
                                 << "";
    }
    void listen()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto result = parseListenAddress(text);
        if (expected.isEmpty()) {
            QVERIFY(!result.ok());
        } else {
            QVERIFY2(result.ok(), qPrintable(result.error()));
            QCOMPARE(result->toString(), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestEndpoints)
#include "tst_endpoints.moc"
