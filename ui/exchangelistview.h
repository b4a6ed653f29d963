#pragma once

#include <QTableView>

namespace Hookscope::Gui {

class ExchangeListModel;

// The exchange list: fixed-height rows (cheap at a million), a header menu to choose columns,
// and auto-follow: while the view sits at the newest end, new captures stay in sight; once the
// user has scrolled away, the rows under the pointer stay where they are.
class ExchangeListView : public QTableView
{
    Q_OBJECT
public:
    explicit ExchangeListView(QWidget *parent = nullptr);

    void setListModel(ExchangeListModel *model);
    ExchangeListModel *listModel() const { return m_model; }

    // The ids of the selected rows, in row order.
    QList<qint64> selectedIds() const;
    qint64 currentId() const;
    // Selects the row of this id and scrolls to it; false when it is not listed.
    bool selectId(qint64 id);

    // What to say in the empty list.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

    // Whether the view follows new captures (it is at the newest end).
    bool isFollowing() const;

    QByteArray saveColumns() const;
    bool restoreColumns(const QByteArray &state);
    void resetColumns();

Q_SIGNALS:
    void deleteRequested();
    void copyRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void showHeaderMenu(const QPoint &pos);
    void beforeInsert();
    void afterInsert(int first, int last);

    ExchangeListModel *m_model = nullptr;
    QString m_placeholder;
    bool m_followBeforeInsert = true;
    int m_scrollBeforeInsert = 0;
};

} // namespace Hookscope::Gui
