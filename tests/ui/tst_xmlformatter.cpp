#include "format/xmlformatter.h"

#include <QTest>

using namespace Hookscope::Gui;

class TestXmlFormatter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reindents()
    {
        const FormattedText out = formatXml(
            R"(<?xml version="1.0" encoding="UTF-8"?><note id="1"><to>Tove &amp; co</to><empty/><!-- c --></note>)");
        QVERIFY(!out.error);
        QCOMPARE(out.text, QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                          "<note id=\"1\">\n"
                                          "  <to>Tove &amp; co</to>\n"
                                          "  <empty/>\n"
                                          "  <!-- c -->\n"
                                          "</note>"));
    }

    void spansColourNamesAndValues()
    {
        const FormattedText out = formatXml(R"(<a href="x"><b/></a>)");
        QList<QPair<QString, SpanKind>> seen;
        for (const SyntaxSpan &s : out.spans)
            seen.append({out.text.mid(s.start, s.length), s.kind});
        const QList<QPair<QString, SpanKind>> expected{{"a", SpanKind::Tag},
                                                       {"href", SpanKind::Attribute},
                                                       {"\"x\"", SpanKind::Value},
                                                       {"b", SpanKind::Tag},
                                                       {"a", SpanKind::Tag}};
        QCOMPARE(seen, expected);
    }

    void keepsNamespaces()
    {
        const FormattedText out =
            formatXml(R"(<s:Envelope xmlns:s="urn:x"><s:Body/></s:Envelope>)");
        QVERIFY(!out.error);
        QCOMPARE(out.text,
                 QStringLiteral("<s:Envelope xmlns:s=\"urn:x\">\n  <s:Body/>\n</s:Envelope>"));
    }

    void marksTheError()
    {
        const QByteArray source = "<a>\n  <b></c>\n</a>";
        const FormattedText out = formatXml(source);
        QVERIFY(out.error);
        QCOMPARE(out.text, QString::fromUtf8(source));
        QCOMPARE(out.error->line, 2);
        QVERIFY(!out.error->message.isEmpty());
        QCOMPARE(out.spans.size(), 1);
        QCOMPARE(out.spans.first().kind, SpanKind::Error);
        // The mark sits on the second line, within the mismatched closing tag.
        const int lineStart = int(out.text.indexOf(u'\n')) + 1;
        QVERIFY(out.error->position >= lineStart + 5);
        QVERIFY(out.error->position <= lineStart + 9);
    }
};

QTEST_GUILESS_MAIN(TestXmlFormatter)
#include "tst_xmlformatter.moc"
