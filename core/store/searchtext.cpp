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
