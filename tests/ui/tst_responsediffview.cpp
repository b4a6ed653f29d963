#include "makeexchange.h"
#include "replay/responsediffview.h"
#include "statuspalette.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTreeWidget>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Testing::makeExchange;

namespace {

std::pair<Store::Exchange, Store::Exchange> pair(const QByteArray &before, const QByteArray &after,
                                                 const QByteArray &contentType)
{
    Store::Exchange original = makeExchange();
    original.id = 3;
    original.response->headers = {{"Content-Type", contentType},
                                  {"Date", "Sun, 29 Nov 2026 09:00:00 GMT"},
                                  {"X-Mode", "a"},
                                  {"Content-Length", QByteArray::number(before.size())}};
    original.responseBody = {before, before.size(), false};
    Store::Exchange replay = original;
    replay.id = 9;
    replay.replayOf = 3;
    replay.response->headers = {{"Content-Type", contentType},
                                {"Date", "Sun, 29 Nov 2026 10:30:00 GMT"},
                                {"X-Mode", "b"},
                                {"Content-Length", QByteArray::number(after.size())}};
    replay.responseBody = {after, after.size(), false};
    return {original, replay};
}

QTreeWidgetItem *row(QTreeWidget *table, const QString &first)
{
    const QList<QTreeWidgetItem *> found = table->findItems(first, Qt::MatchExactly, 0);
    return found.isEmpty() ? nullptr : found.first();
}

} // namespace

class TestResponseDiffView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonDifferencesByPathAndDateIgnored()
    {
        const auto [original, replay] =
            pair(R"({"message":"ok","count":1,"gone":null})",
                 R"({"message":"ok","count":2,"extra":true})", "application/json");
        ResponseDiffView view;
        view.showDiff(original, replay);
        view.show();
        QVERIFY(view.summaryLabel()->text().contains(QStringLiteral("differs")));

        // Date differs but is not a difference: listed, greyed, with the reason.
        QTreeWidgetItem *date = row(view.headersTable(), QStringLiteral("Date"));
        QVERIFY(date);
        QCOMPARE(date->text(1), QStringLiteral("Sun, 29 Nov 2026 09:00:00 GMT"));
        QCOMPARE(date->foreground(0).color(), StatusPalette::from(view.palette()).muted);
        QVERIFY(date->toolTip(0).startsWith(QStringLiteral("Not compared")));
        for (const Replay::DiffEntry &e : view.diff().entries)
            QVERIFY(e.where.compare(QStringLiteral("Date"), Qt::CaseInsensitive) != 0);
        // X-Mode changed: both sides marked.
        QTreeWidgetItem *mode = row(view.headersTable(), QStringLiteral("X-Mode"));
        QVERIFY(mode && mode->background(1).style() != Qt::NoBrush &&
                mode->background(2).style() != Qt::NoBrush);
        QCOMPARE(row(view.headersTable(), QStringLiteral("Content-Type"))->background(1).style(),
                 Qt::NoBrush);

        // The body by JSON path: changed, added, removed, each in its own colour.
        QTreeWidget *paths = view.pathsTable();
        QVERIFY(paths->isVisible());
        QCOMPARE(paths->topLevelItemCount(), 3);
        QTreeWidgetItem *count = row(paths, QStringLiteral("count"));
        QVERIFY(count);
        QCOMPARE(count->text(1), QStringLiteral("1"));
        QCOMPARE(count->text(2), QStringLiteral("2"));
        QTreeWidgetItem *extra = row(paths, QStringLiteral("extra"));
        QTreeWidgetItem *gone = row(paths, QStringLiteral("gone"));
        QVERIFY(extra && gone);
        QCOMPARE(extra->text(2), QStringLiteral("true"));
        QVERIFY(extra->background(0).color() != gone->background(0).color());
        QVERIFY(count->background(0).color() != extra->background(0).color());
    }

    void textBodiesLineByLine()
    {
        const auto [original, replay] = pair("one\ntwo\nthree\n", "one\n2\nthree\n", "text/plain");
        ResponseDiffView view;
        view.showDiff(original, replay);
        view.show();
        QVERIFY(view.linesView()->isVisible());
        QCOMPARE(view.linesView()->toPlainText(), QStringLiteral("  one\n- two\n+ 2\n  three"));
        const QList<QTextEdit::ExtraSelection> marks = view.linesView()->extraSelections();
        QCOMPARE(marks.size(), 2);
        QVERIFY(marks[0].format.background() != marks[1].format.background());
    }

    void sameResponseSaysSo()
    {
        auto [original, replay] = pair(R"({"a":1})", R"({"a":1})", "application/json");
        replay.response->headers.set("X-Mode", "a"); // only Date differs
        ResponseDiffView view;
        view.showDiff(original, replay);
        QVERIFY(view.diff().equal());
        QVERIFY(view.summaryLabel()->text().contains(QStringLiteral("the same")));
    }
};

QTEST_MAIN(TestResponseDiffView)
#include "tst_responsediffview.moc"
