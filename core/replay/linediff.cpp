#include "linediff.h"

#include <algorithm>
#include <vector>

namespace Hookscope::Replay {

namespace {

using Kind = LineEdit::Kind;

// Myers' greedy forward search over the middle a[lo..lo+n) / b[lo..lo+m): `trace[d]` keeps the
// furthest x on each diagonal k in [-d-1, d+1] before step d, which is all the backtrack needs.
// Returns false when more than maxD edits would be needed.
bool myers(const QStringList &a, const QStringList &b, qsizetype lo, qsizetype n, qsizetype m,
           qsizetype maxD, QList<LineEdit> &out)
{
    const qsizetype offset = maxD + 1;
    // int: a body's line count fits, and the trace takes half the room.
    std::vector<int> v(size_t(2 * maxD + 3), 0);
    std::vector<std::vector<int>> trace;
    const auto at = [&](qsizetype k) -> int & { return v[size_t(k + offset)]; };
    qsizetype found = -1;
    for (qsizetype d = 0; d <= maxD && found < 0; ++d) {
        trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
        for (qsizetype k = -d; k <= d; k += 2) {
            qsizetype x =
                (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            qsizetype y = x - k;
            while (x < n && y < m && a[lo + x] == b[lo + y]) {
                ++x;
                ++y;
            }
            at(k) = int(x);
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return false;

    QList<LineEdit> reversed;
    qsizetype x = n;
    qsizetype y = m;
    for (qsizetype d = found; d > 0; --d) {
        const std::vector<int> &before = trace[size_t(d)];
        const auto prev = [&](qsizetype k) { return qsizetype(before[size_t(k + d + 1)]); };
        const qsizetype k = x - y;
        const bool down = k == -d || (k != d && prev(k - 1) < prev(k + 1));
        const qsizetype prevK = down ? k + 1 : k - 1;
        const qsizetype prevX = prev(prevK);
        const qsizetype prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            --x;
            --y;
            reversed.append({Kind::Keep, lo + x, lo + y});
        }
        if (down)
            reversed.append({Kind::Add, -1, lo + prevY});
        else
            reversed.append({Kind::Remove, lo + prevX, -1});
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        --x;
        --y;
        reversed.append({Kind::Keep, lo + x, lo + y});
    }
    std::reverse(reversed.begin(), reversed.end());
    out.append(reversed);
    return true;
}

} // namespace

LineDiff diffLines(const QStringList &a, const QStringList &b, int maxEdits)
{
    LineDiff diff;
    if (a == b)
        return diff;
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;

    for (qsizetype i = 0; i < head; ++i)
        diff.edits.append({Kind::Keep, i, i});
    // The shortest script has at least |n - m| edits and at most n + m.
    const qsizetype maxD = std::min<qsizetype>(n + m, std::max<qsizetype>(maxEdits, 0));
    if (!myers(a, b, head, n, m, maxD, diff.edits)) {
        diff.approximate = true;
        for (qsizetype i = 0; i < n; ++i)
            diff.edits.append({Kind::Remove, head + i, -1});
        for (qsizetype j = 0; j < m; ++j)
            diff.edits.append({Kind::Add, -1, head + j});
    }
    for (qsizetype i = 0; i < tail; ++i)
        diff.edits.append({Kind::Keep, head + n + i, head + m + i});
    return diff;
}

} // namespace Hookscope::Replay
