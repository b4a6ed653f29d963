#include "summaryview.h"

#include "keyvaluetable.h"
#include "models/keyvaluemodel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

QGroupBox *makeParamsBox(const QString &title, KeyValueModel *model, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    auto *table = new KeyValueTable(box);
    table->setModel(model);
    table->fitHeightToRows(12);
    layout->addWidget(table);
    box->hide();
    return box;
}

} // namespace

SummaryView::SummaryView(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    m_content = new QWidget;
    auto *layout = new QVBoxLayout(m_content);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addLayout(m_form);
    m_queryModel = new KeyValueModel(QStringLiteral("Name"), QStringLiteral("Value"), this);
    m_formModel = new KeyValueModel(QStringLiteral("Name"), QStringLiteral("Value"), this);
    m_queryBox = makeParamsBox(QStringLiteral("Query parameters"), m_queryModel, m_content);
    m_formBox = makeParamsBox(QStringLiteral("Form parameters"), m_formModel, m_content);
    layout->addWidget(m_queryBox);
    layout->addWidget(m_formBox);
    layout->addStretch(1);
    setWidget(m_content);
}

void SummaryView::setFields(const QList<QPair<QString, QString>> &fields)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields = fields;
    for (const auto &[label, text] : fields) {
        auto *value = new QLabel(text);
        value->setTextFormat(Qt::PlainText);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        auto *name = new QLabel(label);
        name->setForegroundRole(QPalette::PlaceholderText);
        m_form->addRow(name, value);
    }
}

void SummaryView::setQueryParameters(QList<Param> params)
{
    m_queryBox->setVisible(!params.isEmpty());
    m_queryModel->setRows(std::move(params));
}

void SummaryView::setFormParameters(QList<Param> params, const QString &title)
{
    m_formBox->setTitle(title);
    m_formBox->setVisible(!params.isEmpty());
    m_formModel->setRows(std::move(params));
}

void SummaryView::clear()
{
    setFields({});
    setQueryParameters({});
    setFormParameters({}, QString());
}

QString SummaryView::field(const QString &label) const
{
    for (const auto &[name, text] : m_fields) {
        if (name == label)
            return text;
    }
    return {};
}

} // namespace Hookscope::Gui
