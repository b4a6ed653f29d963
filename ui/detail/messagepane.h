#pragma once

#include "messagerenderjob.h"
#include "store/exchange.h"

#include <QThreadPool>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace Hookscope::Gui {

class BodyView;
class KeyValueModel;
class KeyValueTable;
class SummaryView;

enum class MessageSide { Request, Response };

// One side of an exchange in four tabs: Summary, Headers, Body, Raw. The cheap parts are filled at
// once; the body and raw text are formatted on a pool thread and arrive with rendered().
class MessagePane : public QWidget
{
    Q_OBJECT
public:
    explicit MessagePane(MessageSide side, QWidget *parent = nullptr);
    ~MessagePane() override;

    void showExchange(const Store::Exchange &exchange);
    // Nothing selected: an explanation in place of the tabs' content.
    void showNothing(const QString &why);

    MessageSide side() const { return m_side; }
    QTabWidget *tabs() const { return m_tabs; }
    SummaryView *summary() const { return m_summary; }
    KeyValueModel *headersModel() const { return m_headersModel; }
    BodyView *body() const { return m_body; }
    QString rawText() const;
    bool isRendering() const { return m_rendering; }

    // Copies the decoded body, the headers as "Name: value" lines, or the whole raw message.
    void copyBody() const;
    void copyHeaders() const;

Q_SIGNALS:
    // The Body and Raw tabs show the current exchange.
    void rendered();

private:
    void render(BodyFormatOptions options);
    void fillRequest(const Store::Exchange &e);
    void fillResponse(const Store::Exchange &e);

    MessageSide m_side;
    QTabWidget *m_tabs = nullptr;
    SummaryView *m_summary = nullptr;
    KeyValueModel *m_headersModel = nullptr;
    KeyValueTable *m_headersTable = nullptr;
    BodyView *m_body = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QLabel *m_rawNote = nullptr;
    MessageRenderInput m_input;
    int m_generation = 0;
    bool m_rendering = false;
    QThreadPool m_pool;
};

} // namespace Hookscope::Gui
