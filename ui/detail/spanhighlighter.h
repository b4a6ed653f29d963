#pragma once

#include "format/formattedtext.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <array>

class QPalette;

namespace Hookscope::Gui {

using SpanFormats = std::array<QTextCharFormat, int(SpanKind::Error) + 1>;

// The look of each span kind, derived from a palette (light colours on a dark base).
SpanFormats spanFormats(const QPalette &palette);

// Colours a document from spans computed elsewhere (off the UI thread): each block takes the
// spans that overlap it, found by binary search, so highlighting costs what is shown.
class SpanHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SpanHighlighter(QTextDocument *document);

    // Set before the document's text, so the text is highlighted once.
    void setSpans(QList<SyntaxSpan> spans);
    // Derives the colours from the palette; call again when it changes.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QList<SyntaxSpan> m_spans;
    SpanFormats m_formats;
};

} // namespace Hookscope::Gui
