#include "webhooks/signaturecrypto.h"

#include <QTest>

using namespace Hookscope::Webhooks;

class TestSignatureCrypto : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hmacKnownAnswer()
    {
        // RFC 4231 test case 2.
        QCOMPARE(Crypto::hmac("Jefe", "what do ya want for nothing?").toHex(),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    void constantTimeEquals()
    {
        QVERIFY(Crypto::constantTimeEquals("abc", "abc"));
        QVERIFY(!Crypto::constantTimeEquals("abc", "abd"));
        QVERIFY(!Crypto::constantTimeEquals("abc", "ab"));
        QVERIFY(Crypto::constantTimeEquals("", ""));
        QVERIFY(!Crypto::constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0c", 3)));
    }

    void hexIsStrict_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("lower") << QByteArray("00ff10ab") << true;
        QTest::newRow("upper") << QByteArray("00FF10AB") << true;
        QTest::newRow("short") << QByteArray("00ff10a") << false;
        QTest::newRow("long") << QByteArray("00ff10abcd") << false;
        QTest::newRow("non-hex") << QByteArray("00fg10ab") << false;
        QTest::newRow("space") << QByteArray("00ff 0ab") << false;
        QTest::newRow("prefix") << QByteArray("0x00ff10") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }
    void hexIsStrict()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        const auto decoded = Crypto::decodeHex(text, 4);
        QCOMPARE(decoded.has_value(), ok);
        if (ok)
            QCOMPARE(*decoded, QByteArray::fromHex(text));
    }

    void base64IsStrict_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("bytes");
        QTest::addColumn<bool>("paddingOptional");
        QTest::addColumn<bool>("ok");
        QTest::newRow("canonical") << QByteArray("aGVsbG8=") << 5 << false << true;
        QTest::newRow("wrong length") << QByteArray("aGVsbG8=") << 4 << false << false;
        QTest::newRow("any length") << QByteArray("aGVsbG8=") << -1 << false << true;
        QTest::newRow("unpadded refused") << QByteArray("aGVsbG8") << 5 << false << false;
        QTest::newRow("unpadded allowed") << QByteArray("aGVsbG8") << 5 << true << true;
        QTest::newRow("stray bits") << QByteArray("aGVsbG9=") << 5 << false << false;
        QTest::newRow("url alphabet") << QByteArray("-_-_") << 3 << false << false;
        QTest::newRow("bad char") << QByteArray("aGVs*G8=") << 5 << false << false;
        QTest::newRow("inner space") << QByteArray("aGVs bG8=") << 5 << false << false;
        QTest::newRow("empty") << QByteArray() << -1 << false << false;
    }
    void base64IsStrict()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, bytes);
        QFETCH(bool, paddingOptional);
        QFETCH(bool, ok);
        const auto decoded = Crypto::decodeBase64(text, bytes, paddingOptional);
        QCOMPARE(decoded.has_value(), ok);
        if (ok)
            QCOMPARE(*decoded, QByteArray("hello"));
    }

    void unixSeconds()
    {
        QCOMPARE(Crypto::parseUnixSeconds("1700000000"), std::optional<qint64>(1'700'000'000));
        QCOMPARE(Crypto::parseUnixSeconds("0"), std::optional<qint64>(0));
        QVERIFY(!Crypto::parseUnixSeconds(""));
        QVERIFY(!Crypto::parseUnixSeconds("-1"));
        QVERIFY(!Crypto::parseUnixSeconds("17e8"));
        QVERIFY(!Crypto::parseUnixSeconds("1700000000.5"));
        QVERIFY(!Crypto::parseUnixSeconds(" 1700000000"));
        QVERIFY(!Crypto::parseUnixSeconds("1234567890123"));
    }
};

QTEST_GUILESS_MAIN(TestSignatureCrypto)
#include "tst_signaturecrypto.moc"
