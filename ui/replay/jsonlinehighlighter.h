#pragma once

#include "detail/spanhighlighter.h"

#include <QSyntaxHighlighter>

class QPalette;

namespace Hookscope::Gui {

// Colours JSON as it is typed, one line at a time: a JSON string cannot hold a raw line break,
// so every line lexes on its own and an edit recolours only its line. A string followed by ':'
// is a member name. Text that is not valid JSON is coloured as far as its tokens go (the editor
// marks the error itself). The colours are those of the detail panes (spanFormats()).
class JsonLineHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonLineHighlighter(QObject *parent = nullptr);

    // Derives the colours from the palette and recolours; call again when it changes.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    SpanFormats m_formats;
};

} // namespace Hookscope::Gui
