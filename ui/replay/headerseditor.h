#pragma once

#include "http/headers.h"

#include <QWidget>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Hookscope::Gui {

// The header fields of a request as an editable table, in order: edit names and values in place,
// add, remove, and reorder with Move Up/Down or by dragging rows. Content-Length is not edited by
// hand: it follows the body (setBodySize()). Fields the proxy does not forward (hop-by-hop) are
// shown greyed with the reason.
class HeadersEditor : public QWidget
{
    Q_OBJECT
public:
    explicit HeadersEditor(QWidget *parent = nullptr);

    void setHeaders(const Http::Headers &headers);
    // The fields in table order; rows without a name are left out.
    Http::Headers headers() const;
    // Frames the fields for a body of this size (see framedFor()).
    void setBodySize(qsizetype size);

    // Adds a row at the end (or after the current row) and starts editing its name when empty.
    void addField(const QByteArray &name = {}, const QByteArray &value = {});
    void removeCurrent();
    // Moves the current row up (-1) or down (+1).
    void moveCurrent(int delta);

    QTreeWidget *table() const { return m_table; }

Q_SIGNALS:
    void headersChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    QTreeWidgetItem *makeItem(const QByteArray &name, const QByteArray &value) const;
    void restyle();
    void updateButtons();

    QTreeWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_up = nullptr;
    QPushButton *m_down = nullptr;
    qsizetype m_bodySize = 0;
    bool m_restyling = false;
};

} // namespace Hookscope::Gui
