#include "filterbar.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {
constexpr int typingPauseMs = 250;
}

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 2);
    layout->setSpacing(2);
    auto *row = new QHBoxLayout;
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("filterLine"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(QStringLiteral(
        "Filter (Ctrl+F): text  method:POST  status:4xx  path:/hooks  header:name=value  "
        "verdict:invalid  body:\"words\"  -negates"));
    m_edit->setToolTip(QStringLiteral(
        "Free text searches paths, headers and decoded bodies.\n"
        "Fields: method:POST  status:404, 4xx, none  path:/hooks  header:NAME  header:NAME=VALUE\n"
        "verdict:valid|invalid|blocked|none  body:\"words\"  replay:yes|no\n"
        "Terms combine with AND; a leading '-' negates one. Enter applies at once."));
    row->addWidget(m_edit, 1);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("filterCounts"));
    m_counts->setForegroundRole(QPalette::PlaceholderText);
    row->addWidget(m_counts);
    layout->addLayout(row);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("filterError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_recent = new QStringListModel(this);
    m_completer = new QCompleter(m_recent, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_edit->setCompleter(m_completer);
    m_edit->installEventFilter(this);

    m_pause.setSingleShot(true);
    m_pause.setInterval(typingPauseMs);
    connect(&m_pause, &QTimer::timeout, this, &FilterBar::apply);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { m_pause.start(); });
    // The clear button changes the text without an edit.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            m_pause.start();
    });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        apply();
        remember(text());
    });
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &chosen) {
                m_edit->setText(chosen);
                apply();
                remember(chosen);
            });
}

QString FilterBar::text() const
{
    return m_edit->text().trimmed();
}

void FilterBar::setText(const QString &text)
{
    m_edit->setText(text);
    apply();
}

void FilterBar::apply()
{
    m_pause.stop();
    const QString now = text();
    if (now == m_applied)
        return;
    m_applied = now;
    Q_EMIT filterChanged(now);
}

void FilterBar::setError(const QString &message, qsizetype position, qsizetype length)
{
    QPalette p = m_error->palette();
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    p.setColor(QPalette::WindowText, QColor::fromHsl(0, 200, dark ? 170 : 95));
    m_error->setPalette(p);
    const QString line = m_edit->text();
    const QString part = line.mid(position, std::max<qsizetype>(length, 1));
    m_error->setText(
        part.trimmed().isEmpty()
            ? message
            : QStringLiteral("%1 (at “%2”, column %3)").arg(message, part).arg(position + 1));
    m_error->show();
}

void FilterBar::clearError()
{
    m_error->clear();
    m_error->hide();
}

QString FilterBar::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void FilterBar::setCountsText(const QString &text)
{
    m_counts->setText(text);
}

QStringList FilterBar::recentFilters() const
{
    return m_recent->stringList();
}

void FilterBar::setRecentFilters(const QStringList &filters)
{
    m_recent->setStringList(filters.mid(0, maxRecent));
}

void FilterBar::remember(const QString &filter)
{
    const QString f = filter.trimmed();
    if (f.isEmpty() || m_error->isVisible())
        return;
    QStringList list = m_recent->stringList();
    list.removeAll(f);
    list.prepend(f);
    m_recent->setStringList(list.mid(0, maxRecent));
    Q_EMIT recentFiltersChanged(m_recent->stringList());
}

void FilterBar::focusFilter()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    // Escape empties the line (and shows everything again); Down opens the recent filters.
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && !m_completer->popup()->isVisible() &&
            !m_edit->text().isEmpty()) {
            m_edit->clear();
            apply();
            return true;
        }
        if (key->key() == Qt::Key_Down && !m_completer->popup()->isVisible()) {
            m_completer->setCompletionPrefix(m_edit->text());
            m_completer->complete();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Hookscope::Gui
