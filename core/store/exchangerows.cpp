#include "exchangerows.h"

#include "statement.h"

namespace Hookscope::Store::Rows {

namespace {

int packVersion(const Http::Version &v)
{
    return v.major * 10 + v.minor;
}

Http::Version unpackVersion(int packed)
{
    return {packed / 10, packed % 10};
}

void bindOptionalBytes(Statement &s, int index, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        s.bindNull(index);
    else
        s.bindText(index, bytes);
}

} // namespace

QByteArray insertExchangeSql()
{
    return "INSERT INTO exchanges (started_us, duration_us, method, path, status, request_size, "
           "response_size, verdict, blocked, replay_of, upgraded, request_truncated, "
           "response_truncated, target, http_version, response_version, reason, "
           "request_content_type, response_content_type, client_addr, upstream, error, "
           "verdict_provider, verdict_reason, request_headers, response_headers) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
           "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";
}

void bindExchange(Statement &s, const Exchange &e)
{
    s.bind(1, e.startedUs);
    s.bind(2, e.durationUs);
    s.bindText(3, e.request.method);
    s.bindText(4, pathOf(e.request.target));
    if (e.response)
        s.bind(5, e.response->status);
    else
        s.bindNull(5);
    s.bind(6, e.requestBody.size);
    s.bind(7, e.responseBody.size);
    s.bind(8, int(e.verdict));
    s.bind(9, e.blocked);
    if (e.replayOf > 0)
        s.bind(10, e.replayOf);
    else
        s.bindNull(10);
    s.bind(11, e.upgraded);
    s.bind(12, e.requestBody.truncated);
    s.bind(13, e.responseBody.truncated);
    s.bindText(14, e.request.target);
    s.bind(15, packVersion(e.request.version));
    bindOptionalBytes(s, 18, e.request.headers.value("Content-Type"));
    if (e.response) {
        s.bind(16, packVersion(e.response->version));
        s.bindText(17, e.response->reason);
        bindOptionalBytes(s, 19, e.response->headers.value("Content-Type"));
        s.bindText(26, e.response->headers.serialize());
    }
    s.bindText(20, e.clientAddress);
    s.bindText(21, e.upstream);
    s.bindOptionalText(22, e.error);
    s.bindOptionalText(23, e.verdictProvider);
    s.bindOptionalText(24, e.verdictReason);
    s.bindText(25, e.request.headers.serialize());
}

QByteArray summaryColumns()
{
    return "e.id, e.started_us, e.duration_us, e.method, e.target, e.status, e.request_size, "
           "e.response_size, e.response_content_type, e.verdict, e.blocked, e.replay_of, "
           "e.error IS NOT NULL, "
           // The reason in brief, as briefVerdictReason() makes it.
           "substr(e.verdict_reason, 1, instr(e.verdict_reason || ':', ':') - 1)";
}

ExchangeSummary readSummary(const Statement &r)
{
    ExchangeSummary s;
    s.id = r.int64(0);
    s.startedUs = r.int64(1);
    s.durationUs = r.int64(2);
    s.method = r.bytes(3);
    s.target = r.bytes(4);
    s.status = r.integer(5);
    s.requestSize = r.int64(6);
    s.responseSize = r.int64(7);
    s.responseContentType = r.bytes(8);
    s.verdict = Verdict(r.integer(9));
    s.blocked = r.integer(10) != 0;
    s.replayOf = r.int64(11);
    s.hasError = r.integer(12) != 0;
    s.verdictReason = r.text(13);
    return s;
}

QByteArray exchangeColumns()
{
    return "e.id, e.started_us, e.duration_us, e.client_addr, e.upstream, e.method, e.target, "
           "e.http_version, e.request_headers, e.request_size, e.request_truncated, e.status, "
           "e.reason, e.response_version, e.response_headers, e.response_size, "
           "e.response_truncated, e.error, e.verdict, e.verdict_provider, e.verdict_reason, "
           "e.blocked, e.replay_of, e.upgraded, b.request, b.response";
}

Exchange readExchange(const Statement &r)
{
    Exchange e;
    e.id = r.int64(0);
    e.startedUs = r.int64(1);
    e.durationUs = r.int64(2);
    e.clientAddress = r.text(3);
    e.upstream = r.text(4);
    e.request.method = r.bytes(5);
    e.request.target = r.bytes(6);
    e.request.version = unpackVersion(r.integer(7));
    e.request.headers = Http::Headers::parse(r.bytes(8));
    e.requestBody.bytes = r.isNull(24) ? QByteArray() : r.bytes(24);
    e.requestBody.size = r.int64(9);
    e.requestBody.truncated = r.integer(10) != 0;
    if (!r.isNull(11)) {
        Http::ResponseHead head;
        head.status = r.integer(11);
        head.reason = r.bytes(12);
        head.version = unpackVersion(r.integer(13));
        head.headers = Http::Headers::parse(r.bytes(14));
        e.response = head;
    }
    e.responseBody.bytes = r.isNull(25) ? QByteArray() : r.bytes(25);
    e.responseBody.size = r.int64(15);
    e.responseBody.truncated = r.integer(16) != 0;
    e.error = r.text(17);
    e.verdict = Verdict(r.integer(18));
    e.verdictProvider = r.text(19);
    e.verdictReason = r.text(20);
    e.blocked = r.integer(21) != 0;
    e.replayOf = r.int64(22);
    e.upgraded = r.integer(23) != 0;
    return e;
}

QByteArray searchColumns()
{
    return "hs_search_line(e.method, e.target, e.status, e.reason), "
           "hs_search_headers(e.request_headers, e.response_headers), "
           "hs_search_body(e.request_headers, b.request, e.response_headers, b.response), "
           "hs_search_facets(e.method, e.status, e.verdict, e.blocked, e.replay_of, e.path, "
           "e.request_headers, e.response_headers)";
}

QByteArray fromExchangesWithBodies()
{
    return " FROM exchanges e LEFT JOIN bodies b ON b.exchange_id = e.id ";
}

QByteArray pathOf(const QByteArray &target)
{
    qsizetype start = 0;
    if (!target.startsWith('/')) {
        const qsizetype scheme = target.indexOf("://");
        if (scheme < 0)
            return target; // authority form (CONNECT) or "*"
        start = scheme + 3;
        while (start < target.size() && !QByteArrayView("/?#").contains(target[start]))
            ++start;
        if (start == target.size() || target[start] != '/')
            return QByteArray("/");
    }
    qsizetype end = start;
    while (end < target.size() && target[end] != '?' && target[end] != '#')
        ++end;
    return target.mid(start, end - start);
}

} // namespace Hookscope::Store::Rows
