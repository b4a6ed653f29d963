#include "parsetranscript.h"

#include <QRandomGenerator>

namespace Hookscope::Testing {

using namespace Hookscope::Http;

QList<QByteArray> inOnePiece(const QByteArray &bytes)
{
    return {bytes};
}

QList<QByteArray> byteByByte(const QByteArray &bytes)
{
    QList<QByteArray> pieces;
    for (char c : bytes)
        pieces.append(QByteArray(1, c));
    return pieces;
}

QList<QByteArray> atRandomPoints(const QByteArray &bytes, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QByteArray> pieces;
    qsizetype at = 0;
    while (at < bytes.size()) {
        const qsizetype length = 1 + random.bounded(qMax<qsizetype>(1, bytes.size() / 4));
        pieces.append(bytes.mid(at, length));
        at += length;
    }
    return pieces;
}

QString escaped(const QByteArray &bytes)
{
    QString out;
    for (char c : bytes) {
        switch (c) {
        case '\r':
            out += QLatin1StringView("\\r");
            break;
        case '\n':
            out += QLatin1StringView("\\n");
            break;
        case '\t':
            out += QLatin1StringView("\\t");
            break;
        case '\\':
            out += QLatin1StringView("\\\\");
            break;
        default:
            if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
                out += QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
            else
                out += QLatin1Char(c);
        }
    }
    return out;
}

namespace {

QString framingText(const MessageParser &parser)
{
    switch (parser.framing()) {
    case BodyFraming::None:
        return QStringLiteral("none");
    case BodyFraming::ContentLength:
        return QStringLiteral("length:%1").arg(parser.contentLength());
    case BodyFraming::Chunked:
        return QStringLiteral("chunked");
    case BodyFraming::UntilClose:
        return QStringLiteral("close");
    }
    return {};
}

void writeFields(QStringList &out, const Headers &headers, const char *prefix)
{
    for (const HeaderField &f : headers)
        out += QLatin1StringView(prefix) + escaped(f.name) + QLatin1StringView(": ") +
               escaped(f.value);
}

QString startLine(const RequestParser &parser)
{
    const RequestHead &h = parser.head();
    return QStringLiteral("HEAD %1 %2 %3")
        .arg(escaped(h.method), escaped(h.target), QString::fromLatin1(h.version.toBytes()));
}

QString startLine(const ResponseParser &parser)
{
    const ResponseHead &h = parser.head();
    return QStringLiteral("HEAD %1 %2 %3")
        .arg(QString::fromLatin1(h.version.toBytes()))
        .arg(h.status)
        .arg(escaped(h.reason));
}

QString flags(const RequestParser &parser)
{
    return QStringLiteral("  framing=%1 keepalive=%2 upgrade=%3 continue=%4")
        .arg(framingText(parser))
        .arg(int(parser.keepAlive()))
        .arg(int(parser.isUpgrade()))
        .arg(int(parser.expectsContinue()));
}

QString flags(const ResponseParser &parser)
{
    return QStringLiteral("  framing=%1 keepalive=%2 upgrade=%3 interim=%4")
        .arg(framingText(parser))
        .arg(int(parser.keepAlive()))
        .arg(int(parser.isUpgrade()))
        .arg(int(parser.isInterim()));
}

template<typename Parser>
QStringList run(Parser &parser, const QList<QByteArray> &pieces, bool closed)
{
    QStringList out;
    QByteArray pending;
    QByteArray body;
    bool upgraded = false;

    // Returns false once parsing has stopped for good (error or protocol switch).
    auto handle = [&](const FeedResult &r) {
        for (const ParseEvent &e : r.events) {
            switch (e.type) {
            case ParseEvent::Head:
                out += startLine(parser);
                writeFields(out, parser.head().headers, "  ");
                out += flags(parser);
                break;
            case ParseEvent::Body:
                body += e.data.toByteArray();
                break;
            case ParseEvent::Trailers:
                writeFields(out, parser.trailers(), "TRAILER ");
                break;
            case ParseEvent::MessageComplete:
                if (!body.isEmpty())
                    out += QStringLiteral("BODY ") + escaped(body);
                body.clear();
                out += QStringLiteral("END");
                break;
            }
        }
        if (r.status == ParseStatus::Error) {
            out += QStringLiteral("ERROR ") + parser.error();
            return false;
        }
        if (r.status == ParseStatus::MessageComplete && parser.isUpgrade())
            upgraded = true;
        return true;
    };

    for (const QByteArray &piece : pieces) {
        pending += piece;
        if (upgraded)
            continue;
        while (!pending.isEmpty()) {
            const FeedResult &r = parser.feed(pending);
            const qsizetype consumed = r.consumed;
            const bool more = handle(r);
            const bool complete = r.status == ParseStatus::MessageComplete;
            pending.remove(0, consumed);
            if (!more)
                return out;
            if (upgraded || !complete)
                break;
        }
    }
    if (upgraded) {
        if (!pending.isEmpty())
            out += QStringLiteral("REST ") + escaped(pending);
        return out;
    }
    if (closed)
        handle(parser.finish());
    return out;
}

} // namespace

QStringList transcribe(RequestParser &parser, const QList<QByteArray> &pieces, bool closed)
{
    return run(parser, pieces, closed);
}

QStringList transcribe(ResponseParser &parser, const QList<QByteArray> &pieces, bool closed)
{
    return run(parser, pieces, closed);
}

} // namespace Hookscope::Testing
