#include "format/bodyformatter.h"

#include <QBuffer>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Gui;

namespace {

Store::CapturedBody stored(const QByteArray &bytes)
{
    return {bytes, bytes.size(), false};
}

} // namespace

class TestBodyFormatter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classifies_data()
    {
        QTest::addColumn<QByteArray>("mediaType");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<BodyKind>("kind");
        QTest::newRow("empty") << QByteArray("application/json") << QByteArray() << BodyKind::Empty;
        QTest::newRow("json") << QByteArray("application/json") << QByteArray("{}")
                              << BodyKind::Json;
        QTest::newRow("vendor json")
            << QByteArray("application/vnd.api+json") << QByteArray("[]") << BodyKind::Json;
        QTest::newRow("unlabelled json")
            << QByteArray() << QByteArray(" {\"a\":1}") << BodyKind::Json;
        QTest::newRow("xml") << QByteArray("text/xml") << QByteArray("<a/>") << BodyKind::Xml;
        QTest::newRow("unlabelled xml")
            << QByteArray() << QByteArray("<?xml version=\"1.0\"?><a/>") << BodyKind::Xml;
        QTest::newRow("html is text")
            << QByteArray("text/html") << QByteArray("<p>hi</p>") << BodyKind::Text;
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                              << QByteArray("a=1") << BodyKind::Text;
        QTest::newRow("binary") << QByteArray("application/octet-stream")
                                << QByteArray("\x00\x01\x02", 3) << BodyKind::Binary;
        QTest::newRow("invalid utf-8")
            << QByteArray("text/plain") << QByteArray("caf\xe9!") << BodyKind::Binary;
        QTest::newRow("broken image")
            << QByteArray("image/png") << QByteArray("nope") << BodyKind::Binary;
    }
    void classifies()
    {
        QFETCH(QByteArray, mediaType);
        QFETCH(QByteArray, bytes);
        QFETCH(BodyKind, kind);
        QCOMPARE(classifyBody(mediaType, bytes), kind);
    }

    void formatsJsonByContentType()
    {
        const Http::Headers headers{{"Content-Type", "application/json; charset=utf-8"}};
        const FormattedBody out = formatBody(headers, stored(R"({"a":1})"));
        QCOMPARE(out.kind, BodyKind::Json);
        QCOMPARE(out.mediaType, QStringLiteral("application/json"));
        QCOMPARE(out.formatted.text, QStringLiteral("{\n  \"a\": 1\n}"));
        QVERIFY(!out.clipped);
        QVERIFY(out.notes.isEmpty());
    }

    void unlabelledTextThatIsNotJsonStaysText()
    {
        const FormattedBody out = formatBody({}, stored("{not json"));
        QCOMPARE(out.kind, BodyKind::Text);
        QCOMPARE(out.formatted.text, QStringLiteral("{not json"));
        QVERIFY(!out.formatted.error);
    }

    void contentEncodingIsUndoneWithANote()
    {
        const QByteArray json = R"({"compressed":true,"n":[1,2,3]})";
        const QByteArray deflated = qCompress(json).sliced(4); // zlib stream: HTTP's "deflate"
        const Http::Headers headers{{"Content-Type", "application/json"},
                                    {"Content-Encoding", "deflate"}};
        const FormattedBody out = formatBody(headers, stored(deflated));
        QCOMPARE(out.kind, BodyKind::Json);
        QCOMPARE(out.decoded, json);
        QVERIFY(out.formatted.text.startsWith(QStringLiteral("{\n  \"compressed\": true")));
        QCOMPARE(out.notes.size(), 1);
        QVERIFY2(out.notes.first().startsWith(QStringLiteral("Decoded from deflate")),
                 qPrintable(out.notes.first()));

        const FormattedBody broken = formatBody(headers, stored("not deflate at all"));
        QVERIFY2(broken.notes.first().startsWith(QStringLiteral("Could not undo")),
                 qPrintable(broken.notes.first()));
        QCOMPARE(broken.decoded, QByteArray("not deflate at all"));
    }

    void truncatedBodyIsNoted()
    {
        Store::CapturedBody body{"{\"a\":[1,2", 20'000'000, true};
        const FormattedBody out = formatBody({{"Content-Type", "application/json"}}, body);
        QCOMPARE(out.kind, BodyKind::Json);
        QVERIFY(out.formatted.error);
        QCOMPARE(out.notes.size(), 1);
        QVERIFY2(out.notes.first().contains(QStringLiteral("20.0 MB")),
                 qPrintable(out.notes.first()));
    }

    void largeTextIsClipped()
    {
        const QByteArray text(10'000, 'x');
        const FormattedBody clipped = formatBody({{"Content-Type", "text/plain"}}, stored(text),
                                                 {.textLimit = 1000, .hexLimit = 0});
        QVERIFY(clipped.clipped);
        QCOMPARE(clipped.formatted.text.size(), 1000);
        QCOMPARE(clipped.clippedFrom, 10'000);
        const FormattedBody all = formatBody({{"Content-Type", "text/plain"}}, stored(text),
                                             {.textLimit = 0, .hexLimit = 0});
        QVERIFY(!all.clipped);
        QCOMPARE(all.formatted.text.size(), 10'000);
    }

    void binaryIsDumped()
    {
        const QByteArray bytes(100'000, '\x01');
        const FormattedBody out = formatBody({}, stored(bytes), {.textLimit = 0, .hexLimit = 32});
        QCOMPARE(out.kind, BodyKind::Binary);
        QCOMPARE(out.formatted.text.count(u'\n'), 2);
        QVERIFY(out.clipped);
    }

    void imageIsLoaded()
    {
        QImage image(7, 5, QImage::Format_RGB32);
        image.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(image.save(&buffer, "PNG"));
        const FormattedBody out = formatBody({{"Content-Type", "image/png"}}, stored(png));
        QCOMPARE(out.kind, BodyKind::Image);
        QCOMPARE(out.image.size(), QSize(7, 5));
        QVERIFY(out.notes.contains(QStringLiteral("7 × 5 pixels")));
    }
};

QTEST_GUILESS_MAIN(TestBodyFormatter)
#include "tst_bodyformatter.moc"
