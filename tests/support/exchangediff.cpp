#include "exchangediff.h"

#include <QStringList>

namespace Hookscope::Testing {

QString exchangeDifference(const Store::Exchange &a, const Store::Exchange &b)
{
    QStringList d;
    const auto check = [&](bool same, const char *what) {
        if (!same)
            d << QLatin1String(what);
    };
    check(a.startedUs == b.startedUs, "startedUs");
    check(a.durationUs == b.durationUs, "durationUs");
    check(a.clientAddress == b.clientAddress, "clientAddress");
    check(a.upstream == b.upstream, "upstream");
    check(a.request.method == b.request.method, "request.method");
    check(a.request.target == b.request.target, "request.target");
    check(a.request.version == b.request.version, "request.version");
    check(a.request.headers == b.request.headers, "request.headers");
    check(a.requestBody.bytes == b.requestBody.bytes, "requestBody.bytes");
    check(a.requestBody.size == b.requestBody.size, "requestBody.size");
    check(a.requestBody.truncated == b.requestBody.truncated, "requestBody.truncated");
    check(a.response.has_value() == b.response.has_value(), "response presence");
    if (a.response && b.response) {
        check(a.response->status == b.response->status, "response.status");
        check(a.response->reason == b.response->reason, "response.reason");
        check(a.response->version == b.response->version, "response.version");
        check(a.response->headers == b.response->headers, "response.headers");
    }
    check(a.responseBody.bytes == b.responseBody.bytes, "responseBody.bytes");
    check(a.responseBody.size == b.responseBody.size, "responseBody.size");
    check(a.responseBody.truncated == b.responseBody.truncated, "responseBody.truncated");
    check(a.error == b.error, "error");
    check(a.verdict == b.verdict, "verdict");
    check(a.verdictProvider == b.verdictProvider, "verdictProvider");
    check(a.verdictReason == b.verdictReason, "verdictReason");
    check(a.blocked == b.blocked, "blocked");
    check(a.upgraded == b.upgraded, "upgraded");
    return d.join(QLatin1String(", "));
}

} // namespace Hookscope::Testing
