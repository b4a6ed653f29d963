#include "xmlformatter.h"

#include <QXmlStreamReader>

namespace Hookscope::Gui {

namespace {

QString escaped(QStringView text, bool attribute)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'&')
            out += QLatin1String("&amp;");
        else if (c == u'<')
            out += QLatin1String("&lt;");
        else if (c == u'>' && !attribute)
            out += QLatin1String("&gt;");
        else if (c == u'"' && attribute)
            out += QLatin1String("&quot;");
        else
            out += c;
    }
    return out;
}

class XmlPrinter
{
public:
    XmlPrinter(QByteArrayView in, int indent)
        : m_source(in)
        , m_reader(in.toByteArray())
        , m_indent(indent)
    {}

    FormattedText run()
    {
        while (!m_reader.atEnd()) {
            switch (m_reader.readNext()) {
            case QXmlStreamReader::StartDocument:
                startDocument();
                break;
            case QXmlStreamReader::StartElement:
                startElement();
                break;
            case QXmlStreamReader::EndElement:
                endElement();
                break;
            case QXmlStreamReader::Characters:
                characters();
                break;
            case QXmlStreamReader::Comment:
                block(QLatin1String("<!--") + m_reader.text() + QLatin1String("-->"));
                break;
            case QXmlStreamReader::DTD:
                block(m_reader.text().toString());
                break;
            case QXmlStreamReader::ProcessingInstruction:
                block(QLatin1String("<?") + m_reader.processingInstructionTarget() + u' ' +
                      m_reader.processingInstructionData() + QLatin1String("?>"));
                break;
            case QXmlStreamReader::EntityReference:
                closePendingStart();
                m_out += u'&' + m_reader.name() + u';';
                m_inlineText = true;
                break;
            default:
                break;
            }
        }
        if (m_reader.hasError())
            return failed();
        FormattedText result;
        result.text = std::move(m_out);
        result.spans = std::move(m_spans);
        return result;
    }

private:
    void startDocument()
    {
        if (m_reader.documentVersion().isEmpty())
            return;
        QString declaration = QLatin1String("<?xml version=\"") + m_reader.documentVersion() + u'"';
        if (!m_reader.documentEncoding().isEmpty())
            declaration += QLatin1String(" encoding=\"") + m_reader.documentEncoding() + u'"';
        if (m_reader.isStandaloneDocument())
            declaration += QLatin1String(" standalone=\"yes\"");
        block(declaration + QLatin1String("?>"));
    }

    void startElement()
    {
        closePendingStart();
        newline();
        m_out += u'<';
        span(m_reader.qualifiedName().toString(), SpanKind::Tag);
        for (const QXmlStreamNamespaceDeclaration &ns : m_reader.namespaceDeclarations()) {
            m_out += u' ';
            span(ns.prefix().isEmpty() ? QStringLiteral("xmlns")
                                       : QLatin1String("xmlns:") + ns.prefix(),
                 SpanKind::Attribute);
            m_out += u'=';
            span(u'"' + escaped(ns.namespaceUri(), true) + u'"', SpanKind::Value);
        }
        for (const QXmlStreamAttribute &a : m_reader.attributes()) {
            m_out += u' ';
            span(a.qualifiedName().toString(), SpanKind::Attribute);
            m_out += u'=';
            span(u'"' + escaped(a.value(), true) + u'"', SpanKind::Value);
        }
        m_startPending = true;
        m_inlineText = false;
        ++m_depth;
    }

    void endElement()
    {
        --m_depth;
        if (m_startPending) {
            m_out += QLatin1String("/>");
            m_startPending = false;
        } else {
            if (!m_inlineText)
                newline();
            m_out += QLatin1String("</");
            span(m_reader.qualifiedName().toString(), SpanKind::Tag);
            m_out += u'>';
        }
        m_inlineText = false;
    }

    void characters()
    {
        if (m_reader.isWhitespace())
            return;
        closePendingStart();
        if (m_reader.isCDATA()) {
            span(QStringLiteral("<![CDATA["), SpanKind::Comment);
            m_out += m_reader.text();
            span(QStringLiteral("]]>"), SpanKind::Comment);
        } else {
            m_out += escaped(m_reader.text().trimmed(), false);
        }
        m_inlineText = true;
    }

    void block(const QString &text)
    {
        closePendingStart();
        newline();
        span(text, SpanKind::Comment);
        m_inlineText = false;
    }

    void closePendingStart()
    {
        if (m_startPending) {
            m_out += u'>';
            m_startPending = false;
        }
    }

    void newline()
    {
        if (!m_out.isEmpty())
            m_out += u'\n';
        m_out += QString(m_depth * m_indent, u' ');
    }

    void span(const QString &text, SpanKind kind)
    {
        m_spans.append({int(m_out.size()), int(text.size()), kind});
        m_out += text;
    }

    // The reader names the line and column where it gave up; show the document as it came, with
    // that character marked, since a partial re-indent would hide where the damage is.
    FormattedText failed() const
    {
        FormattedText result;
        result.text = QString::fromUtf8(m_source);
        SyntaxError error;
        error.message = m_reader.errorString();
        error.line = int(m_reader.lineNumber());
        error.column = int(m_reader.columnNumber()) + 1;
        int position = 0;
        for (int line = 1; line < error.line && position >= 0; ++line) {
            position = int(result.text.indexOf(u'\n', position));
            if (position >= 0)
                ++position;
        }
        position = position < 0 ? int(result.text.size()) : position + error.column - 1;
        error.position = std::min(position, int(result.text.size()));
        // An error found only at the end (a tag left open, a mismatch in the last tag) marks the
        // last character, so that there is something to see.
        if (!result.text.isEmpty())
            result.spans.append(
                {std::min(error.position, int(result.text.size()) - 1), 1, SpanKind::Error});
        result.error = error;
        return result;
    }

    QByteArrayView m_source;
    QXmlStreamReader m_reader;
    int m_indent = 2;
    int m_depth = 0;
    bool m_startPending = false;
    bool m_inlineText = false;
    QString m_out;
    QList<SyntaxSpan> m_spans;
};

} // namespace

FormattedText formatXml(QByteArrayView source, int indent)
{
    return XmlPrinter(source, indent).run();
}

} // namespace Hookscope::Gui
