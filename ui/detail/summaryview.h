#pragma once

#include "format/formparams.h"

#include <QList>
#include <QPair>
#include <QScrollArea>

class QFormLayout;
class QGroupBox;
class QTableView;

namespace Hookscope::Gui {

class KeyValueModel;

// The Summary tab: labelled facts about a message (selectable text), then its query and form
// parameters as tables when it has any.
class SummaryView : public QScrollArea
{
    Q_OBJECT
public:
    explicit SummaryView(QWidget *parent = nullptr);

    void setFields(const QList<QPair<QString, QString>> &fields);
    void setQueryParameters(QList<Param> params);
    void setFormParameters(QList<Param> params, const QString &title);
    void clear();

    // The text shown for a label ("Client"), or a null string when there is no such field.
    QString field(const QString &label) const;
    KeyValueModel *queryModel() const { return m_queryModel; }
    KeyValueModel *formModel() const { return m_formModel; }

private:
    QWidget *m_content = nullptr;
    QFormLayout *m_form = nullptr;
    QList<QPair<QString, QString>> m_fields;
    QGroupBox *m_queryBox = nullptr;
    QGroupBox *m_formBox = nullptr;
    KeyValueModel *m_queryModel = nullptr;
    KeyValueModel *m_formModel = nullptr;
};

} // namespace Hookscope::Gui
