#pragma once

#include "format/bodyformatter.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QToolButton;

namespace Hookscope::Gui {

class SpanHighlighter;
class TextViewer;

// Shows one formatted body: coloured text (JSON, XML, plain), a hex dump, or an image, with notes
// on what was done to it, the syntax error's place, and "Show all" when only its start is shown.
class BodyView : public QWidget
{
    Q_OBJECT
public:
    explicit BodyView(QWidget *parent = nullptr);

    void showPending();
    void showBody(FormattedBody body);
    void clear();

    const FormattedBody &body() const { return m_body; }
    QString shownText() const;
    QPlainTextEdit *textEdit() const { return m_text; }
    TextViewer *largeTextView() const { return m_largeText; }
    bool showsImage() const;
    // Texts above this many characters go to a viewer that paints only what is on screen.
    static constexpr qsizetype largeText = 256 * 1024;
    bool showsLargeText() const;
    // Copies the decoded body (the hex dump for binary, the picture for images).
    void copyToClipboard() const;
    // Puts the cursor on the syntax error (the error bar's "Go to error").
    void goToError();

Q_SIGNALS:
    void showAllRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_info = nullptr;
    QToolButton *m_wrap = nullptr;
    QToolButton *m_copy = nullptr;
    QLabel *m_notes = nullptr;
    QWidget *m_errorBar = nullptr;
    QLabel *m_errorText = nullptr;
    QStackedWidget *m_stack = nullptr;
    QPlainTextEdit *m_text = nullptr;
    TextViewer *m_largeText = nullptr;
    QScrollArea *m_imageArea = nullptr;
    QLabel *m_image = nullptr;
    QLabel *m_placeholder = nullptr;
    QWidget *m_clipBar = nullptr;
    QLabel *m_clipText = nullptr;
    SpanHighlighter *m_highlighter = nullptr;
    FormattedBody m_body;
};

} // namespace Hookscope::Gui
