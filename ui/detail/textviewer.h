#pragma once

#include "format/formattedtext.h"

#include <QAbstractScrollArea>
#include <QTextCharFormat>
#include <array>
#include <vector>

namespace Hookscope::Gui {

// A read-only view of a large text (megabytes, a million lines) that costs what is on screen:
// it keeps the text and where each line starts, and paints only the visible lines and columns,
// coloured from spans. Selection with mouse and keyboard, Ctrl+A, Ctrl+C. No wrapping; the font
// is the fixed-pitch system font and columns are measured as such.
class TextViewer : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TextViewer(QWidget *parent = nullptr);

    void setText(QString text, QList<SyntaxSpan> spans = {});
    const QString &text() const { return m_text; }
    int lineCount() const { return int(m_lineStarts.size()); }

    // Colours of the span kinds (the body view derives them from the palette).
    void setFormats(const std::array<QTextCharFormat, int(SpanKind::Error) + 1> &formats);

    // Selects [from, to) and scrolls it into view.
    void select(int from, int to);
    QString selectedText() const;
    void selectAll();
    void copy() const;
    // Scrolls so that this character is in the middle of the view.
    void centerOn(int position);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int lineOf(int position) const;
    int lineLength(int line) const;
    int positionAt(const QPoint &viewportPoint) const;
    void updateScrollBars();
    int lineHeight() const;
    int charWidth() const;

    QString m_text;
    std::vector<int> m_lineStarts{0};
    int m_longestLine = 0;
    QList<SyntaxSpan> m_spans;
    std::array<QTextCharFormat, int(SpanKind::Error) + 1> m_formats;
    int m_anchor = 0;
    int m_cursor = 0;
};

} // namespace Hookscope::Gui
