#include "responsediffview.h"

#include "headersbodysplit.h"
#include "replay/linediff.h"
#include "statuspalette.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

using Replay::DiffEntry;

// Backgrounds for added, removed and changed: the status hues, faint over the base colour.
struct DiffColours
{
    QColor added;
    QColor removed;
    QColor changed;
    QColor muted;

    static DiffColours from(const QPalette &palette)
    {
        const StatusPalette status = StatusPalette::from(palette);
        const auto faint = [](QColor c) {
            c.setAlphaF(0.28f);
            return c;
        };
        return {faint(status.success), faint(status.server), faint(status.client), status.muted};
    }
    QColor of(DiffEntry::Kind kind) const
    {
        switch (kind) {
        case DiffEntry::Kind::Added:
            return added;
        case DiffEntry::Kind::Removed:
            return removed;
        case DiffEntry::Kind::Changed:
            break;
        }
        return changed;
    }
};

QTreeWidget *table(const QStringList &labels, QWidget *parent)
{
    auto *t = new QTreeWidget(parent);
    t->setColumnCount(int(labels.size()));
    t->setHeaderLabels(labels);
    t->setRootIsDecorated(false);
    t->setUniformRowHeights(true);
    t->setSelectionMode(QAbstractItemView::ExtendedSelection);
    t->setWordWrap(false);
    t->setTextElideMode(Qt::ElideMiddle);
    t->header()->setSectionResizeMode(QHeaderView::Interactive);
    t->header()->setStretchLastSection(true);
    return t;
}

QString statusText(const Store::Exchange &e)
{
    if (!e.response)
        return QStringLiteral("no response");
    return QStringLiteral("%1 %2")
        .arg(e.response->status)
        .arg(QString::fromLatin1(e.response->reason));
}

QString headerValues(const Http::Headers &headers, const QByteArray &name)
{
    QStringList values;
    for (const QByteArray &v : headers.values(name))
        values.append(QString::fromLatin1(v));
    return values.join(QStringLiteral("\n"));
}

QStringList linesOf(const QByteArray &body)
{
    QStringList lines = QString::fromUtf8(body).split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

ResponseDiffView::ResponseDiffView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("responseDiff"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("diffStatus"));
    m_status->setTextFormat(Qt::RichText);

    m_headers = table(
        {QStringLiteral("Header"), QStringLiteral("Original"), QStringLiteral("Replay")}, this);
    m_headers->setObjectName(QStringLiteral("diffHeaders"));
    m_paths =
        table({QStringLiteral("Path"), QStringLiteral("Original"), QStringLiteral("Replay")}, this);
    m_paths->setObjectName(QStringLiteral("diffPaths"));
    m_lines = new QPlainTextEdit(this);
    m_lines->setObjectName(QStringLiteral("diffLines"));
    m_lines->setReadOnly(true);
    m_lines->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_lines->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_bodyNote = new QLabel(this);
    m_bodyNote->setObjectName(QStringLiteral("diffBodyNote"));
    m_bodyNote->setAlignment(Qt::AlignCenter);
    m_bodyNote->setWordWrap(true);
    m_body = new QStackedWidget(this);
    m_body->addWidget(m_paths);
    m_body->addWidget(m_lines);
    m_body->addWidget(m_bodyNote);
    m_notes = new QLabel(this);
    m_notes->setWordWrap(true);
    m_notes->setForegroundRole(QPalette::PlaceholderText);

    auto *headersBox = new QGroupBox(QStringLiteral("Headers"), this);
    (new QVBoxLayout(headersBox))->addWidget(m_headers);
    auto *bodyBox = new QGroupBox(QStringLiteral("Body"), this);
    auto *bodyLayout = new QVBoxLayout(bodyBox);
    bodyLayout->addWidget(m_body, 1);
    bodyLayout->addWidget(m_notes);
    QSplitter *split = headersOverBody(headersBox, bodyBox, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
}

void ResponseDiffView::showDiff(const Store::Exchange &original, const Store::Exchange &replay,
                                const Replay::DiffOptions &options)
{
    m_original = original;
    m_replay = replay;
    m_options = options;
    m_diff = Replay::diffResponses(original, replay, options);
    setWindowTitle(QStringLiteral("#%1 compared with #%2").arg(replay.id).arg(original.id));
    render();
}

void ResponseDiffView::render()
{
    const DiffColours colours = DiffColours::from(palette());
    const QString what = m_replay.replayOf == m_original.id
                             ? QStringLiteral("The response to #%1 (a replay of #%2)")
                                   .arg(m_replay.id)
                                   .arg(m_original.id)
                             : QStringLiteral("The response to #%1").arg(m_replay.id);
    m_summary->setText(
        m_diff.equal()
            ? QStringLiteral("%1 is <b>the same</b> as the original's (volatile headers such as "
                             "Date are not compared).")
                  .arg(what)
            : QStringLiteral("%1 <b>differs</b> from the original's: %2.")
                  .arg(what, m_diff.summary().toHtmlEscaped()));

    QString status = QStringLiteral("Status: <b>%1</b>").arg(statusText(m_replay).toHtmlEscaped());
    for (const DiffEntry &e : m_diff.entries) {
        if (e.part == DiffEntry::Part::Status) {
            status = QStringLiteral("Status: <span style=\"background:%1\">%2</span> → "
                                    "<span style=\"background:%3\"><b>%4</b></span>")
                         .arg(colours.removed.name(QColor::HexArgb), e.before.toHtmlEscaped(),
                              colours.added.name(QColor::HexArgb), e.after.toHtmlEscaped());
        }
    }
    m_status->setText(status);
    fillHeaders();
    fillBody();
}

void ResponseDiffView::fillHeaders()
{
    const DiffColours colours = DiffColours::from(palette());
    m_headers->clear();
    const Http::Headers before =
        m_original.response ? m_original.response->headers : Http::Headers();
    const Http::Headers after = m_replay.response ? m_replay.response->headers : Http::Headers();
    // Every name once, in the order the original sent them, then the replay's new ones.
    QList<QByteArray> names;
    const auto note = [&](const QByteArray &name) {
        for (const QByteArray &n : std::as_const(names)) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return;
        }
        names.append(name);
    };
    for (const Http::HeaderField &f : before)
        note(f.name);
    for (const Http::HeaderField &f : after)
        note(f.name);

    for (const QByteArray &name : std::as_const(names)) {
        auto *item =
            new QTreeWidgetItem(m_headers, {QString::fromLatin1(name), headerValues(before, name),
                                            headerValues(after, name)});
        const DiffEntry *entry = nullptr;
        for (const DiffEntry &e : m_diff.entries) {
            if (e.part == DiffEntry::Part::Header &&
                e.where.compare(QString::fromLatin1(name), Qt::CaseInsensitive) == 0)
                entry = &e;
        }
        if (entry) {
            const QColor c = colours.of(entry->kind);
            if (entry->kind != DiffEntry::Kind::Added)
                item->setBackground(1,
                                    entry->kind == DiffEntry::Kind::Removed ? c : colours.changed);
            if (entry->kind != DiffEntry::Kind::Removed)
                item->setBackground(2, entry->kind == DiffEntry::Kind::Added ? c : colours.changed);
            item->setToolTip(0, entry->describe());
            continue;
        }
        // Not reported as a difference though the values differ: the diff overlooked it on
        // purpose (a volatile or a framing field).
        const bool ignored = std::any_of(
            m_options.ignoredHeaders.begin(), m_options.ignoredHeaders.end(),
            [&](const QByteArray &n) { return n.compare(name, Qt::CaseInsensitive) == 0; });
        if (ignored || item->text(1) != item->text(2)) {
            for (int column = 0; column < 3; ++column) {
                item->setForeground(column, colours.muted);
                item->setToolTip(column, ignored ? QStringLiteral("Not compared: it changes "
                                                                  "with every response")
                                                 : QStringLiteral("Not compared: it follows "
                                                                  "the body"));
            }
        }
    }
    for (int column = 0; column < 2; ++column)
        m_headers->resizeColumnToContents(column);
    m_headers->setColumnWidth(0, std::min(m_headers->columnWidth(0), 220));
    m_headers->setColumnWidth(1, std::min(m_headers->columnWidth(1), 320));
}

void ResponseDiffView::fillBody()
{
    const DiffColours colours = DiffColours::from(palette());
    m_notes->setText(m_diff.notes.join(u'\n'));
    m_notes->setVisible(!m_diff.notes.isEmpty());
    switch (m_diff.bodyKind) {
    case Replay::ResponseDiff::BodyKind::Same:
        m_bodyNote->setText(
            QStringLiteral("The bodies are the same (%L1 bytes).").arg(m_diff.replayBody.size()));
        m_body->setCurrentWidget(m_bodyNote);
        return;
    case Replay::ResponseDiff::BodyKind::Binary: {
        QStringList lines;
        for (const DiffEntry &e : m_diff.entries) {
            if (e.part == DiffEntry::Part::Body)
                lines.append(e.describe());
        }
        m_bodyNote->setText(lines.join(u'\n'));
        m_body->setCurrentWidget(m_bodyNote);
        return;
    }
    case Replay::ResponseDiff::BodyKind::Json: {
        m_paths->clear();
        for (const DiffEntry &e : m_diff.entries) {
            if (e.part != DiffEntry::Part::Body)
                continue;
            auto *item = new QTreeWidgetItem(m_paths, {e.where, e.before, e.after});
            const QColor c = colours.of(e.kind);
            for (int column = 0; column < 3; ++column)
                item->setBackground(column, c);
            item->setToolTip(0, e.describe());
        }
        m_paths->resizeColumnToContents(0);
        m_paths->setColumnWidth(0, std::min(m_paths->columnWidth(0), 280));
        m_paths->setColumnWidth(1, 260);
        m_body->setCurrentWidget(m_paths);
        return;
    }
    case Replay::ResponseDiff::BodyKind::Text:
        break;
    }
    // Text: the whole of both, one line diff, kept lines plain, removed and added marked.
    const QStringList a = linesOf(m_diff.originalBody);
    const QStringList b = linesOf(m_diff.replayBody);
    const Replay::LineDiff lines = Replay::diffLines(a, b);
    QString text;
    QList<DiffEntry::Kind> marks; // per line; Changed stands for kept
    for (const Replay::LineEdit &edit : lines.edits) {
        switch (edit.kind) {
        case Replay::LineEdit::Kind::Keep:
            text += QStringLiteral("  ") + a.at(edit.before);
            marks.append(DiffEntry::Kind::Changed);
            break;
        case Replay::LineEdit::Kind::Remove:
            text += QStringLiteral("- ") + a.at(edit.before);
            marks.append(DiffEntry::Kind::Removed);
            break;
        case Replay::LineEdit::Kind::Add:
            text += QStringLiteral("+ ") + b.at(edit.after);
            marks.append(DiffEntry::Kind::Added);
            break;
        }
        text += u'\n';
    }
    text.chop(1);
    m_lines->setPlainText(text);
    QList<QTextEdit::ExtraSelection> selections;
    QTextBlock block = m_lines->document()->firstBlock();
    for (const DiffEntry::Kind kind : std::as_const(marks)) {
        if (!block.isValid())
            break;
        if (kind != DiffEntry::Kind::Changed) {
            QTextEdit::ExtraSelection s;
            s.cursor = QTextCursor(block);
            s.format.setBackground(colours.of(kind));
            s.format.setProperty(QTextFormat::FullWidthSelection, true);
            selections.append(s);
        }
        block = block.next();
    }
    m_lines->setExtraSelections(selections);
    m_body->setCurrentWidget(m_lines);
}

void ResponseDiffView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_replay.id != 0)
        render();
}

} // namespace Hookscope::Gui
