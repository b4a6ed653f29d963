#include "forwarding.h"

#include "http/serializer.h"

#include <QVarLengthArray>

namespace Hookscope::Proxy {

using Http::HeaderField;
using Http::Headers;

namespace {
bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// The fields every proxy drops, whatever Connection says; Upgrade is handled apart.
bool alwaysHopByHop(QByteArrayView name)
{
    switch (name.size()) {
    case 2:
        return sameName(name, "TE");
    case 7:
        return sameName(name, "Trailer");
    case 10:
        return sameName(name, "Connection") || sameName(name, "Keep-Alive");
    case 17:
        return sameName(name, "Transfer-Encoding");
    default:
        return name.size() > 6 && sameName(name.first(6), "Proxy-");
    }
}

// Tokens of Connection that name no other field.
bool isConnectionOption(QByteArrayView token)
{
    return sameName(token, "close") || sameName(token, "keep-alive") || sameName(token, "upgrade");
}
} // namespace

void stripHopByHop(Headers &headers, bool keepUpgrade)
{
    // Fields named by Connection (RFC 9110 §7.6.1); usually there are none, and this runs for
    // every message: the tokens are looked at in place.
    QVarLengthArray<QByteArrayView, 4> named;
    bool anyHopByHop = false;
    for (const HeaderField &f : headers) {
        const bool upgrade = f.name.size() == 7 && sameName(f.name, "Upgrade");
        anyHopByHop = anyHopByHop || (upgrade && !keepUpgrade) || alwaysHopByHop(f.name);
        if (!sameName(f.name, "Connection"))
            continue;
        for (QByteArrayView rest = f.value; !rest.isEmpty();) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView token = (comma < 0 ? rest : rest.first(comma)).trimmed();
            rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
            if (!token.isEmpty() && !isConnectionOption(token))
                named.append(token);
        }
    }
    if (anyHopByHop || !named.isEmpty()) {
        // The views point into `headers`: compare against copies while it changes.
        QVarLengthArray<QByteArray, 4> names;
        for (QByteArrayView n : named)
            names.append(n.toByteArray());
        headers.fields().removeIf([&](const HeaderField &f) {
            if (f.name.size() == 7 && sameName(f.name, "Upgrade"))
                return !keepUpgrade;
            if (alwaysHopByHop(f.name))
                return true;
            for (const QByteArray &n : std::as_const(names)) {
                if (sameName(f.name, n))
                    return true;
            }
            return false;
        });
    }
    if (keepUpgrade)
        headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade"));
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
    int lengths = 0;
    bool sameLength = false;
    for (const HeaderField &f : h) {
        if (sameName(f.name, "Content-Length")) {
            ++lengths;
            sameLength = f.value == length;
        }
    }
    const bool keepLength =
        body.framing == Http::BodyFraming::ContentLength && lengths == 1 && sameLength;
    if (!keepLength) {
        const bool hadLength = lengths > 0;
        h.remove(QByteArrayLiteral("Content-Length"));
        if (body.framing == Http::BodyFraming::ContentLength ||
            (body.framing == Http::BodyFraming::None && hadLength))
            h.add(QByteArrayLiteral("Content-Length"),
                  body.framing == Http::BodyFraming::None ? "0" : length);
    }
    if (body.framing == Http::BodyFraming::Chunked)
        h.add(QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
    if (!body.forwardExpect)
        h.remove(QByteArrayLiteral("Expect"));

    const QByteArray host = h.value(QByteArrayLiteral("Host"));
    if (!h.contains(QByteArrayLiteral("Host")))
        h.add(QByteArrayLiteral("Host"), upstream.authority().toUtf8());
    if (!clientIp.isEmpty()) {
        const QByteArray chain = h.combined(QByteArrayLiteral("X-Forwarded-For"));
        h.set(QByteArrayLiteral("X-Forwarded-For"),
              chain.isEmpty() ? clientIp : chain + ", " + clientIp);
    }
    if (!h.contains(QByteArrayLiteral("X-Forwarded-Proto")))
        h.add(QByteArrayLiteral("X-Forwarded-Proto"), QByteArrayLiteral("http"));
    if (!h.contains(QByteArrayLiteral("X-Forwarded-Host")) && !host.isEmpty())
        h.add(QByteArrayLiteral("X-Forwarded-Host"), host);
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
