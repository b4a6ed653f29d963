#include "searchtext.h"

#include "http/contentdecoding.h"

#include <QString>
#include <QUtf8StringView>

namespace Hookscope::Store::SearchText {

namespace {

bool looksTextual(const QByteArray &contentType, const QByteArray &bytes)
{
    const QByteArray type = contentType.toLower();
    for (const char *textual :
         {"json", "xml", "text/", "javascript", "form-urlencoded", "graphql", "yaml", "csv"}) {
        if (type.contains(textual))
            return true;
    }
    if (!type.isEmpty() && !type.startsWith("multipart/"))
        return false;
    return !bytes.left(1024).contains('\0');
}

QByteArray bodyText(const QByteArray &headerBlock, const QByteArray &body, qsizetype budget)
{
    if (body.isEmpty() || budget <= 0)
        return {};
    QByteArray bytes = body;
    const QByteArray coding = headerValue(headerBlock, "Content-Encoding");
    if (!coding.isEmpty()) {
        auto decoded = Http::decodeContent(body, coding, budget);
        if (decoded)
            bytes = std::move(decoded.value().bytes);
    }
    const QByteArray type = headerValue(headerBlock, "Content-Type");
    if (!looksTextual(type, bytes))
        return {};
    if (type.toLower().contains("form-urlencoded"))
        bytes = QByteArray::fromPercentEncoding(bytes.replace('+', ' '));
    bytes.truncate(budget);
    // The tokenizer expects UTF-8; anything else is replaced rather than half-read.
    if (!QUtf8StringView(bytes).isValidUtf8())
        bytes = QString::fromUtf8(bytes).toUtf8();
    return bytes;
}

// FNV-1a, 64 bits: stable across builds and platforms, unlike qHash.
QByteArray stableHash(const QByteArray &bytes)
{
    quint64 hash = 14695981039346656037ULL;
    for (char c : bytes) {
        hash ^= uchar(c);
        hash *= 1099511628211ULL;
    }
    return QByteArray::number(hash, 16);
}

} // namespace

QByteArray line(const QByteArray &method, const QByteArray &target, int status,
                const QByteArray &reason)
{
    QByteArray out = method + ' ' + target;
    if (status > 0)
        out += ' ' + QByteArray::number(status) + ' ' + reason;
    return out;
}

QByteArray headers(const QByteArray &requestHeaders, const QByteArray &responseHeaders)
{
    return requestHeaders + responseHeaders;
}

QByteArray body(const QByteArray &requestHeaders, const QByteArray &requestBody,
                const QByteArray &responseHeaders, const QByteArray &responseBody)
{
    QByteArray out = bodyText(requestHeaders, requestBody, maxBodyText);
    const QByteArray response = bodyText(responseHeaders, responseBody, maxBodyText - out.size());
    if (!response.isEmpty()) {
        if (!out.isEmpty())
            out += '\n';
        out += response;
    }
    return out;
}

QByteArray methodFacet(const QByteArray &method)
{
    return "hsm" + method.toHex();
}

QByteArray verdictFacet(int verdict)
{
    switch (verdict) {
    case 1:
        return "hsvvalid";
    case 2:
        return "hsvinvalid";
    default:
        return "hsvnone";
    }
}

QList<QByteArray> statusFacets(int low, int high)
{
    if (high <= 0)
        return {"hssnone"};
    QList<QByteArray> out;
    for (int code = low; code <= high;) {
        const QByteArray digits = QByteArray::number(code);
        if (code % 100 == 0 && code + 99 <= high) {
            out.append("hss" + digits.left(1) + "xx");
            code += 100;
        } else if (code % 10 == 0 && code + 9 <= high) {
            out.append("hss" + digits.left(2) + "x");
            code += 10;
        } else {
            out.append("hss" + digits);
            ++code;
        }
    }
    return out;
}

QByteArray pathFacet(const QByteArray &path)
{
    return "hsp" + stableHash(path);
}

int pathDepth(const QByteArray &path)
{
    return int(path.count('/'));
}

QByteArray headerNameFacet(const QByteArray &name)
{
    return "hsh" + stableHash(name.toLower());
}

QByteArray headerValueFacet(const QByteArray &name, const QByteArray &value)
{
    return "hsx" + stableHash(name.toLower() + ':' + value.toLower());
}

QByteArray facets(const FacetSource &row)
{
    QByteArray out = "hsany " + methodFacet(row.method);
    if (row.status > 0) {
        const QByteArray code = QByteArray::number(row.status);
        out += " hss" + code + " hss" + code.left(2) + "x hss" + code.left(1) + "xx";
    } else {
        out += " hssnone";
    }
    out += ' ' + verdictFacet(row.verdict);
    if (row.blocked)
        out += " hsblocked";
    out += row.replayOf > 0 ? " hsreplay" : " hsoriginal";
    if (row.path.startsWith('/')) {
        // "/a/b/c" is below "/", "/a", "/a/b" and itself; a trailing slash names no new level.
        out += ' ' + pathFacet("/");
        for (qsizetype slash = 0, depth = 0; slash >= 0 && depth < maxPathDepth; ++depth) {
            const qsizetype next = row.path.indexOf('/', slash + 1);
            const QByteArray prefix = row.path.left(next < 0 ? row.path.size() : next);
            if (prefix.size() > slash + 1)
                out += ' ' + pathFacet(prefix);
            slash = next;
        }
    }
    QList<QByteArray> headerFacets;
    for (const QByteArray *block : {&row.requestHeaders, &row.responseHeaders}) {
        for (const QByteArray &line : block->split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon);
            const QByteArray value = line.mid(colon + 1).trimmed();
            for (const QByteArray &facet :
                 {headerNameFacet(name), value.size() <= maxHeaderValueFacet
                                             ? headerValueFacet(name, value)
                                             : QByteArray()}) {
                if (!facet.isEmpty() && !headerFacets.contains(facet))
                    headerFacets.append(facet);
            }
        }
    }
    for (const QByteArray &facet : headerFacets)
        out += ' ' + facet;
    return out;
}

QByteArray headerValue(const QByteArray &block, const QByteArray &name)
{
    QByteArray first;
    anyHeaderValue(block, name, [&first](const QByteArray &value) {
        first = value;
        return true;
    });
    return first;
}

bool anyHeaderValue(const QByteArray &block, const QByteArray &name,
                    const std::function<bool(const QByteArray &)> &visit)
{
    qsizetype at = 0;
    while (at < block.size()) {
        qsizetype end = block.indexOf('\n', at);
        if (end < 0)
            end = block.size();
        const qsizetype colon = block.indexOf(':', at);
        if (colon > at && colon < end && colon - at == name.size() &&
            qstrnicmp(block.constData() + at, name.constData(), name.size()) == 0 &&
            visit(block.mid(colon + 1, end - colon - 1).trimmed()))
            return true;
        at = end + 1;
    }
    return false;
}

} // namespace Hookscope::Store::SearchText
