#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>

namespace Hookscope::Http {

// A body with its content codings (gzip, deflate, br) undone.
struct DecodedContent
{
    QByteArray bytes;
    QList<QByteArray> codings; // the codings that were undone, as listed in Content-Encoding
    bool truncated = false;    // stopped at the output cap; `bytes` is the first part
    bool incomplete = false;   // the encoded input ended early (a truncated capture)
};

// Undoes the codings listed in a Content-Encoding value ("gzip", "deflate, br", …; applied in
// the order listed, so undone from the last). "identity" and an empty value leave the body as
// it is. The output stops at maxOutput bytes. An unknown coding or corrupt data is an error
// that names the coding; the caller then shows the raw bytes.
Result<DecodedContent> decodeContent(const QByteArray &body, const QByteArray &contentEncoding,
                                     qint64 maxOutput = 64 * 1024 * 1024);

// True when decodeContent() knows this coding (case-insensitive).
bool canDecode(const QByteArray &coding);

} // namespace Hookscope::Http
