#pragma once

#include "common/result.h"
#include "store/exchange.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Hookscope::Interchange {

// What a HAR file held, ready to be stored.
struct HarImport
{
    // In file order, ids 0. A replay whose original is an earlier entry of the file names it in
    // `originals`; other replays lose their link (replayOf 0), as ids change on import.
    QList<Store::Exchange> exchanges;
    QList<qsizetype> originals; // per exchange: the index of the original it replays, or -1
    QList<qint64> sourceIds;    // per exchange: its id in the exporting database, 0 when unknown
    int skipped = 0;            // entries that could not be read
    QStringList problems;       // why, for the first few skipped entries: "entry 3: no request URL"
};

// Reads a HAR 1.2 document (also 1.1, and what browsers' DevTools write: absolute URLs, HTTP/2
// pseudo-headers, missing optional fields, base64 content, postData given only as params).
// Entries that cannot be read are counted and skipped; a document that is not HAR at all is an
// error. Bodies of browser-written responses are already content-decoded, so their
// Content-Encoding is dropped (and Content-Length fixed) to keep header and body consistent.
Result<HarImport> readHar(const QByteArray &document);
Result<HarImport> readHarFile(const QString &path);

} // namespace Hookscope::Interchange
