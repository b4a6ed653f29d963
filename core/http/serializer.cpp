#include "serializer.h"

namespace Hookscope::Http {

namespace {
void appendNumber(QByteArray &out, int n)
{
    if (n >= 0 && n <= 9)
        out.append(char('0' + n));
    else if (n >= 100 && n <= 999) {
        const char digits[3] = {char('0' + n / 100), char('0' + n / 10 % 10), char('0' + n % 10)};
        out.append(digits, 3);
    } else
        out.append(QByteArray::number(n));
}

void appendVersion(QByteArray &out, const Version &v)
{
    out.append("HTTP/", 5);
    appendNumber(out, v.major);
    out.append('.');
    appendNumber(out, v.minor);
}
} // namespace

QByteArray serializeRequestHead(const RequestHead &head)
{
    QByteArray out;
    out.reserve(head.method.size() + head.target.size() + 12 + head.headers.serializedSize() + 2);
    out.append(head.method);
    out.append(' ');
    out.append(head.target);
    out.append(' ');
    appendVersion(out, head.version);
    out.append("\r\n", 2);
    head.headers.appendTo(out);
    out.append("\r\n", 2);
    return out;
}

QByteArray serializeResponseHead(const ResponseHead &head)
{
    QByteArray out;
    appendResponseHead(out, head);
    return out;
}

void appendResponseHead(QByteArray &out, const ResponseHead &head)
{
    out.reserve(out.size() + head.reason.size() + 16 + head.headers.serializedSize() + 2);
    appendVersion(out, head.version);
    out.append(' ');
    appendNumber(out, head.status);
    out.append(' ');
    out.append(head.reason);
    out.append("\r\n", 2);
    head.headers.appendTo(out);
    out.append("\r\n", 2);
}

QByteArray encodeChunk(const QByteArray &data)
{
    if (data.isEmpty())
        return {};
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray lastChunk(const Headers &trailers)
{
    return "0\r\n" + trailers.serialize() + "\r\n";
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

} // namespace Hookscope::Http
