#include "exchangecolumn.h"

#include <tuple>

namespace Hookscope::Gui {

QString columnTitle(ExchangeColumn column)
{
    switch (column) {
    case ExchangeColumn::Id:
        return QStringLiteral("#");
    case ExchangeColumn::Time:
        return QStringLiteral("Time");
    case ExchangeColumn::Method:
        return QStringLiteral("Method");
    case ExchangeColumn::Path:
        return QStringLiteral("Path");
    case ExchangeColumn::Status:
        return QStringLiteral("Status");
    case ExchangeColumn::Duration:
        return QStringLiteral("Duration");
    case ExchangeColumn::RequestSize:
        return QStringLiteral("Request");
    case ExchangeColumn::ResponseSize:
        return QStringLiteral("Response");
    case ExchangeColumn::ContentType:
        return QStringLiteral("Type");
    case ExchangeColumn::Verdict:
        return QStringLiteral("Signature");
    case ExchangeColumn::Replay:
        return QStringLiteral("Replay");
    }
    return {};
}

bool columnVisibleByDefault(ExchangeColumn column)
{
    return column != ExchangeColumn::ContentType;
}

bool columnFollowsCaptureOrder(ExchangeColumn column)
{
    return column == ExchangeColumn::Id || column == ExchangeColumn::Time;
}

bool columnLessThan(ExchangeColumn column, const Store::ExchangeSummary &a,
                    const Store::ExchangeSummary &b)
{
    const auto by = [&](const auto &x, const auto &y) {
        return std::tie(x, a.id) < std::tie(y, b.id);
    };
    switch (column) {
    case ExchangeColumn::Id:
        return a.id < b.id;
    case ExchangeColumn::Time:
        return by(a.startedUs, b.startedUs);
    case ExchangeColumn::Method:
        return by(a.method, b.method);
    case ExchangeColumn::Path:
        return by(a.target, b.target);
    case ExchangeColumn::Status:
        return by(a.status, b.status);
    case ExchangeColumn::Duration:
        return by(a.durationUs, b.durationUs);
    case ExchangeColumn::RequestSize:
        return by(a.requestSize, b.requestSize);
    case ExchangeColumn::ResponseSize:
        return by(a.responseSize, b.responseSize);
    case ExchangeColumn::ContentType:
        return by(a.responseContentType, b.responseContentType);
    case ExchangeColumn::Verdict:
        return by(int(a.verdict), int(b.verdict));
    case ExchangeColumn::Replay:
        return by(a.replayOf, b.replayOf);
    }
    return a.id < b.id;
}

} // namespace Hookscope::Gui
