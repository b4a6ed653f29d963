#pragma once

#include "format/formattedtext.h"

#include <QByteArray>
#include <QTimer>
#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace Hookscope::Gui {

class JsonLineHighlighter;

// The body of a request being edited. JSON is shown pretty-printed, coloured and checked as it is
// typed: where it stops being valid is marked and named by line and column. Other text is edited
// as it is; binary (or content-encoded) bodies are shown as a read-only hex dump and sent as
// captured. An unchanged body is sent byte for byte as captured, whatever is shown.
class BodyEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Json, Text, Binary };
    // How an edited JSON body is sent: without whitespace (as providers that sign compact JSON
    // send it) or as shown in the editor.
    enum class JsonLayout { Compact, AsShown };

    explicit BodyEditor(QWidget *parent = nullptr);
    ~BodyEditor() override;

    // `mediaType` from Content-Type ("application/json"); `encoded` when Content-Encoding is set
    // (the bytes are compressed: only shown, never edited).
    void setBody(const QByteArray &bytes, QByteArrayView mediaType, bool encoded);

    // The bytes to send.
    QByteArray body() const;
    bool isChanged() const;
    Mode mode() const { return m_mode; }
    JsonLayout jsonLayout() const;
    void setJsonLayout(JsonLayout layout);
    // Where the JSON text stops being valid (checked as it is typed, see validateNow()).
    const std::optional<SyntaxError> &jsonError() const { return m_error; }
    // Checks the text now instead of after the typing pause.
    void validateNow();
    // Re-indents the JSON in the editor (it stays as typed when it is not valid).
    void prettyPrint();

    QPlainTextEdit *editor() const { return m_editor; }
    JsonLineHighlighter *highlighter() const { return m_highlighter; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void bodyChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void validate();
    void markError();
    void updateStatus();

    Mode m_mode = Mode::Text;
    QByteArray m_original;
    QString m_shown; // the text as first shown: unchanged means the original bytes go
    std::optional<SyntaxError> m_error;
    QStackedWidget *m_stack = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    JsonLineHighlighter *m_highlighter = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_layout = nullptr;
    QPushButton *m_format = nullptr;
    QTimer m_validateTimer;
    bool m_loading = false;
};

} // namespace Hookscope::Gui
