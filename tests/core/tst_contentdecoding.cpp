#include "http/contentdecoding.h"
#include "http/contentencoding.h"

#include <QTest>
#include <brotli/encode.h>
#include <zlib.h>

using Hookscope::Http::decodeContent;

namespace {

// windowBits: 15 zlib, -15 raw deflate (which encodeContent does not produce).
QByteArray deflateWith(const QByteArray &input, int windowBits)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(input.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    z.avail_in = uInt(input.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray gzip(const QByteArray &input)
{
    return Hookscope::Http::encodeContent(input, "gzip").value();
}

QByteArray brotli(const QByteArray &input)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(input.size())) + 16;
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, size_t(input.size()),
                          reinterpret_cast<const uint8_t *>(input.data()), &size,
                          reinterpret_cast<uint8_t *>(out.data()));
    out.resize(qsizetype(size));
    return out;
}

QByteArray sample()
{
    QByteArray json = R"({"action":"resolved","data":{"issue":{"id":"1170820242"}}})";
    QByteArray out;
    for (int i = 0; i < 200; ++i)
        out += json;
    return out;
}

} // namespace

class TestContentDecoding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodes_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("coding");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray plain = sample();
        QTest::newRow("gzip") << gzip(plain) << QByteArray("gzip") << plain;
        QTest::newRow("x-gzip, any case") << gzip(plain) << QByteArray(" X-GZIP ") << plain;
        QTest::newRow("deflate as zlib stream")
            << deflateWith(plain, 15) << QByteArray("deflate") << plain;
        QTest::newRow("raw deflate") << deflateWith(plain, -15) << QByteArray("deflate") << plain;
        QTest::newRow("br") << brotli(plain) << QByteArray("br") << plain;
        QTest::newRow("gzip then br") << brotli(gzip(plain)) << QByteArray("gzip, br") << plain;
        QTest::newRow("br then deflate, identity between")
            << deflateWith(brotli(plain), 15) << QByteArray("br, identity,deflate") << plain;
        QTest::newRow("identity") << plain << QByteArray("identity") << plain;
        QTest::newRow("none") << plain << QByteArray() << plain;
        QTest::newRow("two gzip members")
            << gzip("first,") + gzip("second") << QByteArray("gzip") << QByteArray("first,second");
        QTest::newRow("gzip with trailing junk")
            << gzip(plain) + QByteArray("\r\n\0\0", 4) << QByteArray("gzip") << plain;
        QTest::newRow("empty gzip") << gzip({}) << QByteArray("gzip") << QByteArray("");
    }
    void decodes()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, coding);
        QFETCH(QByteArray, expected);
        const auto decoded = decodeContent(encoded, coding);
        QVERIFY2(decoded, qPrintable(decoded.error()));
        QCOMPARE(decoded->bytes, expected);
        QVERIFY(!decoded->truncated);
        QVERIFY(!decoded->incomplete);
    }

    void reportsTheCodingsUndone()
    {
        const auto decoded = decodeContent(brotli(gzip(sample())), "gzip, br");
        QVERIFY(decoded);
        QCOMPARE(decoded->codings, (QList<QByteArray>{"gzip", "br"}));
    }

    void capsTheOutput()
    {
        const QByteArray plain = sample();
        for (const QByteArray &coding : {QByteArray("gzip"), QByteArray("br")}) {
            const QByteArray encoded = coding == "br" ? brotli(plain) : gzip(plain);
            const auto decoded = decodeContent(encoded, coding, 1000);
            QVERIFY2(decoded, qPrintable(decoded.error()));
            QCOMPARE(decoded->bytes, plain.left(1000));
            QVERIFY(decoded->truncated);
        }
        const auto identity = decodeContent(plain, {}, 10);
        QVERIFY(identity);
        QCOMPARE(identity->bytes, plain.left(10));
        QVERIFY(identity->truncated);
    }

    void truncatedInputGivesItsDecodedPrefix()
    {
        // Varied text, so that half of the encoded stream holds a good part of the output.
        QByteArray plain;
        for (int i = 0; i < 20000; ++i)
            plain += QByteArray::number(qint64(i) * 2654435761 % 1000003) + ',';
        for (const QByteArray &coding : {QByteArray("gzip"), QByteArray("br")}) {
            const QByteArray encoded = coding == "br" ? brotli(plain) : gzip(plain);
            const auto decoded = decodeContent(encoded.left(encoded.size() / 2), coding);
            QVERIFY2(decoded, qPrintable(decoded.error()));
            QVERIFY(decoded->incomplete);
            QVERIFY(!decoded->bytes.isEmpty());
            QVERIFY(plain.startsWith(decoded->bytes));
        }
    }

    void encodesWhatItDecodes()
    {
        const QByteArray plain = sample();
        for (const QByteArray &coding :
             {QByteArray("gzip"), QByteArray("deflate"), QByteArray("identity")}) {
            const auto encoded = Hookscope::Http::encodeContent(plain, coding);
            QVERIFY2(encoded, qPrintable(encoded.error()));
            QCOMPARE(decodeContent(*encoded, coding)->bytes, plain);
        }
        const auto br = Hookscope::Http::encodeContent(plain, "br");
        QVERIFY(!br);
        QVERIFY2(br.error().contains("'br'"), qPrintable(br.error()));
    }

    void refusesUnknownCodings()
    {
        const auto decoded = decodeContent("abc", "zstd");
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().contains("'zstd'"), qPrintable(decoded.error()));
        QVERIFY(!Hookscope::Http::canDecode("zstd"));
        QVERIFY(Hookscope::Http::canDecode("BR"));
    }

    void refusesCorruptData_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::newRow("gzip") << QByteArray("gzip");
        QTest::newRow("deflate") << QByteArray("deflate");
        QTest::newRow("br") << QByteArray("br");
    }
    void refusesCorruptData()
    {
        QFETCH(QByteArray, coding);
        QByteArray junk(300, '\xff');
        const auto decoded = decodeContent(junk, coding);
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().contains(QString::fromLatin1(coding)),
                 qPrintable(decoded.error()));
    }
};

QTEST_GUILESS_MAIN(TestContentDecoding)
#include "tst_contentdecoding.moc"
