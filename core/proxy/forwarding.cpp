#include "forwarding.h"

#include "http/serializer.h"

namespace Hookscope::Proxy {

using Http::HeaderField;
using Http::Headers;

namespace {
bool sameName(const QByteArray &a, const char *b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}
} // namespace

void stripHopByHop(Headers &headers, bool keepUpgrade)
{
    QList<QByteArray> named;
    for (const HeaderField &f : headers) {
        if (!sameName(f.name, "Connection"))
            continue;
        for (const QByteArray &token : f.value.split(',')) {
            const QByteArray t = token.trimmed();
            if (!t.isEmpty())
                named.append(t);
        }
    }
    headers.fields().removeIf([&](const HeaderField &f) {
        if (sameName(f.name, "Upgrade"))
            return !keepUpgrade;
        if (sameName(f.name, "Connection") || sameName(f.name, "Keep-Alive") ||
            sameName(f.name, "TE") || sameName(f.name, "Trailer") ||
            sameName(f.name, "Transfer-Encoding") ||
            QByteArrayView(f.name)
                    .first(qMin<qsizetype>(6, f.name.size()))
                    .compare("Proxy-", Qt::CaseInsensitive) == 0)
            return true;
        for (const QByteArray &n : named) {
            if (f.name.compare(n, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    });
    if (keepUpgrade)
        headers.add("Connection", "Upgrade");
}

QByteArray upstreamTarget(const QByteArray &target, const QByteArray &basePath)
{
    QByteArray path = target;
    if (!path.startsWith('/')) {
        if (path == "*")
            return path;
        // absolute-form: keep what follows the authority
        const qsizetype scheme = path.indexOf("://");
        const qsizetype slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
        const qsizetype query = scheme < 0 ? -1 : path.indexOf('?', scheme + 3);
        if (slash >= 0 && (query < 0 || slash < query))
            path = path.mid(slash);
        else if (query >= 0)
            path = '/' + path.mid(query);
        else
            path = "/";
    }
    return basePath + path;
}

Http::RequestHead upstreamRequestHead(const Http::RequestHead &received,
                                      const UpstreamTarget &upstream, const QByteArray &clientIp,
                                      const OutgoingBody &body, bool upgrade)
{
    Http::RequestHead out;
    out.method = received.method;
    out.target = upstreamTarget(received.target, upstream.basePath);
    out.version = {1, 1};
    out.headers = received.headers;
    Headers &h = out.headers;
    stripHopByHop(h, upgrade);

    const QByteArray length = QByteArray::number(body.contentLength);
    const QList<QByteArray> lengths = h.values("Content-Length");
    const bool keepLength = body.framing == Http::BodyFraming::ContentLength &&
                            lengths.size() == 1 && lengths.first() == length;
    if (!keepLength) {
        const bool hadLength = !lengths.isEmpty();
        h.remove("Content-Length");
        if (body.framing == Http::BodyFraming::ContentLength ||
            (body.framing == Http::BodyFraming::None && hadLength))
            h.add("Content-Length", body.framing == Http::BodyFraming::None ? "0" : length);
    }
    if (body.framing == Http::BodyFraming::Chunked)
        h.add("Transfer-Encoding", "chunked");
    if (!body.forwardExpect)
        h.remove("Expect");

    const QByteArray host = h.value("Host");
    if (!h.contains("Host"))
        h.add("Host", upstream.authority().toUtf8());
    if (!clientIp.isEmpty()) {
        const QByteArray chain = h.combined("X-Forwarded-For");
        h.set("X-Forwarded-For", chain.isEmpty() ? clientIp : chain + ", " + clientIp);
    }
    if (!h.contains("X-Forwarded-Proto"))
        h.add("X-Forwarded-Proto", "http");
    if (!h.contains("X-Forwarded-Host") && !host.isEmpty())
        h.add("X-Forwarded-Host", host);
    return out;
}

LocalResponse localResponse(int status, const QString &text)
{
    LocalResponse r;
    r.head.status = status;
    r.head.reason = Http::reasonPhrase(status);
    r.body = text.toUtf8();
    if (!r.body.endsWith('\n'))
        r.body += '\n';
    r.head.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                      {"Content-Length", QByteArray::number(r.body.size())},
                      {"X-Hookscope", "local"}};
    return r;
}

} // namespace Hookscope::Proxy
