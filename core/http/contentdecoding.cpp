#include "contentdecoding.h"

#include <algorithm>
#include <brotli/decode.h>
#include <memory>
#include <zlib.h>

namespace Hookscope::Http {

namespace {

enum class Coding { Gzip, Deflate, Brotli, Identity, Unknown };

Coding codingOf(const QByteArray &name)
{
    const QByteArray n = name.trimmed().toLower();
    if (n == "gzip" || n == "x-gzip")
        return Coding::Gzip;
    if (n == "deflate")
        return Coding::Deflate;
    if (n == "br")
        return Coding::Brotli;
    if (n.isEmpty() || n == "identity")
        return Coding::Identity;
    return Coding::Unknown;
}

struct Step
{
    QByteArray bytes;
    bool truncated = false;
    bool incomplete = false;
};

constexpr qsizetype chunkSize = 64 * 1024;

enum class Progress { More, Finished, Starved, Failed };

// Grows the output in chunks, never past the cap, while `produce(into, room, written)` reports
// More; the decoder's last error message goes to `failure`.
template<typename Produce>
Result<Step> drain(qint64 cap, Produce produce)
{
    Step out;
    for (;;) {
        const qsizetype room = std::min<qint64>(chunkSize, cap - out.bytes.size());
        if (room <= 0) {
            out.truncated = true;
            return out;
        }
        const qsizetype before = out.bytes.size();
        out.bytes.resize(before + room);
        qsizetype written = 0;
        QString failure;
        const Progress progress = produce(out.bytes.data() + before, room, written, failure);
        out.bytes.resize(before + written);
        switch (progress) {
        case Progress::More:
            break;
        case Progress::Finished:
            return out;
        case Progress::Starved:
            out.incomplete = true;
            return out;
        case Progress::Failed:
            return Error{failure};
        }
    }
}

// windowBits: 15 + 16 for gzip, 15 for a zlib stream, -15 for raw deflate.
Result<Step> inflateWith(const QByteArray &input, int windowBits, qint64 cap)
{
    z_stream z{};
    if (inflateInit2(&z, windowBits) != Z_OK)
        return Error{QStringLiteral("zlib could not start")};
    std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, inflateEnd);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    z.avail_in = uInt(input.size());
    return drain(cap, [&](char *into, qsizetype room, qsizetype &written, QString &failure) {
        z.next_out = reinterpret_cast<Bytef *>(into);
        z.avail_out = uInt(room);
        const int rc = inflate(&z, Z_NO_FLUSH);
        written = room - qsizetype(z.avail_out);
        if (rc == Z_STREAM_END) {
            // gzip allows several members one after another (RFC 1952 §2.2); anything else
            // after the end is ignored, as browsers do.
            if (windowBits > 15 && z.avail_in >= 2 && z.next_in[0] == 0x1f &&
                z.next_in[1] == 0x8b) {
                inflateReset(&z);
                return Progress::More;
            }
            return Progress::Finished;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            return Progress::Starved;
        if (rc != Z_OK) {
            failure = QString::fromUtf8(z.msg ? z.msg : "corrupt data");
            return Progress::Failed;
        }
        return Progress::More;
    });
}

Result<Step> inflateDeflate(const QByteArray &input, qint64 cap)
{
    // HTTP's "deflate" is a zlib stream, but some servers send raw deflate data instead.
    Result<Step> zlibStream = inflateWith(input, 15, cap);
    if (zlibStream)
        return zlibStream;
    Result<Step> raw = inflateWith(input, -15, cap);
    return raw ? raw : zlibStream;
}

Result<Step> brotliDecode(const QByteArray &input, qint64 cap)
{
    std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state(
        BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
    if (!state)
        return Error{QStringLiteral("brotli could not start")};
    size_t availableIn = size_t(input.size());
    const auto *nextIn = reinterpret_cast<const uint8_t *>(input.constData());
    return drain(cap, [&](char *into, qsizetype room, qsizetype &written, QString &failure) {
        size_t availableOut = size_t(room);
        auto *nextOut = reinterpret_cast<uint8_t *>(into);
        const BrotliDecoderResult rc = BrotliDecoderDecompressStream(
            state.get(), &availableIn, &nextIn, &availableOut, &nextOut, nullptr);
        written = room - qsizetype(availableOut);
        switch (rc) {
        case BROTLI_DECODER_RESULT_SUCCESS:
            return Progress::Finished;
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
            return Progress::Starved;
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
            return Progress::More;
        case BROTLI_DECODER_RESULT_ERROR:
            break;
        }
        failure =
            QString::fromUtf8(BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
        return Progress::Failed;
    });
}

} // namespace

bool canDecode(const QByteArray &coding)
{
    return codingOf(coding) != Coding::Unknown;
}

Result<DecodedContent> decodeContent(const QByteArray &body, const QByteArray &contentEncoding,
                                     qint64 maxOutput)
{
    DecodedContent result;
    result.bytes = body;
    QList<QByteArray> codings;
    for (const QByteArray &part : contentEncoding.split(',')) {
        if (codingOf(part) != Coding::Identity)
            codings.append(part.trimmed());
    }
    // An intermediate stage may use the whole cap: only the final output is what we promise.
    for (auto it = codings.crbegin(); it != codings.crend(); ++it) {
        const bool last = std::next(it) == codings.crend();
        const qint64 cap = last ? maxOutput : std::max<qint64>(maxOutput, 64 * 1024 * 1024);
        Result<Step> step = Error{};
        switch (codingOf(*it)) {
        case Coding::Gzip:
            step = inflateWith(result.bytes, 15 + 16, cap);
            break;
        case Coding::Deflate:
            step = inflateDeflate(result.bytes, cap);
            break;
        case Coding::Brotli:
            step = brotliDecode(result.bytes, cap);
            break;
        case Coding::Identity:
            continue;
        case Coding::Unknown:
            return Error{QStringLiteral("cannot decode content coding '%1': Hookscope decodes "
                                        "gzip, deflate and br (showing the raw bytes)")
                             .arg(QString::fromLatin1(*it))};
        }
        if (!step)
            return Error{QStringLiteral("cannot decode the %1 body: %2 (showing the raw bytes)")
                             .arg(QString::fromLatin1(*it), step.error())};
        result.bytes = std::move(step.value().bytes);
        result.truncated = result.truncated || step.value().truncated;
        result.incomplete = result.incomplete || step.value().incomplete;
        result.codings.prepend(*it);
    }
    if (result.bytes.size() > maxOutput) {
        result.bytes.truncate(maxOutput);
        result.truncated = true;
    }
    return result;
}

} // namespace Hookscope::Http
