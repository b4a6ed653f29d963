#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Hookscope::Replay {

// One step of turning the lines `a` into the lines `b`.
struct LineEdit
{
    enum class Kind { Keep, Remove, Add };
    Kind kind = Kind::Keep;
    qsizetype before = -1; // index in `a` (Keep, Remove), else -1
    qsizetype after = -1;  // index in `b` (Keep, Add), else -1
};

struct LineDiff
{
    // Every line of both sides in order: kept lines once, removals before the additions that
    // replace them. Empty when `a` and `b` are equal.
    QList<LineEdit> edits;
    // The two sides differed in more than `maxEdits` lines: the differing middle (between their
    // common first and last lines) is given as removed whole, then added whole.
    bool approximate = false;

    bool equal() const { return edits.isEmpty(); }
};

// A shortest edit script from `a` to `b` (Myers' O((N+M)·D) algorithm, after trimming the
// lines they share at both ends), so the kept lines are a longest common subsequence. Gives up
// on an exact script past `maxEdits` differing lines (see LineDiff::approximate).
LineDiff diffLines(const QStringList &a, const QStringList &b, int maxEdits = 2000);

} // namespace Hookscope::Replay
