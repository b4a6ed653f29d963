#pragma once

#include "jsonstreamwriter.h"
#include "store/exchange.h"

#include <QList>
#include <QString>
#include <nlohmann/json.hpp>

namespace Hookscope::Interchange {

// One HAR 1.2 entry for a captured exchange. The request URL is where it was sent: the upstream
// followed by the request-target. Bodies that are text go in as text, others base64 with
// content.encoding "base64" (postData, which HAR 1.2 gives no encoding, carries "_encoding").
// Truncated bodies keep their full size in bodySize/content.size and say so in a comment.
// Everything HAR has no field for — client address, upstream, verdict, replay_of, error,
// truncation, pending — goes in the custom object "_hookscope", which our import reads back.
// An exchange without a response gets HAR's "no response" form: status 0, sizes -1.
nlohmann::json harEntry(const Store::Exchange &exchange);

// A whole HAR document for a few exchanges (tests, the window's selection).
nlohmann::json harDocument(const QList<Store::Exchange> &exchanges, const QString &creatorVersion);

// A writer for a HAR document of any size: write(harEntry(e)) for each exchange, oldest first,
// then finish().
JsonStreamWriter harStreamWriter(QIODevice *out, const QString &creatorVersion);

} // namespace Hookscope::Interchange
