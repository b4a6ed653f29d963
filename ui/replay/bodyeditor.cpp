#include "bodyeditor.h"

#include "detail/spanhighlighter.h"
#include "format/bodyformatter.h"
#include "format/hexdump.h"
#include "format/jsonformatter.h"
#include "jsonlinehighlighter.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBlock>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

QPlainTextEdit *codeEdit(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setTabChangesFocus(true);
    return edit;
}

} // namespace

BodyEditor::BodyEditor(QWidget *parent)
    : QWidget(parent)
{
    m_editor = codeEdit(this);
    m_editor->setObjectName(QStringLiteral("bodyEditor"));
    m_highlighter = new JsonLineHighlighter(this);
    m_highlighter->setPalette(palette());
    m_hex = codeEdit(this);
    m_hex->setObjectName(QStringLiteral("bodyHex"));
    m_hex->setReadOnly(true);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_editor);
    m_stack->addWidget(m_hex);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("bodyStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_layout = new QComboBox(this);
    m_layout->setObjectName(QStringLiteral("jsonLayout"));
    m_layout->addItem(QStringLiteral("Send compact"), int(JsonLayout::Compact));
    m_layout->addItem(QStringLiteral("Send as shown"), int(JsonLayout::AsShown));
    m_layout->setToolTip(QStringLiteral("How an edited JSON body is sent: without whitespace (as "
                                        "Sentry, GitHub and Stripe send it) or as the editor shows "
                                        "it. An unchanged body is always sent as captured."));
    m_format = new QPushButton(QStringLiteral("Format"), this);
    m_format->setToolTip(QStringLiteral("Re-indent the JSON"));
    connect(m_format, &QPushButton::clicked, this, &BodyEditor::prettyPrint);

    auto *below = new QHBoxLayout;
    below->addWidget(m_status, 1);
    below->addWidget(m_format);
    below->addWidget(m_layout);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addLayout(below);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(200);
    connect(&m_validateTimer, &QTimer::timeout, this, &BodyEditor::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        if (m_mode == Mode::Json)
            m_validateTimer.start();
        else
            updateStatus();
        Q_EMIT bodyChanged();
    });
    connect(m_layout, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            Q_EMIT bodyChanged();
    });
}

BodyEditor::~BodyEditor()
{
    // A highlighter takes its colours off the text as it goes, which the editor reports as a
    // change of the text: the owner, itself going away, must not hear of it.
    m_editor->disconnect(this);
    delete m_highlighter;
}

void BodyEditor::setBody(const QByteArray &bytes, QByteArrayView mediaType, bool encoded)
{
    m_loading = true;
    m_original = bytes;
    m_error.reset();
    const BodyKind kind = encoded ? BodyKind::Binary : classifyBody(mediaType, bytes);
    QString text;
    switch (kind) {
    case BodyKind::Json: {
        m_mode = Mode::Json;
        const FormattedText pretty = formatJson(bytes);
        // Invalid JSON is shown as it came, with the error marked.
        text = pretty.error ? QString::fromUtf8(bytes) : pretty.text;
        const std::optional<QByteArray> compact = compactJson(bytes);
        m_layout->setCurrentIndex(compact && *compact == bytes ? 0 : 1);
        break;
    }
    case BodyKind::Image:
    case BodyKind::Binary:
        m_mode = Mode::Binary;
        break;
    case BodyKind::Empty:
    case BodyKind::Xml:
    case BodyKind::Text:
        m_mode = Mode::Text;
        text = QString::fromUtf8(bytes);
        break;
    }
    if (m_mode == Mode::Binary) {
        m_hex->setPlainText(hexDump(bytes));
        m_stack->setCurrentWidget(m_hex);
        m_editor->clear();
    } else {
        // Attached before the text is set, so that it is coloured once.
        m_highlighter->setDocument(m_mode == Mode::Json ? m_editor->document() : nullptr);
        m_editor->setPlainText(text);
        m_stack->setCurrentWidget(m_editor);
    }
    m_shown = m_editor->toPlainText();
    m_layout->setVisible(m_mode == Mode::Json);
    m_format->setVisible(m_mode == Mode::Json);
    m_loading = false;
    if (m_mode == Mode::Json)
        validate();
    else
        updateStatus();
}

bool BodyEditor::isChanged() const
{
    return m_mode != Mode::Binary && m_editor->toPlainText() != m_shown;
}

QByteArray BodyEditor::body() const
{
    if (!isChanged())
        return m_original;
    const QByteArray typed = m_editor->toPlainText().toUtf8();
    if (m_mode == Mode::Json && jsonLayout() == JsonLayout::Compact) {
        if (std::optional<QByteArray> compact = compactJson(typed))
            return *compact;
    }
    return typed;
}

BodyEditor::JsonLayout BodyEditor::jsonLayout() const
{
    return JsonLayout(m_layout->currentData().toInt());
}

void BodyEditor::setJsonLayout(JsonLayout layout)
{
    m_layout->setCurrentIndex(m_layout->findData(int(layout)));
}

void BodyEditor::validateNow()
{
    if (m_validateTimer.isActive()) {
        m_validateTimer.stop();
        validate();
    }
}

void BodyEditor::prettyPrint()
{
    validateNow();
    const FormattedText pretty = formatJson(m_editor->toPlainText().toUtf8());
    if (pretty.error || pretty.text == m_editor->toPlainText())
        return;
    // One undoable edit, so Ctrl+Z brings the text back.
    QTextCursor cursor(m_editor->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(pretty.text);
    validateNow();
}

void BodyEditor::validate()
{
    m_error.reset();
    if (m_mode == Mode::Json) {
        const QString text = m_editor->toPlainText();
        if (!text.trimmed().isEmpty())
            m_error = formatJson(text.toUtf8()).error;
    }
    markError();
    updateStatus();
}

void BodyEditor::markError()
{
    QList<QTextEdit::ExtraSelection> marks;
    if (m_error) {
        // The formatter counts lines and columns in the text it was given: the editor's.
        const QTextBlock block = m_editor->document()->findBlockByNumber(m_error->line - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection mark;
            mark.format = spanFormats(palette())[size_t(SpanKind::Error)];
            mark.cursor = QTextCursor(block);
            const int offset = std::min(m_error->column - 1, int(block.length()) - 1);
            mark.cursor.setPosition(block.position() + std::max(offset, 0));
            if (offset < block.length() - 1)
                mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            else
                mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks.append(mark);
        }
    }
    m_editor->setExtraSelections(marks);
}

void BodyEditor::updateStatus()
{
    const qsizetype size = body().size();
    QString text;
    QPalette::ColorRole role = QPalette::WindowText;
    switch (m_mode) {
    case Mode::Json:
        if (m_error) {
            text = QStringLiteral("Line %1, column %2: %3")
                       .arg(m_error->line)
                       .arg(m_error->column)
                       .arg(m_error->message);
            role = QPalette::BrightText;
        } else {
            text = QStringLiteral("Valid JSON · %L1 bytes").arg(size);
        }
        break;
    case Mode::Text:
        text = QStringLiteral("Text · %L1 bytes").arg(size);
        break;
    case Mode::Binary:
        text = QStringLiteral("Binary or compressed · %L1 bytes, sent as captured (read-only)")
                   .arg(size);
        break;
    }
    if (isChanged())
        text += QStringLiteral(" · edited");
    m_status->setText(text);
    QPalette p = palette();
    if (role == QPalette::BrightText) {
        // The error colour of the syntax highlighting, so it reads on dark and light bases.
        p.setBrush(QPalette::WindowText,
                   spanFormats(palette())[size_t(SpanKind::Error)].underlineColor());
    }
    m_status->setPalette(p);
}

void BodyEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_loading) {
        m_highlighter->setPalette(palette());
        markError();
    }
}

} // namespace Hookscope::Gui
