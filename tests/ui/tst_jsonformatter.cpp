#include "format/jsonformatter.h"

#include <QTest>

using namespace Hookscope::Gui;

class TestJsonFormatter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reindents_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("object") << QByteArray(R"({"a":1,"b":[true,null]})")
                                << QStringLiteral(
                                       "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}");
        QTest::newRow("empty containers") << QByteArray(R"({"o":{},"a":[ ]})")
                                          << QStringLiteral("{\n  \"o\": {},\n  \"a\": []\n}");
        QTest::newRow("scalar") << QByteArray(" 42 ") << QStringLiteral("42");
        QTest::newRow("keeps order and spelling")
            << QByteArray(R"({"z":1.50e+3,"a":"caf\u00e9 ☕"})")
            << QStringLiteral("{\n  \"z\": 1.50e+3,\n  \"a\": \"caf\\u00e9 ☕\"\n}");
        QTest::newRow("already pretty")
            << QByteArray("[\n\t1 ,\r\n 2]") << QStringLiteral("[\n  1,\n  2\n]");
    }
    void reindents()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, expected);
        const FormattedText out = formatJson(source);
        QVERIFY2(!out.error, qPrintable(out.error ? out.error->message : QString()));
        QCOMPARE(out.text, expected);
    }

    void compactsBackToTheSameBytes()
    {
        const QByteArray sent = R"({"z":1.50e+3,"a":["caf\u00e9 ☕",{}],"n":null})";
        const FormattedText pretty = formatJson(sent);
        QVERIFY(!pretty.error);
        QCOMPARE(compactJson(pretty.text.toUtf8()), std::optional<QByteArray>(sent));
        QCOMPARE(compactJson(" [ 1 , 2 ]\n"), std::optional<QByteArray>("[1,2]"));
        QCOMPARE(compactJson(R"({"a":1,})"), std::nullopt);
    }

    void spansColourTokens()
    {
        const FormattedText out = formatJson(R"({"id":7,"ok":false,"name":"x"})");
        QList<QPair<QString, SpanKind>> seen;
        for (const SyntaxSpan &s : out.spans)
            seen.append({out.text.mid(s.start, s.length), s.kind});
        const QList<QPair<QString, SpanKind>> expected{
            {"\"id\"", SpanKind::Key},    {"7", SpanKind::Number},     {"\"ok\"", SpanKind::Key},
            {"false", SpanKind::Keyword}, {"\"name\"", SpanKind::Key}, {"\"x\"", SpanKind::String}};
        QCOMPARE(seen, expected);
    }

    void marksTheError_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("marked");
        QTest::newRow("missing comma") << QByteArray("{\"a\": 1\n \"b\": 2}") << 2 << 2 << "\"";
        QTest::newRow("trailing comma") << QByteArray("[1,2,]") << 1 << 6 << "]";
        QTest::newRow("bad literal") << QByteArray("{\"a\": tru}") << 1 << 7 << "t";
        QTest::newRow("after value") << QByteArray("{} x") << 1 << 4 << "x";
        QTest::newRow("bad escape") << QByteArray(R"(["a\q"])") << 1 << 5 << "q";
        QTest::newRow("unicode column") << QByteArray("[\"é\" 1]") << 1 << 6 << "1";
    }
    void marksTheError()
    {
        QFETCH(QByteArray, source);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, marked);
        const FormattedText out = formatJson(source);
        QVERIFY(out.error);
        QCOMPARE(out.error->line, line);
        QCOMPARE(out.error->column, column);
        QCOMPARE(out.text.mid(out.error->position, 1), marked);
        QVERIFY(!out.spans.isEmpty());
        QCOMPARE(out.spans.last().kind, SpanKind::Error);
        QCOMPARE(out.spans.last().start, out.error->position);
        // Nothing of the source is lost: the rest follows the error as it was.
        QVERIFY(out.text.endsWith(QString::fromUtf8(source).right(1)));
    }

    void truncatedDocumentKeepsWhatWasFormatted()
    {
        const FormattedText out = formatJson(R"({"a":[1,2)");
        QVERIFY(out.error);
        QCOMPARE(out.text, QStringLiteral("{\n  \"a\": [\n    1,\n    2"));
        QCOMPARE(out.error->message, QStringLiteral("the JSON text ends too early"));
        QCOMPARE(out.error->position, int(out.text.size()));
    }

    void deepNestingDoesNotRecurse()
    {
        const QByteArray deep = QByteArray(200'000, '[') + QByteArray(200'000, ']');
        const FormattedText out = formatJson(deep, 0);
        QVERIFY(!out.error);
        QVERIFY(out.text.startsWith(QStringLiteral("[\n[")));
    }
};

QTEST_GUILESS_MAIN(TestJsonFormatter)
#include "tst_jsonformatter.moc"
