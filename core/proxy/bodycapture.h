#pragma once

#include "store/exchange.h"

#include <QByteArrayView>

namespace Hookscope::Proxy {

// Adds a piece of a body to its capture: everything counts towards `size`, only the first `max`
// bytes are kept.
inline void appendCaptured(Store::CapturedBody &body, QByteArrayView data, qint64 max)
{
    body.size += data.size();
    const qint64 room = max - body.bytes.size();
    if (room >= data.size()) {
        body.bytes.append(data);
        return;
    }
    if (room > 0)
        body.bytes.append(data.first(room));
    body.truncated = true;
}

} // namespace Hookscope::Proxy
