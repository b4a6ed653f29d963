#include "forwarding.h"

#include "http/serializer.h"

#include <QVarLengthArray>
#include <charconv>
#include <iterator>

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
    default: // the first letter before the compare: this runs several times per field
        return name.size() > 6 && (name[0] == 'P' || name[0] == 'p') &&
               sameName(name.first(6), "Proxy-");
    }
}

// Tokens of Connection that name no other field.
bool isConnectionOption(QByteArrayView token)
{
    return sameName(token, "close") || sameName(token, "keep-alive") || sameName(token, "upgrade");
}

// Which fields of one message are hop-by-hop (RFC 9110 §7.6.1). Usually there are none but
// Connection itself, and this runs for every message: the names Connection lists are looked at
// in place, so the headers must stay as they are while it is in use.
class HopByHop
{
public:
    HopByHop(const Headers &headers, bool keepUpgrade)
        : m_keepUpgrade(keepUpgrade)
    {
        for (const HeaderField &f : headers) {
            m_any = m_any || drops(f.name);
            if (!sameName(f.name, "Connection"))
                continue;
            for (QByteArrayView rest = f.value; !rest.isEmpty();) {
                const qsizetype comma = rest.indexOf(',');
                const QByteArrayView token = (comma < 0 ? rest : rest.first(comma)).trimmed();
                rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
                if (!token.isEmpty() && !isConnectionOption(token))
                    m_named.append(token);
            }
        }
    }

    // Whether any field of the message is hop-by-hop.
    bool any() const { return m_any || !m_named.isEmpty(); }

    bool drops(QByteArrayView name) const
    {
        if (name.size() == 7 && sameName(name, "Upgrade"))
            return !m_keepUpgrade;
        if (alwaysHopByHop(name))
            return true;
        for (QByteArrayView n : m_named) {
            if (sameName(name, n))
                return true;
        }
        return false;
    }

private:
    QVarLengthArray<QByteArrayView, 4> m_named;
    bool m_keepUpgrade = false;
    bool m_any = false;
};

// The fields of `from` that are not hop-by-hop, in order, appended to `to`.
void appendEndToEnd(QList<HeaderField> &to, const Headers &from, const HopByHop &hop)
{
    for (const HeaderField &f : from) {
        if (!hop.drops(f.name))
            to.append(f);
    }
}

// The end-to-end fields the request rewriting looks at.
enum class Field {
    Other,
    Host,
    Expect,
    ContentLength,
    ForwardedFor,
    ForwardedProto,
    ForwardedHost
};

Field fieldOf(QByteArrayView name)
{
    switch (name.size()) {
    case 4:
        return sameName(name, "Host") ? Field::Host : Field::Other;
    case 6:
        return sameName(name, "Expect") ? Field::Expect : Field::Other;
    case 14:
        return sameName(name, "Content-Length") ? Field::ContentLength : Field::Other;
    case 15:
        return sameName(name, "X-Forwarded-For") ? Field::ForwardedFor : Field::Other;
    case 16:
        return sameName(name, "X-Forwarded-Host") ? Field::ForwardedHost : Field::Other;
    case 17:
        return sameName(name, "X-Forwarded-Proto") ? Field::ForwardedProto : Field::Other;
    default:
        return Field::Other;
    }
}
} // namespace

void stripHopByHop(Headers &headers, bool keepUpgrade)
{
    const HopByHop hop(headers, keepUpgrade);
    if (hop.any()) {
        QList<HeaderField> kept;
        kept.reserve(headers.size());
        appendEndToEnd(kept, headers, hop);
        headers.fields() = std::move(kept); // `hop` looked into the old fields: not used after
    }
    if (keepUpgrade)
        headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade"));
}

Http::ResponseHead clientResponseHead(const Http::ResponseHead &received, bool upgrade)
{
    Http::ResponseHead out;
    out.status = received.status;
    out.reason = received.reason;
    out.version = {1, 1};
    QList<HeaderField> &fields = out.headers.fields();
    fields.reserve(received.headers.size() + 2); // room for the framing fields the caller adds
    appendEndToEnd(fields, received.headers, HopByHop(received.headers, upgrade));
    if (upgrade)
        out.headers.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade"));
    return out;
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
    // One look at the fields to learn what they hold, one more to copy them: this runs for every
    // request the proxy forwards.
    const HopByHop hop(received.headers, upgrade);
    char lengthDigits[24];
    const auto [lengthEnd, ec] =
        std::to_chars(std::begin(lengthDigits), std::end(lengthDigits), body.contentLength);
    const QByteArrayView length(lengthDigits, lengthEnd - lengthDigits);
    int lengths = 0;
    bool sameLength = false;
    const QByteArray *host = nullptr;
    bool hasProto = false;
    bool hasForwardedHost = false;
    QByteArray forwardedFor; // the chain so far, with the client appended
    bool hasForwardedFor = false;
    for (const HeaderField &f : received.headers) {
        if (hop.drops(f.name))
            continue;
        switch (fieldOf(f.name)) {
        case Field::ContentLength:
            ++lengths;
            sameLength = f.value == length;
            break;
        case Field::Host:
            if (!host)
                host = &f.value;
            break;
        case Field::ForwardedFor:
            if (hasForwardedFor)
                forwardedFor += ", ";
            forwardedFor += f.value;
            hasForwardedFor = true;
            break;
        case Field::ForwardedProto:
            hasProto = true;
            break;
        case Field::ForwardedHost:
            hasForwardedHost = true;
            break;
        case Field::Expect:
        case Field::Other:
            break;
        }
    }
    if (!clientIp.isEmpty())
        forwardedFor = hasForwardedFor ? forwardedFor + ", " + clientIp : clientIp;
    const bool keepLength =
        body.framing == Http::BodyFraming::ContentLength && lengths == 1 && sameLength;

    Http::RequestHead out;
    out.method = received.method;
    out.target = upstreamTarget(received.target, upstream.basePath);
    out.version = {1, 1};
    Headers &h = out.headers;
    h.fields().reserve(received.headers.size() + 6);
    bool forwardedForPlaced = false;
    for (const HeaderField &f : received.headers) {
        if (hop.drops(f.name))
            continue;
        switch (fieldOf(f.name)) {
        case Field::ContentLength:
            if (!keepLength)
                continue;
            break;
        case Field::Expect:
            if (!body.forwardExpect)
                continue;
            break;
        case Field::ForwardedFor:
            if (clientIp.isEmpty())
                break;
            // One field with the whole chain, where the first one was.
            if (!forwardedForPlaced)
                h.add(f.name, forwardedFor);
            forwardedForPlaced = true;
            continue;
        case Field::Host:
        case Field::ForwardedProto:
        case Field::ForwardedHost:
        case Field::Other:
            break;
        }
        h.fields().append(f);
    }
    if (upgrade)
        h.add(QByteArrayLiteral("Connection"), QByteArrayLiteral("Upgrade"));
    if (!keepLength) {
        if (body.framing == Http::BodyFraming::ContentLength)
            h.add(QByteArrayLiteral("Content-Length"), length.toByteArray());
        else if (body.framing == Http::BodyFraming::None && lengths > 0)
            h.add(QByteArrayLiteral("Content-Length"), QByteArrayLiteral("0"));
    }
    if (body.framing == Http::BodyFraming::Chunked)
        h.add(QByteArrayLiteral("Transfer-Encoding"), QByteArrayLiteral("chunked"));
    if (!host)
        h.add(QByteArrayLiteral("Host"), upstream.authority().toUtf8());
    if (!clientIp.isEmpty() && !forwardedForPlaced)
        h.add(QByteArrayLiteral("X-Forwarded-For"), forwardedFor);
    if (!hasProto)
        h.add(QByteArrayLiteral("X-Forwarded-Proto"), QByteArrayLiteral("http"));
    if (!hasForwardedHost && host && !host->isEmpty())
        h.add(QByteArrayLiteral("X-Forwarded-Host"), *host);
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
