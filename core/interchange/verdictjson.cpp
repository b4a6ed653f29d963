#include "verdictjson.h"

#include "jsonread.h"

namespace Hookscope::Interchange {

namespace {

const char *stateName(Store::Verdict verdict)
{
    switch (verdict) {
    case Store::Verdict::Valid:
        return "valid";
    case Store::Verdict::Invalid:
        return "invalid";
    case Store::Verdict::None:
        break;
    }
    return "none";
}

} // namespace

nlohmann::json verdictJson(const Store::Exchange &exchange)
{
    return {{"state", stateName(exchange.verdict)},
            {"provider", exchange.verdictProvider.toUtf8().toStdString()},
            {"reason", exchange.verdictReason.toUtf8().toStdString()},
            {"blocked", exchange.blocked}};
}

void readVerdictJson(const nlohmann::json &verdict, Store::Exchange &exchange)
{
    if (!verdict.is_object())
        return;
    const QString state = stringMember(verdict, "state");
    if (state == QLatin1String("valid"))
        exchange.verdict = Store::Verdict::Valid;
    else if (state == QLatin1String("invalid"))
        exchange.verdict = Store::Verdict::Invalid;
    else if (state == QLatin1String("none"))
        exchange.verdict = Store::Verdict::None;
    exchange.verdictProvider = stringMember(verdict, "provider", exchange.verdictProvider);
    exchange.verdictReason = stringMember(verdict, "reason", exchange.verdictReason);
    exchange.blocked = boolMember(verdict, "blocked", exchange.blocked);
}

} // namespace Hookscope::Interchange
