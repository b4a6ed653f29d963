#include "jsonlinehighlighter.h"

namespace Hookscope::Gui {

namespace {

bool isNumberChar(QChar c)
{
    return c.isDigit() || c == u'-' || c == u'+' || c == u'.' || c == u'e' || c == u'E';
}

// Past the string that opens at `quote`: after its closing quote, or the end of the line.
qsizetype stringEnd(const QString &text, qsizetype quote)
{
    for (qsizetype i = quote + 1; i < text.size(); ++i) {
        if (text[i] == u'\\')
            ++i;
        else if (text[i] == u'"')
            return i + 1;
    }
    return text.size();
}

bool followedByColon(const QString &text, qsizetype from)
{
    while (from < text.size() && text[from].isSpace())
        ++from;
    return from < text.size() && text[from] == u':';
}

} // namespace

JsonLineHighlighter::JsonLineHighlighter(QObject *parent)
    : QSyntaxHighlighter(parent)
{}

void JsonLineHighlighter::setPalette(const QPalette &palette)
{
    m_formats = spanFormats(palette);
    rehighlight();
}

void JsonLineHighlighter::highlightBlock(const QString &text)
{
    const auto colour = [&](qsizetype from, qsizetype to, SpanKind kind) {
        setFormat(int(from), int(to - from), m_formats[size_t(kind)]);
    };
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        qsizetype end = i + 1;
        if (c == u'"') {
            end = stringEnd(text, i);
            colour(i, end, followedByColon(text, end) ? SpanKind::Key : SpanKind::String);
        } else if (c.isDigit() || c == u'-') {
            while (end < text.size() && isNumberChar(text[end]))
                ++end;
            colour(i, end, SpanKind::Number);
        } else if (c.isLetter()) {
            while (end < text.size() && text[end].isLetterOrNumber())
                ++end;
            const QStringView word = QStringView(text).mid(i, end - i);
            if (word == u"true" || word == u"false" || word == u"null")
                colour(i, end, SpanKind::Keyword);
        }
        i = end;
    }
}

} // namespace Hookscope::Gui
