#include "textviewer.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>

namespace Hookscope::Gui {

namespace {
constexpr int margin = 4;
}

TextViewer::TextViewer(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
}

int TextViewer::lineHeight() const
{
    return fontMetrics().lineSpacing();
}

int TextViewer::charWidth() const
{
    return std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('0')));
}

void TextViewer::setText(QString text, QList<SyntaxSpan> spans)
{
    m_text = std::move(text);
    m_spans = std::move(spans);
    m_lineStarts.assign(1, 0);
    m_longestLine = 0;
    int previous = 0;
    for (int i = 0; i < m_text.size(); ++i) {
        if (m_text.at(i) == u'\n') {
            m_longestLine = std::max(m_longestLine, i - previous);
            previous = i + 1;
            m_lineStarts.push_back(previous);
        }
    }
    m_longestLine = std::max(m_longestLine, int(m_text.size()) - previous);
    m_anchor = m_cursor = 0;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void TextViewer::setFormats(const std::array<QTextCharFormat, int(SpanKind::Error) + 1> &formats)
{
    m_formats = formats;
    viewport()->update();
}

int TextViewer::lineOf(int position) const
{
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), position);
    return int(it - m_lineStarts.begin()) - 1;
}

int TextViewer::lineLength(int line) const
{
    const int start = m_lineStarts[size_t(line)];
    const int end =
        line + 1 < lineCount() ? m_lineStarts[size_t(line) + 1] - 1 : int(m_text.size());
    return end - start;
}

void TextViewer::updateScrollBars()
{
    const int rows = std::max(1, viewport()->height() / lineHeight());
    verticalScrollBar()->setRange(0, std::max(0, lineCount() - rows));
    verticalScrollBar()->setPageStep(rows);
    verticalScrollBar()->setSingleStep(1);
    const int columns = std::max(1, (viewport()->width() - 2 * margin) / charWidth());
    horizontalScrollBar()->setRange(0, std::max(0, m_longestLine - columns + 1));
    horizontalScrollBar()->setPageStep(columns);
    horizontalScrollBar()->setSingleStep(1);
}

void TextViewer::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TextViewer::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateScrollBars();
    QAbstractScrollArea::changeEvent(event);
}

void TextViewer::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const int height = lineHeight();
    const int width = charWidth();
    const int ascent = fontMetrics().ascent();
    const int firstLine = verticalScrollBar()->value();
    const int firstColumn = horizontalScrollBar()->value();
    const int columns = viewport()->width() / width + 2;
    const int selectionFrom = std::min(m_anchor, m_cursor);
    const int selectionTo = std::max(m_anchor, m_cursor);
    const QColor text = palette().color(QPalette::Text);
    const QColor highlight = palette().color(QPalette::Highlight);
    const QColor highlightedText = palette().color(QPalette::HighlightedText);

    for (int row = 0, line = firstLine; line < lineCount() && row * height < viewport()->height();
         ++row, ++line) {
        const int lineStart = m_lineStarts[size_t(line)];
        const int length = lineLength(line);
        if (firstColumn >= length &&
            !(selectionFrom <= lineStart + length && selectionTo > lineStart + length))
            continue;
        // Only the columns in view are drawn: a megabyte-long line costs one screen width.
        const int from = lineStart + std::min(firstColumn, length);
        const int to = lineStart + std::min(length, firstColumn + columns);
        const int y = row * height;
        const auto xOf = [&](int position) {
            return margin + (position - lineStart - firstColumn) * width;
        };

        if (selectionTo > selectionFrom && selectionFrom <= lineStart + length &&
            selectionTo > lineStart) {
            const int a = std::max(selectionFrom, from);
            const int b = std::min(selectionTo, to);
            const int extra = selectionTo > lineStart + length ? width / 2 : 0; // the newline
            painter.fillRect(QRect(xOf(a), y, (b - a) * width + extra, height), highlight);
        }

        // Walk the spans overlapping [from, to) and draw the runs between them in plain colour.
        auto span = std::lower_bound(
            m_spans.cbegin(), m_spans.cend(), from,
            [](const SyntaxSpan &s, int pos) { return s.start + s.length <= pos; });
        int at = from;
        const auto draw = [&](int a, int b, const QTextCharFormat *format) {
            if (b <= a)
                return;
            for (int i = a; i < b;) {
                // Selected characters take the highlighted text colour.
                const bool selected = i >= selectionFrom && i < selectionTo;
                int j = i + 1;
                while (j < b && (j >= selectionFrom && j < selectionTo) == selected)
                    ++j;
                QColor colour = text;
                if (format && format->hasProperty(QTextFormat::ForegroundBrush))
                    colour = format->foreground().color();
                if (format && format->hasProperty(QTextFormat::BackgroundBrush))
                    painter.fillRect(QRect(xOf(i), y, (j - i) * width, height),
                                     format->background());
                painter.setPen(selected ? highlightedText : colour);
                painter.drawText(xOf(i), y + ascent, m_text.mid(i, j - i));
                i = j;
            }
        };
        for (; span != m_spans.cend() && span->start < to; ++span) {
            const int a = std::max(span->start, from);
            const int b = std::min(span->start + span->length, to);
            draw(at, a, nullptr);
            draw(a, b, &m_formats[size_t(span->kind)]);
            at = std::max(at, b);
        }
        draw(at, to, nullptr);
    }
}

int TextViewer::positionAt(const QPoint &point) const
{
    const int line =
        std::clamp(verticalScrollBar()->value() + point.y() / lineHeight(), 0, lineCount() - 1);
    const int column = std::max(0, horizontalScrollBar()->value() +
                                       (point.x() - margin + charWidth() / 2) / charWidth());
    return m_lineStarts[size_t(line)] + std::min(column, lineLength(line));
}

void TextViewer::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    m_cursor = positionAt(event->position().toPoint());
    if (!(event->modifiers() & Qt::ShiftModifier))
        m_anchor = m_cursor;
    viewport()->update();
}

void TextViewer::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    m_cursor = positionAt(event->position().toPoint());
    const QPoint p = event->position().toPoint();
    if (p.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (p.y() > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    viewport()->update();
}

void TextViewer::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int at = positionAt(event->position().toPoint());
    const auto isWord = [&](int i) {
        return i >= 0 && i < m_text.size() &&
               (m_text.at(i).isLetterOrNumber() || m_text.at(i) == u'_');
    };
    int from = at;
    int to = at;
    while (isWord(from - 1))
        --from;
    while (isWord(to))
        ++to;
    m_anchor = from;
    m_cursor = to;
    viewport()->update();
}

void TextViewer::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy))
        return copy();
    if (event->matches(QKeySequence::SelectAll))
        return selectAll();
    QScrollBar *v = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_Home:
        if (event->modifiers() & Qt::ControlModifier)
            return v->setValue(0);
        return horizontalScrollBar()->setValue(0);
    case Qt::Key_End:
        if (event->modifiers() & Qt::ControlModifier)
            return v->setValue(v->maximum());
        break;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void TextViewer::select(int from, int to)
{
    m_anchor = std::clamp(from, 0, int(m_text.size()));
    m_cursor = std::clamp(to, 0, int(m_text.size()));
    centerOn(m_anchor);
    viewport()->update();
}

QString TextViewer::selectedText() const
{
    const int from = std::min(m_anchor, m_cursor);
    return m_text.mid(from, std::abs(m_cursor - m_anchor));
}

void TextViewer::selectAll()
{
    m_anchor = 0;
    m_cursor = int(m_text.size());
    viewport()->update();
}

void TextViewer::copy() const
{
    if (m_anchor != m_cursor)
        QApplication::clipboard()->setText(selectedText());
}

void TextViewer::centerOn(int position)
{
    const int line = lineOf(std::clamp(position, 0, int(m_text.size())));
    verticalScrollBar()->setValue(line - verticalScrollBar()->pageStep() / 2);
    const int column = position - m_lineStarts[size_t(line)];
    QScrollBar *h = horizontalScrollBar();
    if (column < h->value() || column >= h->value() + h->pageStep())
        h->setValue(column - h->pageStep() / 2);
}

} // namespace Hookscope::Gui
