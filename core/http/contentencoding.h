#pragma once

#include "common/result.h"

#include <QByteArray>

namespace Hookscope::Http {

// Applies a content coding, the reverse of decodeContent(): "gzip" (or "x-gzip"), "deflate"
// (a zlib stream, as HTTP means it) or "identity". Used when an edited body is sent again with
// its original Content-Encoding. Other codings are an error that names them.
Result<QByteArray> encodeContent(const QByteArray &body, const QByteArray &coding);

} // namespace Hookscope::Http
