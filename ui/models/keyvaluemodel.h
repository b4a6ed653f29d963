#pragma once

#include "format/formparams.h"

#include <QAbstractTableModel>
#include <QList>

namespace Hookscope::Gui {

// Name/value rows in their original order: header fields, query or form parameters.
class KeyValueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    KeyValueModel(QString nameTitle, QString valueTitle, QObject *parent = nullptr);

    void setRows(QList<Param> rows);
    const QList<Param> &rows() const { return m_rows; }

    // "name: value" lines, for the clipboard; only `rowNumbers` when given.
    QString toText(const QList<int> &rowNumbers = {}) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString m_nameTitle;
    QString m_valueTitle;
    QList<Param> m_rows;
};

} // namespace Hookscope::Gui
