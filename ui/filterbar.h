#pragma once

#include <QStringList>
#include <QTimer>
#include <QWidget>

class QCompleter;
class QLabel;
class QLineEdit;
class QStringListModel;

namespace Hookscope::Gui {

// The filter line above the list: applies what is typed after a short pause (or at once on
// Enter), shows where a filter does not parse, and remembers recent filters for completion.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    QLineEdit *lineEdit() const { return m_edit; }
    QString text() const;
    // Sets the text and applies it at once.
    void setText(const QString &text);

    // The filter does not parse: `message` about the part at [position, position + length).
    void setError(const QString &message, qsizetype position, qsizetype length);
    void clearError();
    QString errorText() const;

    // "matched 12 of 1,000" beside the line.
    void setCountsText(const QString &text);

    QStringList recentFilters() const;
    void setRecentFilters(const QStringList &filters);
    // Puts a filter at the top of the recent ones (at most `maxRecent` are kept).
    void remember(const QString &filter);
    static constexpr int maxRecent = 20;

    // Moves the keyboard focus to the line with its text selected (Ctrl+F).
    void focusFilter();

Q_SIGNALS:
    void filterChanged(const QString &text);
    void recentFiltersChanged(const QStringList &filters);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void apply();

    QLineEdit *m_edit = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_counts = nullptr;
    QStringListModel *m_recent = nullptr;
    QCompleter *m_completer = nullptr;
    QTimer m_pause;
    QString m_applied;
};

} // namespace Hookscope::Gui
