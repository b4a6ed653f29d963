#include "contentencoding.h"

#include <zlib.h>

namespace Hookscope::Http {

Result<QByteArray> encodeContent(const QByteArray &body, const QByteArray &coding)
{
    const QByteArray name = coding.trimmed().toLower();
    if (name.isEmpty() || name == "identity")
        return body;
    int windowBits = 0;
    if (name == "gzip" || name == "x-gzip")
        windowBits = 15 + 16;
    else if (name == "deflate")
        windowBits = 15;
    else
        return Error{QStringLiteral("cannot encode content coding '%1': Hookscope encodes gzip "
                                    "and deflate (send the body unencoded instead)")
                         .arg(QString::fromLatin1(coding))};
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return Error{QStringLiteral("zlib could not start")};
    QByteArray out(qsizetype(deflateBound(&z, uLong(body.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.constData()));
    z.avail_in = uInt(body.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return Error{QStringLiteral("cannot encode the body as %1").arg(QString::fromLatin1(name))};
    return out;
}

} // namespace Hookscope::Http
