#include "ngrokjson.h"

#include "jsontext.h"
#include "timestamps.h"
#include "verdictjson.h"
#include "wireformat.h"

namespace Hookscope::Interchange {

namespace {

// Go's http.Header shape: each name once (first spelling wins), all its values in order.
nlohmann::json headerMap(const Http::Headers &headers)
{
    nlohmann::json map = nlohmann::json::object();
    QList<QByteArray> names;
    for (const Http::HeaderField &field : headers) {
        const auto it = std::find_if(names.cbegin(), names.cend(), [&](const QByteArray &n) {
            return n.compare(field.name, Qt::CaseInsensitive) == 0;
        });
        const QByteArray &name = it == names.cend() ? names.emplace_back(field.name) : *it;
        map[jsonString(name)].push_back(jsonString(field.value));
    }
    return map;
}

std::string base64(const QByteArray &bytes)
{
    return bytes.toBase64().toStdString();
}

} // namespace

std::string ngrokRequestUri(qint64 id)
{
    return "/api/requests/http/" + std::to_string(id);
}

QString remoteIp(const QString &clientAddress)
{
    if (clientAddress.startsWith(QLatin1Char('['))) {
        const qsizetype close = clientAddress.indexOf(QLatin1Char(']'));
        return close > 0 ? clientAddress.mid(1, close - 1) : clientAddress;
    }
    // More than one colon without brackets is a bare IPv6 address: there is no port to cut.
    if (clientAddress.count(QLatin1Char(':')) == 1)
        return clientAddress.section(QLatin1Char(':'), 0, 0);
    return clientAddress;
}

nlohmann::json ngrokRequest(const Store::Exchange &exchange)
{
    const Http::RequestHead &rq = exchange.request;
    nlohmann::json request = {
        {"method", jsonString(rq.method)},
        {"proto", rq.version.toBytes().toStdString()},
        {"headers", headerMap(rq.headers)},
        {"uri", jsonString(rq.target)},
        {"raw", base64(requestWireBytes(exchange))},
        {"body_size", exchange.requestBody.size},
        {"truncated", exchange.requestBody.truncated},
    };
    nlohmann::json response = nullptr;
    if (exchange.response) {
        const Http::ResponseHead &rs = *exchange.response;
        response = {
            {"status", jsonString(statusText(rs))},
            {"status_code", rs.status},
            {"proto", rs.version.toBytes().toStdString()},
            {"headers", headerMap(rs.headers)},
            {"raw", base64(responseWireBytes(exchange))},
            {"body_size", exchange.responseBody.size},
            {"truncated", exchange.responseBody.truncated},
        };
    }
    return {
        {"uri", ngrokRequestUri(exchange.id)},
        {"id", std::to_string(exchange.id)},
        {"tunnel_name", "hookscope"},
        {"remote_addr", remoteIp(exchange.clientAddress).toStdString()},
        {"start", formatTimestamp(exchange.startedUs).toStdString()},
        {"duration", exchange.durationUs < 0 ? 0 : exchange.durationUs * 1000},
        {"request", std::move(request)},
        {"response", std::move(response)},
        {"upstream", exchange.upstream.toStdString()},
        {"error", exchange.error.isEmpty() ? nlohmann::json(nullptr)
                                           : nlohmann::json(exchange.error.toStdString())},
        {"verdict", verdictJson(exchange)},
        {"replay_of", exchange.replayOf ? nlohmann::json(std::to_string(exchange.replayOf))
                                        : nlohmann::json(nullptr)},
    };
}

} // namespace Hookscope::Interchange
