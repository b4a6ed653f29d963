#pragma once

#include "store/exchange.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Hookscope::Replay {

struct DiffOptions
{
    // Response headers whose values change from one answer to the next whatever the app does
    // (dates, request and trace ids, timings, cache validators, cookies): skipped, compared by
    // name case-insensitively. Framing fields (Content-Length, Transfer-Encoding, Connection,
    // Keep-Alive) are never compared: a body that differs is reported as such.
    QList<QByteArray> ignoredHeaders = defaultIgnoredHeaders();
    // Stop listing body differences after this many (two unrelated bodies say little more).
    int maxBodyEntries = 200;

    static QList<QByteArray> defaultIgnoredHeaders();
};

// One difference between two responses.
struct DiffEntry
{
    enum class Kind { Changed, Added, Removed };
    enum class Part { Status, Header, Body };
    Kind kind = Kind::Changed;
    Part part = Part::Body;
    // "status"; a header name; a JSON path ("data.issue.id", "items[2]", "(root)"); "line 3"
    // (of the original for removed lines, of the replay for added ones); or "body".
    QString where;
    QString before; // as shown to a person: JSON values as JSON, header values quoted, lines as is
    QString after;

    // One readable line: "status: 200 OK → 500 Internal Server Error",
    // "header X-Mode: \"a\" → \"b\"", "body data.issue.id: \"1\" → \"2\"",
    // "body + data.extra: true", "body - line 3: old text".
    QString describe() const;
};

// How the response of a replay differs from its original's.
struct ResponseDiff
{
    enum class BodyKind { Same, Json, Text, Binary };
    QList<DiffEntry> entries; // status first, then headers in order of appearance, then the body
    BodyKind bodyKind = BodyKind::Same;
    // What the comparison could not see or chose to overlook: a body stored truncated, one that
    // could not be decoded, JSON that is equal but written differently.
    QStringList notes;
    // The bodies as compared: content codings (gzip, deflate, br) undone where possible.
    QByteArray originalBody;
    QByteArray replayBody;

    bool equal() const { return entries.isEmpty(); }
    // A short reason for a summary line: "status 200 → 500", "2 headers, 3 body paths", …
    QString summary() const;
    // Each entry described (DiffEntry::describe()), then "note: …" for each note.
    QStringList lines() const;
    // Drops the compared bodies and cuts each entry's texts to `maxChars` (an ellipsis marks a
    // cut): what a long list of comparisons keeps per row. equal() and summary() still hold.
    void trim(int maxChars = 200);
};

// Compares `replay`'s response with `original`'s: the status (or that there was none), the
// headers (all values per name in order, skipping DiffOptions::ignoredHeaders), and the bodies
// after undoing their Content-Encoding — structurally when both are JSON (changed, added and
// removed paths; arrays by index), line by line when both are text (a shortest line diff),
// by size otherwise. Works for any two exchanges, not only a replay and its original.
ResponseDiff diffResponses(const Store::Exchange &original, const Store::Exchange &replay,
                           const DiffOptions &options = {});

} // namespace Hookscope::Replay
