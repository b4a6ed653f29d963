#pragma once

#include "common/result.h"
#include "exchange.h"

#include <QList>
#include <QString>

namespace Hookscope::Store {

// Adds exchanges to the capture database at `path` (created and migrated when needed) in one
// transaction: all of them, or on failure none. They get new ids, in the order given.
// `originals`, when given, has one entry per exchange: the index of an earlier exchange in the
// list that it replays (its replayOf becomes that one's new id), or -1 to keep replayOf as is.
// Returns the new ids. Retention is not applied: an import keeps everything it was given.
Result<QList<qint64>> importExchanges(const QString &path, QList<Exchange> exchanges,
                                      const QList<qsizetype> &originals = {});

} // namespace Hookscope::Store
