#include "bodyview.h"

#include "format/displayformat.h"
#include "spanhighlighter.h"
#include "textviewer.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

QString kindName(BodyKind kind)
{
    switch (kind) {
    case BodyKind::Empty:
        return QStringLiteral("Empty");
    case BodyKind::Json:
        return QStringLiteral("JSON");
    case BodyKind::Xml:
        return QStringLiteral("XML");
    case BodyKind::Text:
        return QStringLiteral("Text");
    case BodyKind::Image:
        return QStringLiteral("Image");
    case BodyKind::Binary:
        return QStringLiteral("Binary");
    }
    return {};
}

// A thin bar with a message and an action, tinted with one of the palette's roles.
QWidget *makeBar(QLabel *&label, QWidget *parent)
{
    auto *bar = new QWidget(parent);
    bar->setAutoFillBackground(true);
    bar->setBackgroundRole(QPalette::AlternateBase);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 3, 6, 3);
    label = new QLabel(bar);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(label, 1);
    return bar;
}

} // namespace

BodyView::BodyView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 3, 3, 3);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("bodyInfo"));
    top->addWidget(m_info, 1);
    m_wrap = new QToolButton(this);
    m_wrap->setText(QStringLiteral("Wrap"));
    m_wrap->setToolTip(QStringLiteral("Wrap long lines"));
    m_wrap->setCheckable(true);
    m_wrap->setAutoRaise(true);
    top->addWidget(m_wrap);
    m_copy = new QToolButton(this);
    m_copy->setText(QStringLiteral("Copy"));
    m_copy->setToolTip(QStringLiteral("Copy the body (decoded) to the clipboard"));
    m_copy->setAutoRaise(true);
    top->addWidget(m_copy);
    layout->addLayout(top);

    m_notes = new QLabel(this);
    m_notes->setWordWrap(true);
    m_notes->setContentsMargins(6, 0, 6, 3);
    m_notes->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_notes);

    m_errorBar = makeBar(m_errorText, this);
    auto *goToError = new QPushButton(QStringLiteral("Go to error"), m_errorBar);
    m_errorBar->layout()->addWidget(goToError);
    layout->addWidget(m_errorBar);

    m_stack = new QStackedWidget(this);
    m_text = new QPlainTextEdit(m_stack);
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setFrameShape(QFrame::NoFrame);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_highlighter = new SpanHighlighter(m_text->document());
    m_highlighter->setPalette(palette());
    m_stack->addWidget(m_text);
    m_largeText = new TextViewer(m_stack);
    m_largeText->setFormats(spanFormats(palette()));
    m_stack->addWidget(m_largeText);
    m_imageArea = new QScrollArea(m_stack);
    m_imageArea->setAlignment(Qt::AlignCenter);
    m_imageArea->setFrameShape(QFrame::NoFrame);
    m_image = new QLabel;
    m_imageArea->setWidget(m_image);
    m_stack->addWidget(m_imageArea);
    m_placeholder = new QLabel(m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_placeholder);
    layout->addWidget(m_stack, 1);

    m_clipBar = makeBar(m_clipText, this);
    auto *showAll = new QPushButton(QStringLiteral("Show all"), m_clipBar);
    m_clipBar->layout()->addWidget(showAll);
    layout->addWidget(m_clipBar);

    connect(m_wrap, &QToolButton::toggled, this, [this](bool on) {
        m_text->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(m_copy, &QToolButton::clicked, this, &BodyView::copyToClipboard);
    connect(goToError, &QPushButton::clicked, this, &BodyView::goToError);
    connect(showAll, &QPushButton::clicked, this, &BodyView::showAllRequested);
    clear();
}

void BodyView::clear()
{
    m_body = {};
    m_info->clear();
    m_notes->hide();
    m_errorBar->hide();
    m_clipBar->hide();
    m_copy->setEnabled(false);
    m_placeholder->setText(QString());
    m_stack->setCurrentWidget(m_placeholder);
    m_highlighter->setSpans({});
    m_text->clear();
    m_largeText->setText({});
    m_wrap->setEnabled(true);
    m_image->clear();
}

void BodyView::showPending()
{
    clear();
    m_placeholder->setText(QStringLiteral("Formatting…"));
}

void BodyView::showBody(FormattedBody body)
{
    m_body = std::move(body);
    const FormattedBody &b = m_body;
    QString info = kindName(b.kind);
    if (b.kind != BodyKind::Empty)
        info += QStringLiteral(" · ") + formatSize(b.decoded.size());
    if (!b.mediaType.isEmpty())
        info += QStringLiteral(" · ") + b.mediaType;
    m_info->setText(info);
    m_notes->setText(b.notes.join(u'\n'));
    m_notes->setVisible(!b.notes.isEmpty());
    m_copy->setEnabled(b.kind != BodyKind::Empty);

    if (b.formatted.error) {
        const SyntaxError &e = *b.formatted.error;
        m_errorText->setText(QStringLiteral("%1 syntax error at line %2, column %3: %4")
                                 .arg(kindName(b.kind))
                                 .arg(e.line)
                                 .arg(e.column)
                                 .arg(e.message));
    }
    m_errorBar->setVisible(b.formatted.error.has_value());

    if (b.clipped) {
        m_clipText->setText(
            b.kind == BodyKind::Binary
                ? QStringLiteral("The dump shows the first part of %1.")
                      .arg(formatSize(b.clippedFrom))
                : QStringLiteral("Showing the first part of %1.").arg(formatSize(b.clippedFrom)));
    }
    m_clipBar->setVisible(b.clipped);

    switch (b.kind) {
    case BodyKind::Empty:
        m_placeholder->setText(QStringLiteral("No body"));
        m_stack->setCurrentWidget(m_placeholder);
        break;
    case BodyKind::Image:
        m_image->setPixmap(QPixmap::fromImage(b.image));
        m_image->adjustSize();
        m_stack->setCurrentWidget(m_imageArea);
        break;
    default:
        if (b.formatted.text.size() > largeText) {
            // QPlainTextEdit lays out every line of what it is given; this does not.
            m_largeText->setText(b.formatted.text, b.formatted.spans);
            m_stack->setCurrentWidget(m_largeText);
            m_wrap->setEnabled(false);
            m_wrap->setToolTip(QStringLiteral("Bodies this large are shown without wrapping"));
        } else {
            m_highlighter->setSpans(b.formatted.spans);
            m_text->setPlainText(b.formatted.text);
            m_stack->setCurrentWidget(m_text);
            m_wrap->setToolTip(QStringLiteral("Wrap long lines"));
        }
        break;
    }
}

QString BodyView::shownText() const
{
    if (m_stack->currentWidget() == m_largeText)
        return m_largeText->text();
    return m_stack->currentWidget() == m_text ? m_text->toPlainText() : QString();
}

bool BodyView::showsImage() const
{
    return m_stack->currentWidget() == m_imageArea;
}

bool BodyView::showsLargeText() const
{
    return m_stack->currentWidget() == m_largeText;
}

void BodyView::copyToClipboard() const
{
    QClipboard *clipboard = QApplication::clipboard();
    switch (m_body.kind) {
    case BodyKind::Empty:
        break;
    case BodyKind::Image:
        clipboard->setImage(m_body.image);
        break;
    case BodyKind::Binary:
        clipboard->setText(m_body.formatted.text);
        break;
    default:
        clipboard->setText(QString::fromUtf8(m_body.decoded));
        break;
    }
}

void BodyView::goToError()
{
    if (!m_body.formatted.error)
        return;
    if (showsLargeText()) {
        const int at = m_body.formatted.error->position;
        m_largeText->select(at, at + 1);
        m_largeText->setFocus();
        return;
    }
    QTextCursor cursor(m_text->document());
    cursor.setPosition(
        std::min(m_body.formatted.error->position, m_text->document()->characterCount() - 1));
    m_text->setTextCursor(cursor);
    m_text->centerCursor();
    m_text->setFocus();
}

void BodyView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        m_largeText->setFormats(spanFormats(palette()));
    }
    QWidget::changeEvent(event);
}

} // namespace Hookscope::Gui
