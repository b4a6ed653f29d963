#include "replay/linediff.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Hookscope;
using Replay::diffLines;
using Replay::LineDiff;
using Replay::LineEdit;

namespace {

QStringList lines(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'));
}

// Applies the script to `a`, checking each step against both sides: it must rebuild `b`.
QStringList apply(const LineDiff &diff, const QStringList &a, const QStringList &b, bool *ok)
{
    QStringList out;
    qsizetype i = 0;
    qsizetype j = 0;
    *ok = true;
    for (const LineEdit &e : diff.edits) {
        switch (e.kind) {
        case LineEdit::Kind::Keep:
            *ok = *ok && e.before == i && e.after == j && a[i] == b[j];
            out.append(a[i]);
            ++i;
            ++j;
            break;
        case LineEdit::Kind::Remove:
            *ok = *ok && e.before == i;
            ++i;
            break;
        case LineEdit::Kind::Add:
            *ok = *ok && e.after == j;
            out.append(b[j]);
            ++j;
            break;
        }
    }
    *ok = *ok && (diff.equal() || (i == a.size() && j == b.size()));
    return out;
}

qsizetype changes(const LineDiff &diff)
{
    return std::count_if(diff.edits.begin(), diff.edits.end(),
                         [](const LineEdit &e) { return e.kind != LineEdit::Kind::Keep; });
}

// The textbook longest common subsequence length, to check the script is a shortest one.
qsizetype lcsLength(const QStringList &a, const QStringList &b)
{
    std::vector<std::vector<qsizetype>> t(size_t(a.size() + 1),
                                          std::vector<qsizetype>(size_t(b.size() + 1), 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i)
        for (qsizetype j = b.size() - 1; j >= 0; --j)
            t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    return t[0][0];
}

} // namespace

class TestLineDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void equalTextsHaveNoEdits() { QVERIFY(diffLines(lines("a\nb\nc"), lines("a\nb\nc")).equal()); }

    void oneChangedLineIsARemovalAndAnAddition()
    {
        const LineDiff diff = diffLines(lines("a\nb\nc\nd"), lines("a\nB\nc\nd"));
        QCOMPARE(changes(diff), 2);
        QCOMPARE(diff.edits[1].kind, LineEdit::Kind::Remove);
        QCOMPARE(diff.edits[1].before, 1);
        QCOMPARE(diff.edits[2].kind, LineEdit::Kind::Add);
        QCOMPARE(diff.edits[2].after, 1);
        QVERIFY(!diff.approximate);
    }

    void insertedLinesKeepTheRestAligned()
    {
        // A naive line-by-line compare would call every line after the insertion changed.
        const QStringList a = lines("one\ntwo\nthree\nfour\nfive\nsix");
        const QStringList b = lines("one\ntwo\nnew 1\nnew 2\nthree\nfour\nfive\nsix");
        const LineDiff diff = diffLines(a, b);
        QCOMPARE(changes(diff), 2);
        bool ok = false;
        QCOMPARE(apply(diff, a, b, &ok), b);
        QVERIFY(ok);
    }

    void scriptIsShortest_data()
    {
        QTest::addColumn<QStringList>("a");
        QTest::addColumn<QStringList>("b");
        QTest::newRow("classic") << lines("A\nB\nC\nA\nB\nB\nA") << lines("C\nB\nA\nB\nA\nC");
        QTest::newRow("empty to some") << QStringList{} << lines("x\ny");
        QTest::newRow("some to empty") << lines("x\ny") << QStringList{};
        QTest::newRow("disjoint") << lines("a\nb\nc") << lines("d\ne");
        QTest::newRow("moved block")
            << lines("1\n2\n3\n4\n5\n6\n7\n8") << lines("1\n6\n7\n2\n3\n4\n5\n8");
        QRandomGenerator random(20261129);
        for (int round = 0; round < 30; ++round) {
            QStringList a;
            QStringList b;
            const int n = int(random.bounded(40));
            const int m = int(random.bounded(40));
            for (int i = 0; i < n; ++i)
                a.append(QString::number(random.bounded(5)));
            for (int j = 0; j < m; ++j)
                b.append(QString::number(random.bounded(5)));
            QTest::newRow(qPrintable(QStringLiteral("random %1").arg(round))) << a << b;
        }
    }

    void scriptIsShortest()
    {
        QFETCH(QStringList, a);
        QFETCH(QStringList, b);
        const LineDiff diff = diffLines(a, b);
        if (diff.equal()) {
            QCOMPARE(a, b);
            return;
        }
        bool ok = false;
        QCOMPARE(apply(diff, a, b, &ok), b);
        QVERIFY(ok);
        QVERIFY(!diff.approximate);
        QCOMPARE(changes(diff), a.size() + b.size() - 2 * lcsLength(a, b));
    }

    void tooManyDifferencesFallBackToReplacingTheMiddle()
    {
        QStringList a;
        QStringList b;
        for (int i = 0; i < 300; ++i) {
            a.append(QStringLiteral("a%1").arg(i));
            b.append(QStringLiteral("b%1").arg(i));
        }
        a.prepend(QStringLiteral("same"));
        b.prepend(QStringLiteral("same"));
        const LineDiff diff = diffLines(a, b, 100);
        QVERIFY(diff.approximate);
        bool ok = false;
        QCOMPARE(apply(diff, a, b, &ok), b);
        QVERIFY(ok);
        QCOMPARE(diff.edits.first().kind, LineEdit::Kind::Keep);
    }

    void largeSimilarTextsAreFast()
    {
        QStringList a;
        for (int i = 0; i < 200'000; ++i)
            a.append(QStringLiteral("line %1").arg(i));
        QStringList b = a;
        b[1000] = QStringLiteral("changed");
        b.insert(150'000, QStringLiteral("inserted"));
        b.removeAt(199'000);
        QElapsedTimer timer;
        timer.start();
        const LineDiff diff = diffLines(a, b);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(changes(diff), 4);
    }
};

QTEST_GUILESS_MAIN(TestLineDiff)
#include "tst_linediff.moc"
