#include "spanhighlighter.h"

#include <QPalette>
#include <QTextBlock>
#include <algorithm>

namespace Hookscope::Gui {

SpanFormats spanFormats(const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    const auto colour = [dark](int hue, int saturation) {
        return QColor::fromHsl(hue, saturation, dark ? 175 : 85);
    };
    SpanFormats formats;
    const auto format = [&](SpanKind kind, const QColor &c) {
        QTextCharFormat f;
        f.setForeground(c);
        formats[size_t(kind)] = f;
    };
    format(SpanKind::Key, colour(210, 150));
    format(SpanKind::String, colour(120, 140));
    format(SpanKind::Number, colour(28, 200));
    format(SpanKind::Keyword, colour(285, 130));
    format(SpanKind::Tag, colour(210, 150));
    format(SpanKind::Attribute, colour(28, 200));
    format(SpanKind::Value, colour(120, 140));
    QColor muted = palette.color(QPalette::Text);
    muted.setAlphaF(0.6f);
    format(SpanKind::Comment, muted);
    QTextCharFormat error;
    error.setBackground(QColor::fromHsl(0, 200, dark ? 90 : 200));
    error.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    error.setUnderlineColor(QColor::fromHsl(0, 220, 120));
    formats[size_t(SpanKind::Error)] = error;
    return formats;
}

SpanHighlighter::SpanHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void SpanHighlighter::setSpans(QList<SyntaxSpan> spans)
{
    m_spans = std::move(spans);
}

void SpanHighlighter::setPalette(const QPalette &palette)
{
    m_formats = spanFormats(palette);
    rehighlight();
}

void SpanHighlighter::highlightBlock(const QString &text)
{
    if (m_spans.isEmpty())
        return;
    const int blockStart = currentBlock().position();
    const int blockEnd = blockStart + int(text.size());
    auto it =
        std::lower_bound(m_spans.cbegin(), m_spans.cend(), blockStart,
                         [](const SyntaxSpan &s, int pos) { return s.start + s.length <= pos; });
    for (; it != m_spans.cend() && it->start < blockEnd; ++it) {
        const int from = std::max(it->start, blockStart);
        const int to = std::min(it->start + it->length, blockEnd);
        if (to > from)
            setFormat(from - blockStart, to - from, m_formats[size_t(it->kind)]);
    }
}

} // namespace Hookscope::Gui
