#include "bodyformatter.h"

#include "displayformat.h"
#include "formparams.h"
#include "hexdump.h"
#include "http/contentdecoding.h"
#include "jsonformatter.h"
#include "xmlformatter.h"

#include <QStringDecoder>

namespace Hookscope::Gui {

namespace {

// A decompression bomb stops here; the note says that the rest is not shown.
constexpr qint64 maxDecodedSize = 64 * 1024 * 1024;

bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString text = decoder.decode(bytes);
    return !decoder.hasError();
}

// Text when it is UTF-8 without NULs and only the usual whitespace controls.
bool looksLikeText(QByteArrayView bytes)
{
    const QByteArrayView sample = bytes.first(std::min<qsizetype>(bytes.size(), 64 * 1024));
    for (const char c : sample) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f')
            return false;
        if (b == 0x7f)
            return false;
    }
    // A multi-byte sequence may be cut at the end of the sample; allow for that.
    QByteArrayView checked = sample;
    while (!checked.isEmpty() && (static_cast<unsigned char>(checked.back()) & 0xc0) == 0x80)
        checked.chop(1);
    if (!checked.isEmpty() && static_cast<unsigned char>(checked.back()) >= 0xc0)
        checked.chop(1);
    return isValidUtf8(checked);
}

QByteArrayView firstNonSpace(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && QByteArrayView(" \t\r\n").contains(bytes[i]))
        ++i;
    return bytes.sliced(i);
}

void clipText(FormattedText &text, qint64 limit, FormattedBody &out)
{
    if (limit <= 0 || text.text.size() <= limit)
        return;
    text.text.truncate(limit);
    while (!text.spans.isEmpty() && text.spans.last().start >= limit)
        text.spans.removeLast();
    if (!text.spans.isEmpty()) {
        SyntaxSpan &last = text.spans.last();
        last.length = std::min<int>(last.length, int(limit) - last.start);
    }
    out.clipped = true;
    out.clippedFrom = out.decoded.size();
}

} // namespace

BodyKind classifyBody(QByteArrayView mediaType, QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return BodyKind::Empty;
    if (mediaType == "application/json" || mediaType == "text/json" || mediaType.endsWith("+json"))
        return BodyKind::Json;
    if (mediaType == "application/xml" || mediaType == "text/xml" || mediaType.endsWith("+xml"))
        return BodyKind::Xml;
    if (mediaType.startsWith("image/")) {
        QImage probe;
        return probe.loadFromData(bytes) ? BodyKind::Image : BodyKind::Binary;
    }
    if (!looksLikeText(bytes))
        return BodyKind::Binary;
    // Unlabelled or generic text that is structured anyway is shown structured.
    const QByteArrayView start = firstNonSpace(bytes);
    const bool generic =
        mediaType.isEmpty() || mediaType == "text/plain" || mediaType == "application/octet-stream";
    if (generic && (start.startsWith('{') || start.startsWith('[')))
        return BodyKind::Json;
    if (generic && start.startsWith("<?xml"))
        return BodyKind::Xml;
    return BodyKind::Text;
}

FormattedBody formatBody(const Http::Headers &headers, const Store::CapturedBody &body,
                         BodyFormatOptions options)
{
    FormattedBody out;
    const QByteArray contentType = headers.value("Content-Type");
    out.mediaType = QString::fromLatin1(contentType.split(';').first().trimmed().toLower());
    out.decoded = body.bytes;

    if (const QByteArray encoding = headers.combined("Content-Encoding").trimmed();
        !encoding.isEmpty() && encoding.toLower() != "identity" && !body.bytes.isEmpty()) {
        auto decoded = Http::decodeContent(body.bytes, encoding, maxDecodedSize);
        if (decoded) {
            out.decoded = std::move(decoded.value().bytes);
            out.notes.append(QStringLiteral("Decoded from %1 for display: %2 on the wire, %3 "
                                            "decoded.")
                                 .arg(QString::fromLatin1(encoding), formatSize(body.bytes.size()),
                                      formatSize(out.decoded.size())));
            if (decoded.value().truncated)
                out.notes.append(QStringLiteral("Only the first %1 of the decoded body are shown.")
                                     .arg(formatSize(maxDecodedSize)));
            if (decoded.value().incomplete)
                out.notes.append(QStringLiteral("The encoded body ends early; what could be "
                                                "decoded is shown."));
        } else {
            out.notes.append(QStringLiteral("Could not undo Content-Encoding %1 (%2); the bytes "
                                            "are shown as they came.")
                                 .arg(QString::fromLatin1(encoding), decoded.error()));
        }
    }
    if (body.truncated)
        out.notes.append(QStringLiteral("Only the first %1 of %2 were stored (--max-body-size).")
                             .arg(formatSize(body.bytes.size()), formatSize(body.size)));

    const QByteArray mediaType = out.mediaType.toLatin1();
    out.kind = classifyBody(mediaType, out.decoded);
    switch (out.kind) {
    case BodyKind::Empty:
        break;
    case BodyKind::Json:
        out.formatted = formatJson(out.decoded);
        // Text that only looked like JSON (no JSON media type said so) is shown as it is.
        if (out.formatted.error && !mediaType.contains("json")) {
            out.kind = BodyKind::Text;
            out.formatted = {QString::fromUtf8(out.decoded), {}, {}};
        }
        clipText(out.formatted, options.textLimit, out);
        break;
    case BodyKind::Xml:
        out.formatted = formatXml(out.decoded);
        clipText(out.formatted, options.textLimit, out);
        break;
    case BodyKind::Text: {
        const QByteArray charset = headerParameter(contentType, "charset");
        QStringDecoder decoder(charset.isEmpty() ? "UTF-8" : charset.constData());
        out.formatted.text =
            decoder.isValid() ? decoder.decode(out.decoded) : QString::fromUtf8(out.decoded);
        clipText(out.formatted, options.textLimit, out);
        break;
    }
    case BodyKind::Image:
        out.image.loadFromData(out.decoded);
        out.notes.append(
            QStringLiteral("%1 × %2 pixels").arg(out.image.width()).arg(out.image.height()));
        break;
    case BodyKind::Binary: {
        const qint64 limit = options.hexLimit > 0 ? options.hexLimit : out.decoded.size();
        out.formatted.text =
            hexDump(QByteArrayView(out.decoded).first(std::min<qint64>(limit, out.decoded.size())));
        if (limit < out.decoded.size()) {
            out.clipped = true;
            out.clippedFrom = out.decoded.size();
        }
        break;
    }
    }
    return out;
}

} // namespace Hookscope::Gui
