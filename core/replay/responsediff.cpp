#include "responsediff.h"

#include "http/contentdecoding.h"
#include "linediff.h"

#include <QRegularExpression>
#include <QStringDecoder>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

namespace Hookscope::Replay {

namespace {

using Json = nlohmann::json;
using Kind = DiffEntry::Kind;
using Part = DiffEntry::Part;

const QList<QByteArray> FramingHeaders{"Content-Length", "Transfer-Encoding", "Connection",
                                       "Keep-Alive"};

bool listed(const QList<QByteArray> &names, const QByteArray &name)
{
    return std::any_of(names.begin(), names.end(), [&name](const QByteArray &n) {
        return n.compare(name, Qt::CaseInsensitive) == 0;
    });
}

QString quoted(const QByteArray &value)
{
    return QString::fromStdString(Json(value.toStdString()).dump());
}

QString statusText(const Store::Exchange &e)
{
    if (!e.response)
        return e.error.isEmpty() ? QStringLiteral("none")
                                 : QStringLiteral("none (%1)").arg(e.error);
    return QStringLiteral("%1 %2")
        .arg(e.response->status)
        .arg(QString::fromLatin1(e.response->reason))
        .trimmed();
}

void diffHeaders(const Http::Headers &before, const Http::Headers &after,
                 const DiffOptions &options, QList<DiffEntry> &out)
{
    QList<QByteArray> names;
    for (const Http::Headers *headers : {&before, &after})
        for (const auto &field : *headers)
            if (!listed(names, field.name) && !listed(options.ignoredHeaders, field.name) &&
                !listed(FramingHeaders, field.name))
                names.append(field.name);
    for (const QByteArray &name : names) {
        const QList<QByteArray> a = before.values(name);
        const QList<QByteArray> b = after.values(name);
        if (a == b)
            continue;
        const auto show = [](const QList<QByteArray> &values) {
            QStringList shown;
            for (const QByteArray &v : values)
                shown.append(quoted(v));
            return shown.join(QStringLiteral(", "));
        };
        const Kind kind = a.isEmpty() ? Kind::Added : b.isEmpty() ? Kind::Removed : Kind::Changed;
        out.append({kind, Part::Header, QString::fromLatin1(name), show(a), show(b)});
    }
}

QString childPath(const QString &parent, const std::string &key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$-]*$"));
    const QString k = QString::fromStdString(key);
    if (plain.match(k).hasMatch())
        return parent.isEmpty() ? k : parent + QLatin1Char('.') + k;
    return parent + QLatin1Char('[') + QString::fromStdString(Json(key).dump()) + QLatin1Char(']');
}

QString shown(const Json &value)
{
    return QString::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void diffJson(const Json &a, const Json &b, const QString &path, int limit, QList<DiffEntry> &out)
{
    if (out.size() >= limit)
        return;
    const QString where = path.isEmpty() ? QStringLiteral("(root)") : path;
    if (a.is_object() && b.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            const QString child = childPath(path, it.key());
            if (!b.contains(it.key()))
                out.append({Kind::Removed, Part::Body, child, shown(it.value()), {}});
            else
                diffJson(it.value(), b.at(it.key()), child, limit, out);
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key()))
                out.append(
                    {Kind::Added, Part::Body, childPath(path, it.key()), {}, shown(it.value())});
        return;
    }
    if (a.is_array() && b.is_array()) {
        const size_t common = std::min(a.size(), b.size());
        for (size_t i = 0; i < common; ++i)
            diffJson(a[i], b[i], QStringLiteral("%1[%2]").arg(path).arg(i), limit, out);
        for (size_t i = common; i < a.size(); ++i)
            out.append({Kind::Removed,
                        Part::Body,
                        QStringLiteral("%1[%2]").arg(path).arg(i),
                        shown(a[i]),
                        {}});
        for (size_t i = common; i < b.size(); ++i)
            out.append({Kind::Added,
                        Part::Body,
                        QStringLiteral("%1[%2]").arg(path).arg(i),
                        {},
                        shown(b[i])});
        return;
    }
    if (a != b)
        out.append({Kind::Changed, Part::Body, where, shown(a), shown(b)});
}

std::optional<Json> parseJson(const QByteArray &bytes)
{
    Json value = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (value.is_discarded())
        return std::nullopt;
    return value;
}

std::optional<QStringList> textLines(const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    QStringList lines = text.split(QLatin1Char('\n'));
    // A final newline ends the last line rather than starting an empty one.
    if (lines.size() > 1 && lines.last().isEmpty())
        lines.removeLast();
    for (QString &line : lines)
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
    return lines;
}

// How a text's lines end, for texts that differ in nothing else.
QString lineEnds(const QByteArray &text)
{
    return QStringLiteral("%1, %2").arg(text.contains("\r\n") ? QStringLiteral("CRLF")
                                                              : QStringLiteral("LF"),
                                        text.endsWith('\n') ? QStringLiteral("newline at end")
                                                            : QStringLiteral("no newline at end"));
}

void diffText(const QStringList &a, const QStringList &b, int limit, QList<DiffEntry> &out,
              QStringList &notes)
{
    const LineDiff diff = diffLines(a, b);
    if (diff.approximate)
        notes.append(QStringLiteral("the texts differ in too many lines to align; the differing "
                                    "part is shown as replaced whole"));
    for (const LineEdit &edit : diff.edits) {
        if (out.size() >= limit)
            return;
        if (edit.kind == LineEdit::Kind::Remove)
            out.append({Kind::Removed,
                        Part::Body,
                        QStringLiteral("line %1").arg(edit.before + 1),
                        a[edit.before],
                        {}});
        else if (edit.kind == LineEdit::Kind::Add)
            out.append({Kind::Added,
                        Part::Body,
                        QStringLiteral("line %1").arg(edit.after + 1),
                        {},
                        b[edit.after]});
    }
}

// The body as the app meant it: Content-Encoding undone when we can.
QByteArray decodedBody(const Store::Exchange &e, const char *which, QStringList &notes)
{
    const QByteArray &stored = e.responseBody.bytes;
    if (!e.response)
        return stored;
    const QByteArray coding = e.response->headers.combined("Content-Encoding");
    if (coding.isEmpty())
        return stored;
    const Result<Http::DecodedContent> decoded = Http::decodeContent(stored, coding);
    if (!decoded) {
        notes.append(QStringLiteral("the %1's body could not be decoded (%2); its stored bytes "
                                    "are compared")
                         .arg(QLatin1String(which), decoded.error()));
        return stored;
    }
    if (decoded->truncated || decoded->incomplete)
        notes.append(QStringLiteral("only the first %1 bytes of the %2's decoded body are "
                                    "compared")
                         .arg(decoded->bytes.size())
                         .arg(QLatin1String(which)));
    return decoded->bytes;
}

} // namespace

QList<QByteArray> DiffOptions::defaultIgnoredHeaders()
{
    return {"Date",
            "Expires",
            "Last-Modified",
            "Age",
            "ETag",
            "Set-Cookie",
            "X-Request-Id",
            "Request-Id",
            "X-Correlation-Id",
            "X-Trace-Id",
            "Traceparent",
            "Tracestate",
            "X-Amzn-RequestId",
            "X-Amzn-Trace-Id",
            "CF-Ray",
            "X-Runtime",
            "X-Response-Time",
            "Server-Timing"};
}

ResponseDiff diffResponses(const Store::Exchange &original, const Store::Exchange &replay,
                           const DiffOptions &options)
{
    ResponseDiff diff;
    const QString statusBefore = statusText(original);
    const QString statusAfter = statusText(replay);
    if ((original.response.has_value() != replay.response.has_value()) ||
        (original.response && original.response->status != replay.response->status))
        diff.entries.append(
            {Kind::Changed, Part::Status, QStringLiteral("status"), statusBefore, statusAfter});

    diffHeaders(original.response ? original.response->headers : Http::Headers{},
                replay.response ? replay.response->headers : Http::Headers{}, options,
                diff.entries);

    const Store::CapturedBody &a = original.responseBody;
    const Store::CapturedBody &b = replay.responseBody;
    for (const auto &[body, which] : {std::pair{&a, "original"}, std::pair{&b, "replay"}})
        if (body->truncated)
            diff.notes.append(QStringLiteral("the %1's body was stored truncated (%2 of %3 "
                                             "bytes): only the stored part is compared")
                                  .arg(QLatin1String(which))
                                  .arg(body->bytes.size())
                                  .arg(body->size));
    diff.originalBody = decodedBody(original, "original", diff.notes);
    diff.replayBody = decodedBody(replay, "replay", diff.notes);
    const QByteArray &before = diff.originalBody;
    const QByteArray &after = diff.replayBody;

    QList<DiffEntry> bodyEntries;
    const int limit = std::max(1, options.maxBodyEntries);
    if (before != after) {
        const std::optional<Json> jsonA = parseJson(before);
        const std::optional<Json> jsonB = jsonA ? parseJson(after) : std::nullopt;
        if (jsonA && jsonB) {
            diff.bodyKind = ResponseDiff::BodyKind::Json;
            diffJson(*jsonA, *jsonB, {}, limit, bodyEntries);
            if (bodyEntries.isEmpty())
                diff.notes.append(QStringLiteral("the JSON bodies hold the same values but are "
                                                 "written differently (spacing or key order)"));
        } else if (const auto linesA = textLines(before), linesB = textLines(after);
                   linesA && linesB) {
            diff.bodyKind = ResponseDiff::BodyKind::Text;
            diffText(*linesA, *linesB, limit, bodyEntries, diff.notes);
            if (bodyEntries.isEmpty())
                bodyEntries.append({Kind::Changed, Part::Body, QStringLiteral("line ends"),
                                    lineEnds(before), lineEnds(after)});
        } else {
            diff.bodyKind = ResponseDiff::BodyKind::Binary;
            bodyEntries.append({Kind::Changed, Part::Body, QStringLiteral("body"),
                                QStringLiteral("%1 bytes").arg(before.size()),
                                QStringLiteral("%1 bytes").arg(after.size())});
        }
    }
    // Equal stored parts of bodies whose full sizes differ still differ.
    if (bodyEntries.isEmpty() && a.size != b.size && (a.truncated || b.truncated))
        bodyEntries.append({Kind::Changed, Part::Body, QStringLiteral("body size"),
                            QString::number(a.size), QString::number(b.size)});
    if (bodyEntries.size() >= limit)
        diff.notes.append(QStringLiteral("the body diff stops after %1 differences").arg(limit));
    diff.entries.append(bodyEntries);
    return diff;
}

QString ResponseDiff::summary() const
{
    if (equal())
        return QStringLiteral("same");
    QStringList parts;
    int headers = 0;
    int body = 0;
    for (const DiffEntry &e : entries) {
        if (e.part == Part::Status)
            parts.append(QStringLiteral("status %1 → %2").arg(e.before, e.after));
        else if (e.part == Part::Header)
            ++headers;
        else
            ++body;
    }
    if (headers == 1)
        parts.append(QStringLiteral("header %1")
                         .arg(std::find_if(entries.begin(), entries.end(), [](const DiffEntry &e) {
                                  return e.part == Part::Header;
                              })->where));
    else if (headers > 1)
        parts.append(QStringLiteral("%1 headers").arg(headers));
    if (body > 0) {
        const QString unit = bodyKind == BodyKind::Json   ? QStringLiteral("JSON path")
                             : bodyKind == BodyKind::Text ? QStringLiteral("line")
                                                          : QString();
        if (unit.isEmpty())
            parts.append(QStringLiteral("body"));
        else if (body == 1 && bodyKind == BodyKind::Json)
            parts.append(QStringLiteral("body %1").arg(
                std::find_if(entries.begin(), entries.end(), [](const DiffEntry &e) {
                    return e.part == Part::Body;
                })->where));
        else
            parts.append(QStringLiteral("body: %1 %2%3")
                             .arg(body)
                             .arg(unit)
                             .arg(body == 1 ? QString() : QStringLiteral("s")));
    }
    return parts.join(QStringLiteral(", "));
}

QString DiffEntry::describe() const
{
    if (part == Part::Status)
        return QStringLiteral("status: %1 → %2").arg(before, after);
    const QString prefix = part == Part::Header ? QStringLiteral("header") : QStringLiteral("body");
    switch (kind) {
    case Kind::Changed:
        break;
    case Kind::Added:
        return QStringLiteral("%1 + %2: %3").arg(prefix, where, after);
    case Kind::Removed:
        return QStringLiteral("%1 - %2: %3").arg(prefix, where, before);
    }
    return QStringLiteral("%1 %2: %3 → %4").arg(prefix, where, before, after);
}

QStringList ResponseDiff::lines() const
{
    QStringList out;
    for (const DiffEntry &e : entries)
        out.append(e.describe());
    for (const QString &note : notes)
        out.append(QStringLiteral("note: %1").arg(note));
    return out;
}

void ResponseDiff::trim(int maxChars)
{
    originalBody = {};
    replayBody = {};
    const auto cut = [maxChars](QString &text) {
        if (text.size() > maxChars)
            text = text.left(maxChars) + u'…';
    };
    for (DiffEntry &e : entries) {
        cut(e.where);
        cut(e.before);
        cut(e.after);
    }
}

} // namespace Hookscope::Replay
