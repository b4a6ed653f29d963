#include "keyvaluemodel.h"

namespace Hookscope::Gui {

KeyValueModel::KeyValueModel(QString nameTitle, QString valueTitle, QObject *parent)
    : QAbstractTableModel(parent)
    , m_nameTitle(std::move(nameTitle))
    , m_valueTitle(std::move(valueTitle))
{}

void KeyValueModel::setRows(QList<Param> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QString KeyValueModel::toText(const QList<int> &rowNumbers) const
{
    QString text;
    const auto add = [&](const Param &p) {
        text += p.name + QLatin1String(": ") + p.value + u'\n';
    };
    if (rowNumbers.isEmpty()) {
        for (const Param &p : m_rows)
            add(p);
    } else {
        for (const int row : rowNumbers) {
            if (row >= 0 && row < m_rows.size())
                add(m_rows.at(row));
        }
    }
    return text;
}

int KeyValueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyValueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant KeyValueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::EditRole)
        return {};
    const Param &p = m_rows.at(index.row());
    return index.column() == 0 ? p.name : p.value;
}

QVariant KeyValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < 2)
        return section == 0 ? m_nameTitle : m_valueTitle;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace Hookscope::Gui
