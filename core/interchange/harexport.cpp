#include "harexport.h"

#include "http/serializer.h"
#include "jsontext.h"
#include "timestamps.h"
#include "verdictjson.h"

#include <QDateTime>
#include <cmath>

namespace Hookscope::Interchange {

namespace {

using nlohmann::json;

json creator(const QString &version)
{
    return {{"name", "Hookscope"}, {"version", version.toStdString()}};
}

// HAR wants UTF-8 text; a value with other bytes is written read as Latin-1 and its exact bytes
// are kept beside it for our import.
json harHeaders(const Http::Headers &headers)
{
    json list = json::array();
    for (const Http::HeaderField &f : headers) {
        json h = {{"name", jsonString(f.name)}, {"value", jsonString(f.value)}};
        if (!isUtf8(f.value))
            h["_valueBase64"] = f.value.toBase64().toStdString();
        list.push_back(std::move(h));
    }
    return list;
}

QByteArray formDecode(QByteArray text)
{
    return QByteArray::fromPercentEncoding(text.replace('+', ' '));
}

// "a=1&b=2" → [{name, value}], decoded.
json nameValuePairs(const QByteArray &text, char separator, bool form)
{
    json list = json::array();
    for (const QByteArray &part : text.split(separator)) {
        const QByteArray pair = part.trimmed();
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        if (form) {
            name = formDecode(name);
            value = formDecode(value);
        }
        list.push_back({{"name", jsonString(name)}, {"value", jsonString(value)}});
    }
    return list;
}

json requestCookies(const Http::Headers &headers)
{
    json list = json::array();
    for (const QByteArray &cookie : headers.values("Cookie")) {
        for (json &c : nameValuePairs(cookie, ';', false))
            list.push_back(std::move(c));
    }
    return list;
}

json responseCookies(const Http::Headers &headers)
{
    json list = json::array();
    for (const QByteArray &line : headers.values("Set-Cookie")) {
        const QList<QByteArray> parts = line.split(';');
        const QByteArray first = parts.first().trimmed();
        const qsizetype eq = first.indexOf('=');
        json cookie = {{"name", jsonString(first.left(eq < 0 ? first.size() : eq))},
                       {"value", jsonString(eq < 0 ? QByteArray() : first.mid(eq + 1))}};
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray attribute = parts[i].trimmed();
            const qsizetype aeq = attribute.indexOf('=');
            const QByteArray key = (aeq < 0 ? attribute : attribute.left(aeq)).toLower();
            const QByteArray value = aeq < 0 ? QByteArray() : attribute.mid(aeq + 1);
            if (key == "path")
                cookie["path"] = jsonString(value);
            else if (key == "domain")
                cookie["domain"] = jsonString(value);
            else if (key == "httponly")
                cookie["httpOnly"] = true;
            else if (key == "secure")
                cookie["secure"] = true;
            else if (key == "expires") {
                const QDateTime t =
                    QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
                if (t.isValid())
                    cookie["expires"] = t.toUTC().toString(Qt::ISODateWithMs).toStdString();
            }
        }
        list.push_back(std::move(cookie));
    }
    return list;
}

QByteArray queryOf(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QByteArray() : target.mid(q + 1);
}

QString truncationComment(const Store::CapturedBody &body)
{
    return QStringLiteral("truncated: %1 of %2 bytes stored").arg(body.bytes.size()).arg(body.size);
}

// Puts the body into `object` as "text" (+ the encoding member when it is not text).
void putBody(json &object, const Store::CapturedBody &body, const char *encodingKey)
{
    if (isText(body.bytes)) {
        object["text"] = body.bytes.toStdString();
    } else {
        object["text"] = body.bytes.toBase64().toStdString();
        object[encodingKey] = "base64";
    }
    if (body.truncated)
        object["comment"] = truncationComment(body).toStdString();
}

QByteArray mediaType(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

json postData(const Store::Exchange &e)
{
    const QByteArray contentType = e.request.headers.value("Content-Type");
    json data = {{"mimeType", jsonString(contentType)}, {"params", json::array()}};
    putBody(data, e.requestBody, "_encoding");
    if (mediaType(contentType) == "application/x-www-form-urlencoded" && !e.requestBody.truncated)
        data["params"] = nameValuePairs(e.requestBody.bytes, '&', true);
    return data;
}

QString harUrl(const Store::Exchange &e)
{
    const QString target = QString::fromUtf8(e.request.target);
    if (target.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        target.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return target;
    QString base = e.upstream;
    if (base.isEmpty())
        base = QLatin1String("http://") + QString::fromUtf8(e.request.headers.value("Host"));
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    // "OPTIONS *" has no path: the URL names the server, the target travels in _hookscope.
    return target.startsWith(QLatin1Char('/')) ? QString(base + target)
                                               : QString(base + QLatin1Char('/'));
}

json harRequest(const Store::Exchange &e)
{
    json request = {
        {"method", jsonString(e.request.method)},
        {"url", harUrl(e).toStdString()},
        {"httpVersion", e.request.version.toBytes().toStdString()},
        {"cookies", requestCookies(e.request.headers)},
        {"headers", harHeaders(e.request.headers)},
        {"queryString", nameValuePairs(queryOf(e.request.target), '&', true)},
        {"headersSize", Http::serializeRequestHead(e.request).size()},
        {"bodySize", e.requestBody.size},
    };
    if (e.requestBody.size > 0 || !e.requestBody.bytes.isEmpty())
        request["postData"] = postData(e);
    return request;
}

json harResponse(const Store::Exchange &e)
{
    if (!e.response) {
        return {{"status", 0},
                {"statusText", ""},
                {"httpVersion", ""},
                {"cookies", json::array()},
                {"headers", json::array()},
                {"content", {{"size", 0}, {"mimeType", "x-unknown"}}},
                {"redirectURL", ""},
                {"headersSize", -1},
                {"bodySize", -1}};
    }
    const Http::ResponseHead &r = *e.response;
    const QByteArray contentType = r.headers.value("Content-Type");
    json content = {{"size", e.responseBody.size},
                    {"mimeType", contentType.isEmpty() ? "x-unknown" : jsonString(contentType)}};
    if (!e.responseBody.bytes.isEmpty() || e.responseBody.truncated)
        putBody(content, e.responseBody, "encoding");
    return {
        {"status", r.status},
        {"statusText", jsonString(r.reason)},
        {"httpVersion", r.version.toBytes().toStdString()},
        {"cookies", responseCookies(r.headers)},
        {"headers", harHeaders(r.headers)},
        {"content", std::move(content)},
        {"redirectURL", jsonString(r.headers.value("Location"))},
        {"headersSize", Http::serializeResponseHead(r).size()},
        {"bodySize", e.responseBody.size},
    };
}

json hookscopeExtras(const Store::Exchange &e)
{
    json extras = {
        {"id", e.id},
        {"clientAddress", e.clientAddress.toStdString()},
        {"upstream", e.upstream.toStdString()},
        {"target", jsonString(e.request.target)},
        {"verdict", verdictJson(e)},
        {"replayOf", e.replayOf},
        {"error", e.error.toStdString()},
        {"upgraded", e.upgraded},
        {"pending", e.durationUs < 0},
        {"requestTruncated", e.requestBody.truncated},
        {"responseTruncated", e.responseBody.truncated},
    };
    if (!isUtf8(e.request.target))
        extras["targetBase64"] = e.request.target.toBase64().toStdString();
    return extras;
}

} // namespace

nlohmann::json harEntry(const Store::Exchange &e)
{
    // Milliseconds with microsecond precision; HAR's times are numbers, not integers.
    const double ms = e.durationUs < 0 ? 0.0 : double(e.durationUs) / 1000.0;
    return {
        {"startedDateTime", formatTimestamp(e.startedUs).toStdString()},
        {"time", ms},
        {"request", harRequest(e)},
        {"response", harResponse(e)},
        {"cache", json::object()},
        {"timings",
         {{"blocked", -1},
          {"dns", -1},
          {"connect", -1},
          {"ssl", -1},
          {"send", 0},
          {"wait", ms},
          {"receive", 0}}},
        {"_hookscope", hookscopeExtras(e)},
    };
}

nlohmann::json harDocument(const QList<Store::Exchange> &exchanges, const QString &creatorVersion)
{
    json entries = json::array();
    for (const Store::Exchange &e : exchanges)
        entries.push_back(harEntry(e));
    return {{"log",
             {{"version", "1.2"},
              {"creator", creator(creatorVersion)},
              {"pages", json::array()},
              {"entries", std::move(entries)}}}};
}

JsonStreamWriter harStreamWriter(QIODevice *out, const QString &creatorVersion)
{
    const QByteArray opening = R"({"log":{"version":"1.2","creator":)" +
                               toJsonText(creator(creatorVersion)) + R"(,"pages":[],"entries":[)";
    return {out, opening, "\n]}}\n"};
}

} // namespace Hookscope::Interchange
