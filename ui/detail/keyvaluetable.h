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
    // Keeps the table as tall as its rows (up to `maxRows`, then it scrolls), for tables that sit
    // in a scrolled page rather than filling one.
    void fitHeightToRows(int maxRows);

protected:
    void fitHeight();
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    int m_maxFittedRows = 0;
};

} // namespace Hookscope::Gui
