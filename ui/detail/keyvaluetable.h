#pragma once

#include <QTableView>

namespace Hookscope::Gui {

// A table of name/value rows (a KeyValueModel) that copies "name: value" lines: Ctrl+C and the
// context menu copy the selected rows, "Copy all" every row.
class KeyValueTable : public QTableView
{
    Q_OBJECT
public:
    explicit KeyValueTable(QWidget *parent = nullptr);

    void copySelection() const;
    void copyAll() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
};

} // namespace Hookscope::Gui
