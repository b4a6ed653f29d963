#include "exchangeimport.h"

#include "batchwriter.h"
#include "exchangewriter.h"

namespace Hookscope::Store {

Result<QList<qint64>> importExchanges(const QString &path, QList<Exchange> exchanges,
                                      const QList<qsizetype> &originals)
{
    Result<BatchWriter> writer = BatchWriter::open(path, WriterOptions{});
    if (!writer)
        return Error{writer.error()};
    std::vector<WriteOp> ops;
    ops.reserve(size_t(exchanges.size()));
    for (qsizetype i = 0; i < exchanges.size(); ++i) {
        WriteOp op;
        op.exchange = std::move(exchanges[i]);
        op.exchange.id = 0;
        op.replayOfOp = originals.value(i, -1);
        ops.push_back(std::move(op));
    }
    exchanges.clear();
    if (Result<QList<WriteEvent>> applied = writer.value().apply(ops); !applied)
        return Error{applied.error()};
    QList<qint64> ids;
    ids.reserve(qsizetype(ops.size()));
    for (const WriteOp &op : ops)
        ids.append(op.exchange.id);
    return ids;
}

} // namespace Hookscope::Store
