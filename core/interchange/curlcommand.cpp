#include "curlcommand.h"

#include "jsontext.h"
#include "ngrokjson.h"
#include "proxy/forwarding.h"
#include "proxy/upstreamtarget.h"
#include "shellquote.h"

namespace Hookscope::Interchange {

namespace {

constexpr qsizetype maxInlineBody = 64 * 1024; // well under Linux's 128 KiB per argument
constexpr qsizetype base64Line = 76;
// Older curls add "Expect: 100-continue" above 1 KiB of body, newer ones above 1 MiB.
constexpr qsizetype expectThreshold = 1024;

bool isOriginForm(const QByteArray &target)
{
    if (!target.startsWith('/'))
        return false;
    return std::none_of(target.cbegin(), target.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f || c == '#';
    });
}

std::optional<Proxy::UpstreamTarget> proxyUpstream(const QString &upstream)
{
    if (!upstream.startsWith(QLatin1String("http://"), Qt::CaseInsensitive))
        return std::nullopt;
    const Result<Proxy::UpstreamTarget> target = Proxy::UpstreamTarget::parse(upstream);
    return target ? std::optional(*target) : std::nullopt;
}

// Where the URL's request-target is appended: the origin without the base path when the head is
// the forwarded one (its target already has the base path), else the upstream as recorded.
QByteArray urlBase(const Store::Exchange &e)
{
    if (const auto target = proxyUpstream(e.upstream))
        return "http://" + target->authority().toUtf8();
    QByteArray base = e.upstream.toUtf8();
    if (base.isEmpty())
        base = "http://" + e.request.headers.value("Host");
    while (base.endsWith('/'))
        base.chop(1);
    return base;
}

QByteArray headerArgument(const Http::HeaderField &field)
{
    // "Name:" with nothing after it would tell curl to remove the field; "Name;" sends it empty.
    if (field.value.trimmed().isEmpty())
        return field.name + ';';
    return field.name + ": " + field.value;
}

QByteArray base64Feed(const QByteArray &body)
{
    const QByteArray encoded = body.toBase64();
    QByteArray out = "printf '%s\\n'";
    for (qsizetype at = 0; at < encoded.size(); at += base64Line)
        out += " \\\n  " + shellQuote(encoded.mid(at, base64Line));
    return out + " |\n  base64 -d |\n";
}

} // namespace

Http::RequestHead forwardedRequestHead(const Store::Exchange &e)
{
    const std::optional<Proxy::UpstreamTarget> upstream = proxyUpstream(e.upstream);
    if (!upstream)
        return e.request;
    Proxy::OutgoingBody body;
    const Http::Headers &h = e.request.headers;
    if (h.hasToken("Transfer-Encoding", "chunked")) {
        body.framing = Http::BodyFraming::Chunked;
    } else if (h.contains("Content-Length") || e.requestBody.size > 0) {
        body.framing = Http::BodyFraming::ContentLength;
        body.contentLength = e.requestBody.size;
    }
    return Proxy::upstreamRequestHead(e.request, *upstream, remoteIp(e.clientAddress).toUtf8(),
                                      body, e.upgraded);
}

Result<QByteArray> curlCommand(const Store::Exchange &e)
{
    const Http::RequestHead rq = forwardedRequestHead(e);
    const Store::CapturedBody &body = e.requestBody;
    if (body.truncated) {
        return Error{QStringLiteral("the request body of exchange %1 was stored truncated (%2 of "
                                    "%3 bytes), so no command can send it again; capture it with "
                                    "a larger --max-body-size")
                         .arg(e.id)
                         .arg(body.bytes.size())
                         .arg(body.size)};
    }
    const Http::Headers &headers = rq.headers;
    const bool head = rq.method == "HEAD";
    const bool sendsBody = !head && (!body.bytes.isEmpty() || headers.contains("Content-Length") ||
                                     headers.contains("Transfer-Encoding"));

    // One option per line, with its argument when it takes one.
    QList<QByteArray> options;
    options << (rq.version == Http::Version{1, 0} ? "--http1.0" : "--http1.1") << "--path-as-is"
            << "--globoff";
    if (head)
        options << "--head";
    else if (rq.method != (sendsBody ? "POST" : "GET"))
        options << "--request " + shellQuote(rq.method);

    for (const Http::HeaderField &field : headers)
        options << "--header " + shellQuote(headerArgument(field));
    QList<QByteArray> defaults = {"Host", "User-Agent", "Accept"};
    if (sendsBody) {
        defaults << "Content-Type";
        if (body.bytes.size() > expectThreshold)
            defaults << "Expect";
    }
    for (const QByteArray &name : defaults) {
        if (!headers.contains(name))
            options << "--header " + shellQuote(name + ':');
    }

    const bool inlineBody =
        isText(body.bytes) && !body.bytes.startsWith('@') && body.bytes.size() <= maxInlineBody;
    if (sendsBody)
        options << "--data-binary " + (inlineBody ? shellQuote(body.bytes) : QByteArray("@-"));

    QByteArray url = urlBase(e);
    if (isOriginForm(rq.target)) {
        url += rq.target;
    } else {
        url += '/';
        options << "--request-target " + shellQuote(rq.target);
    }

    QByteArray command = sendsBody && !inlineBody ? base64Feed(body.bytes) : QByteArray();
    command += "curl";
    for (const QByteArray &option : options)
        command += " \\\n  " + option;
    command += " \\\n  " + shellQuote(url) + '\n';
    return command;
}

} // namespace Hookscope::Interchange
