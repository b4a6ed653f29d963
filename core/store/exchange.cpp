#include "exchange.h"

namespace Hookscope::Store {

ExchangeSummary summarize(const Exchange &e)
{
    ExchangeSummary s;
    s.id = e.id;
    s.startedUs = e.startedUs;
    s.durationUs = e.durationUs;
    s.method = e.request.method;
    s.target = e.request.target;
    s.status = e.response ? e.response->status : 0;
    s.requestSize = e.requestBody.size;
    s.responseSize = e.responseBody.size;
    if (e.response)
        s.responseContentType = e.response->headers.value("Content-Type");
    s.verdict = e.verdict;
    s.verdictReason = briefVerdictReason(e.verdictReason);
    s.blocked = e.blocked;
    s.replayOf = e.replayOf;
    s.hasError = !e.error.isEmpty();
    return s;
}

QString briefVerdictReason(const QString &reason)
{
    const qsizetype colon = reason.indexOf(u':');
    return colon < 0 ? reason : reason.first(colon);
}

} // namespace Hookscope::Store
