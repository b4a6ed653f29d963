#include "detail/textviewer.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QTest>

using namespace Hookscope::Gui;

class TestTextViewer : public QObject
{
    Q_OBJECT
private:
    // The viewport point of a line and column, as the viewer lays text out (fixed pitch).
    static QPoint at(const TextViewer &v, int line, int column)
    {
        const QFontMetrics fm(v.font());
        return {4 + column * fm.horizontalAdvance(QLatin1Char('0')) + 1,
                (line - v.verticalScrollBar()->value()) * fm.lineSpacing() + fm.lineSpacing() / 2};
    }

private Q_SLOTS:
    void linesAndSelection()
    {
        TextViewer v;
        v.resize(400, 300);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.setText(QStringLiteral("{\n  \"a\": 1,\n  \"b\": true\n}"),
                  {{4, 3, SpanKind::Key}, {9, 1, SpanKind::Number}});
        QCOMPARE(v.lineCount(), 4);

        v.select(4, 7);
        QCOMPARE(v.selectedText(), QStringLiteral("\"a\""));

        // Press on line 1 column 2, shift-click on line 2 column 5: the characters between.
        QTest::mouseClick(v.viewport(), Qt::LeftButton, {}, at(v, 1, 2));
        QTest::mouseClick(v.viewport(), Qt::LeftButton, Qt::ShiftModifier, at(v, 2, 5));
        QCOMPARE(v.selectedText(), QStringLiteral("\"a\": 1,\n  \"b\""));

        QTest::keyClick(&v, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("\"a\": 1,\n  \"b\""));
        QTest::keyClick(&v, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(v.selectedText(), v.text());

        // A double click takes the word.
        QTest::mouseDClick(v.viewport(), Qt::LeftButton, {}, at(v, 2, 9));
        QCOMPARE(v.selectedText(), QStringLiteral("true"));
    }

    void largeTextScrollsToAPosition()
    {
        TextViewer v;
        v.resize(400, 300);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QString text;
        for (int i = 0; i < 200'000; ++i)
            text += QStringLiteral("line %1\n").arg(i);
        v.setText(text);
        QCOMPARE(v.lineCount(), 200'001);
        const int position = int(text.indexOf(QStringLiteral("line 150000\n")));
        v.select(position, position + 11);
        QCOMPARE(v.selectedText(), QStringLiteral("line 150000"));
        const int top = v.verticalScrollBar()->value();
        QVERIFY(top <= 150'000 && top + v.verticalScrollBar()->pageStep() >= 150'000);
        QVERIFY(!v.grab().isNull()); // paints only what is in view
    }
};

QTEST_MAIN(TestTextViewer)
#include "tst_textviewer.moc"
