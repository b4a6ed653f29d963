#include "http/headers.h"

#include <QTest>

using Hookscope::Http::Headers;

class TestHeaders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lookupIgnoresCase()
    {
        Headers h{{"Content-Type", "application/json"}, {"X-Multi", "a"}, {"x-multi", "b"}};
        QCOMPARE(h.value("content-type"), QByteArray("application/json"));
        QCOMPARE(h.values("X-MULTI"), (QList<QByteArray>{"a", "b"}));
        QCOMPARE(h.combined("x-multi"), QByteArray("a, b"));
        QVERIFY(!h.contains("Accept"));
    }
    void setReplacesAllKeepingPosition()
    {
        Headers h{{"A", "1"}, {"B", "2"}, {"a", "3"}};
        h.set("A", "9");
        QCOMPARE(h.fields().size(), 2);
        QCOMPARE(h.fields().at(0).value, QByteArray("9"));
        QCOMPARE(h.fields().at(1).name, QByteArray("B"));
    }
    void tokensInListFields()
    {
        Headers h{{"Connection", "keep-alive, Upgrade"}};
        QVERIFY(h.hasToken("connection", "upgrade"));
        QVERIFY(!h.hasToken("connection", "close"));
    }
    void serializeRoundTripsOrderAndSpelling()
    {
        Headers h{{"X-Lower", "v"}, {"content-length", "3"}, {"X-Lower", "w: colon"}};
        QCOMPARE(Headers::parse(h.serialize()), h);
    }
};

QTEST_GUILESS_MAIN(TestHeaders)
#include "tst_headers.moc"
