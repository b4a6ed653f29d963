#include "harimport.h"

#include "harentrystream.h"
#include "http/serializer.h"
#include "jsonread.h"
#include "timestamps.h"
#include "verdictjson.h"

#include <QFile>
#include <QHash>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace Hookscope::Interchange {

namespace {

using nlohmann::json;

constexpr int maxProblems = 10;

Http::Version parseVersion(const QString &text)
{
    const QString v = text.trimmed().toLower();
    if (v == QLatin1String("h2") || v.startsWith(QLatin1String("http/2")))
        return {2, 0};
    if (v == QLatin1String("h3") || v.startsWith(QLatin1String("http/3")))
        return {3, 0};
    if (v.startsWith(QLatin1String("http/1.")) && v.size() == 8 && v.back().isDigit())
        return {1, v.back().digitValue()};
    return {};
}

QByteArray headerValue(const json &header)
{
    if (const json *exact = member(header, "_valueBase64"); exact && exact->is_string())
        return QByteArray::fromBase64(bytesMember(header, "_valueBase64"));
    return bytesMember(header, "value");
}

// HTTP/2 pseudo-headers (":authority") are not fields and are dropped.
Http::Headers readHeaders(const json &message, QByteArray *authority = nullptr)
{
    Http::Headers headers;
    const json *list = member(message, "headers");
    if (!list || !list->is_array())
        return headers;
    for (const json &h : *list) {
        const QByteArray name = bytesMember(h, "name");
        if (name.startsWith(':')) {
            if (authority && name == ":authority")
                *authority = bytesMember(h, "value");
            continue;
        }
        if (!name.isEmpty())
            headers.add(name, headerValue(h));
    }
    return headers;
}

QByteArray decodedText(const json &object, const char *encodingKey)
{
    const QByteArray text = bytesMember(object, "text");
    const QString encoding = stringMember(object, encodingKey);
    if (encoding.compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0)
        return QByteArray::fromBase64(text);
    return text;
}

QByteArray formEncode(const QByteArray &text)
{
    return text.toPercentEncoding(" ").replace(' ', '+');
}

// A body rebuilt from postData.params when the writer left out postData.text.
QByteArray bodyFromParams(const json &params, const QByteArray &mimeType)
{
    const QByteArray media = mimeType.split(';').first().trimmed().toLower();
    QByteArray boundary;
    for (const QByteArray &part : mimeType.split(';')) {
        const QByteArray p = part.trimmed();
        if (p.toLower().startsWith("boundary="))
            boundary = p.mid(9).replace('"', "");
    }
    QByteArray body;
    for (const json &p : params) {
        const QByteArray name = bytesMember(p, "name");
        const QByteArray value = bytesMember(p, "value");
        if (media == "multipart/form-data" && !boundary.isEmpty()) {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + '"';
            if (const QByteArray file = bytesMember(p, "fileName"); !file.isEmpty())
                body += "; filename=\"" + file + '"';
            body += "\r\n";
            if (const QByteArray type = bytesMember(p, "contentType"); !type.isEmpty())
                body += "Content-Type: " + type + "\r\n";
            body += "\r\n" + value + "\r\n";
        } else {
            if (!body.isEmpty())
                body += '&';
            body += formEncode(name) + '=' + formEncode(value);
        }
    }
    if (!body.isEmpty() && media == "multipart/form-data" && !boundary.isEmpty())
        body += "--" + boundary + "--\r\n";
    return body;
}

Store::CapturedBody requestBody(const json &request, bool truncated)
{
    Store::CapturedBody body;
    const json *post = member(request, "postData");
    if (post && post->is_object()) {
        if (member(*post, "text"))
            body.bytes = decodedText(*post, member(*post, "_encoding") ? "_encoding" : "encoding");
        else if (const json *params = member(*post, "params"); params && params->is_array())
            body.bytes = bodyFromParams(*params, bytesMember(*post, "mimeType"));
    }
    body.size = body.bytes.size();
    if (truncated) {
        body.truncated = true;
        body.size =
            std::max<qint64>(body.size, qint64(numberMember(request, "bodySize").value_or(0)));
    }
    return body;
}

// Splits an absolute URL into "scheme://authority" and the request-target.
std::optional<std::pair<QString, QByteArray>> splitUrl(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0)
        return std::nullopt;
    const QString scheme = url.left(schemeEnd).toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return std::nullopt;
    qsizetype pathStart = url.size();
    for (const QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = url.indexOf(c, schemeEnd + 3);
        if (at >= 0)
            pathStart = std::min(pathStart, at);
    }
    if (pathStart == schemeEnd + 3)
        return std::nullopt;
    QByteArray target = url.mid(pathStart).toUtf8();
    target = target.left(target.indexOf('#') < 0 ? target.size() : target.indexOf('#'));
    if (!target.startsWith('/'))
        target.prepend('/');
    return std::pair{url.left(pathStart), target};
}

// Browsers store bodies content-decoded; keep the head saying what the body now is.
void dropContentEncoding(Http::Headers &headers, const Store::CapturedBody &body)
{
    if (!headers.contains("Content-Encoding") || body.truncated)
        return;
    const QByteArray coding = headers.combined("Content-Encoding").trimmed().toLower();
    if (coding.isEmpty() || coding == "identity")
        return;
    headers.remove("Content-Encoding");
    if (headers.contains("Content-Length"))
        headers.set("Content-Length", QByteArray::number(body.bytes.size()));
}

Result<Store::Exchange> readEntry(const json &entry, qint64 *sourceId)
{
    if (!entry.is_object())
        return Error{QStringLiteral("not an object")};
    const json *extras = member(entry, "_hookscope");
    const bool ours = extras && extras->is_object();
    const json empty = json::object();
    const json &x = ours ? *extras : empty;

    Store::Exchange e;
    const json *request = member(entry, "request");
    if (!request || !request->is_object())
        return Error{QStringLiteral("no request")};
    e.request.method = bytesMember(*request, "method");
    if (e.request.method.isEmpty())
        return Error{QStringLiteral("no request method")};
    const QString url = stringMember(*request, "url");
    const auto parts = splitUrl(url);
    if (!parts)
        return Error{
            QStringLiteral("request URL \"%1\" is not an absolute http(s) URL").arg(url.left(80))};
    e.upstream = parts->first;
    e.request.target = parts->second;
    if (ours) {
        if (const QString upstream = stringMember(x, "upstream"); !upstream.isEmpty())
            e.upstream = upstream;
        if (member(x, "targetBase64"))
            e.request.target = QByteArray::fromBase64(bytesMember(x, "targetBase64"));
        else if (const QByteArray target = bytesMember(x, "target"); !target.isEmpty())
            e.request.target = target;
    }
    e.request.version = parseVersion(stringMember(*request, "httpVersion"));
    QByteArray authority;
    e.request.headers = readHeaders(*request, &authority);
    if (!ours && !e.request.headers.contains("Host")) {
        // HTTP/2 requests carry the host as ":authority"; an HTTP/1.1 request needs the field.
        const QString host = authority.isEmpty() ? e.upstream.section(QLatin1String("://"), 1)
                                                 : QString::fromUtf8(authority);
        e.request.headers.fields().prepend({"Host", host.toUtf8()});
    }
    e.requestBody = requestBody(*request, boolMember(x, "requestTruncated"));

    const auto started = parseTimestamp(bytesMember(entry, "startedDateTime"));
    if (!started)
        return Error{QStringLiteral("startedDateTime is missing or not an ISO 8601 time")};
    e.startedUs = *started;
    const double ms = numberMember(entry, "time").value_or(0);
    e.durationUs = boolMember(x, "pending") ? -1 : std::max<qint64>(0, std::llround(ms * 1000));

    const json *response = member(entry, "response");
    const int status = response ? int(numberMember(*response, "status").value_or(0)) : 0;
    if (status > 0) {
        Http::ResponseHead head;
        head.status = status;
        head.reason = bytesMember(*response, "statusText");
        if (!ours && head.reason.isEmpty())
            head.reason = Http::reasonPhrase(status);
        head.version = parseVersion(stringMember(*response, "httpVersion"));
        head.headers = readHeaders(*response);
        const json *content = member(*response, "content");
        Store::CapturedBody &body = e.responseBody;
        if (content && content->is_object()) {
            body.bytes = decodedText(*content, "encoding");
            const qint64 size = qint64(numberMember(*content, "size").value_or(0));
            body.size = body.bytes.size();
            // Without text the browser kept no body: what is stored (nothing) is a truncation.
            body.truncated =
                boolMember(x, "responseTruncated") || (!member(*content, "text") && size > 0);
            if (body.truncated)
                body.size = std::max(body.size, size);
        }
        if (!ours)
            dropContentEncoding(head.headers, body);
        e.response = std::move(head);
    } else if (!ours) {
        e.error = response ? stringMember(*response, "_error") : QString();
        if (e.error.isEmpty())
            e.error = QStringLiteral("no response");
    }

    if (ours) {
        *sourceId = qint64(numberMember(x, "id").value_or(0));
        e.clientAddress = stringMember(x, "clientAddress");
        e.error = stringMember(x, "error");
        e.upgraded = boolMember(x, "upgraded");
        e.replayOf = qint64(numberMember(x, "replayOf").value_or(0));
        if (const json *verdict = member(x, "verdict"))
            readVerdictJson(*verdict, e);
    }
    return e;
}

void linkReplays(HarImport &result)
{
    QHash<qint64, qsizetype> indexOfSource;
    for (qsizetype i = 0; i < result.exchanges.size(); ++i) {
        Store::Exchange &e = result.exchanges[i];
        const qsizetype original = e.replayOf ? indexOfSource.value(e.replayOf, -1) : -1;
        result.originals.append(original);
        if (original < 0)
            e.replayOf = 0;
        if (result.sourceIds[i] > 0)
            indexOfSource.insert(result.sourceIds[i], i);
    }
}

} // namespace

namespace {

// Reads the entries of a document given to `parse` (which runs the SAX parser over it).
Result<HarImport> readEntries(const std::function<bool(HarEntryStream &)> &parse)
{
    HarImport result;
    int index = 0;
    HarEntryStream stream([&](json entry) {
        ++index;
        qint64 sourceId = 0;
        Result<Store::Exchange> exchange = readEntry(entry, &sourceId);
        if (exchange) {
            result.exchanges.append(std::move(exchange).value());
            result.sourceIds.append(sourceId);
            return;
        }
        ++result.skipped;
        if (result.problems.size() < maxProblems)
            result.problems.append(QStringLiteral("entry %1: %2").arg(index).arg(exchange.error()));
    });
    if (!parse(stream))
        return Error{stream.parseError() + QStringLiteral(", so not a HAR file")};
    if (!stream.sawEntries())
        return Error{QStringLiteral("no log.entries array, so not a HAR file")};
    linkReplays(result);
    return result;
}

} // namespace

Result<HarImport> readHar(const QByteArray &document)
{
    return readEntries([&](HarEntryStream &stream) {
        return json::sax_parse(document.cbegin(), document.cend(), &stream);
    });
}

Result<HarImport> readHarFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    if (!file.isSequential() && file.size() == 0)
        return Error{QStringLiteral("%1 is empty, so not a HAR file").arg(path)};
    // Read through stdio in pieces rather than whole: only one entry at a time is parsed JSON.
    std::FILE *stream = fdopen(dup(file.handle()), "rb");
    if (!stream)
        return Error{QStringLiteral("cannot read %1").arg(path)};
    Result<HarImport> result =
        readEntries([&](HarEntryStream &entries) { return json::sax_parse(stream, &entries); });
    std::fclose(stream);
    if (!result)
        return Error{QStringLiteral("%1: %2").arg(path, result.error())};
    return result;
}

} // namespace Hookscope::Interchange
