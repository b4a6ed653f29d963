#include "apihandler.h"

#include "hostguard.h"
#include "interchange/ngrokjson.h"
#include "store/exchangestore.h"

#include <QUrlQuery>

namespace Hookscope::Api {

namespace {

using nlohmann::json;

const QByteArray requestsPath = "/api/requests/http";

ApiResponse methodNotAllowed(const QByteArray &method, const QByteArray &path,
                             const QByteArray &allowed)
{
    ApiResponse r =
        ApiResponse::error(405, MethodNotAllowed,
                           QStringLiteral("%1 is not allowed on %2 (allowed: %3)")
                               .arg(QString::fromLatin1(method), QString::fromLatin1(path),
                                    QString::fromLatin1(allowed)));
    r.headers.add("Allow", allowed);
    return r;
}

ApiResponse notFound(const QByteArray &path)
{
    return ApiResponse::error(
        404, NotFound,
        QStringLiteral("no resource %1 (try /api/requests/http or /api/status)")
            .arg(QString::fromUtf8(path)));
}

std::optional<qint64> parseId(const QByteArray &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional(id) : std::nullopt;
}

} // namespace

ApiHandler::ApiHandler(ApiBackend backend)
    : m_backend(std::move(backend))
{}

ApiHandler::~ApiHandler() = default;

Status ApiHandler::open()
{
    Result<std::unique_ptr<Store::ExchangeStore>> store =
        Store::ExchangeStore::open(m_backend.databasePath);
    if (!store)
        return Error{store.error()};
    m_store = std::move(store).value();
    return {};
}

ApiResponse ApiHandler::handle(const Http::RequestHead &head, const QByteArray &body)
{
    const QByteArray host = head.headers.value("Host");
    if (!isLocalHost(host)) {
        return ApiResponse::error(
            403, ForbiddenHost,
            QStringLiteral("Host '%1' is not this machine: the inspection API answers requests "
                           "for localhost, 127.0.0.1 and [::1] only")
                .arg(QString::fromLatin1(host)));
    }
    if (head.headers.contains("Origin") && !isLocalOrigin(head.headers.value("Origin"))) {
        return ApiResponse::error(403, ForbiddenHost,
                                  QStringLiteral("requests from web pages of other sites (Origin "
                                                 "'%1') are refused")
                                      .arg(QString::fromLatin1(head.headers.value("Origin"))));
    }
    if (!m_store)
        return ApiResponse::error(500, StoreFailed, QStringLiteral("the database is not open"));

    const qsizetype q = head.target.indexOf('?');
    QByteArray path = q < 0 ? head.target : head.target.left(q);
    const QUrlQuery query(QString::fromUtf8(q < 0 ? QByteArray() : head.target.mid(q + 1)));
    while (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    const QByteArray &method = head.method;

    if (path == requestsPath) {
        if (method == "GET")
            return listRequests(query);
        if (method == "POST")
            return replay(head, body);
        if (method == "DELETE")
            return clear();
        return methodNotAllowed(method, path, "GET, POST, DELETE");
    }
    if (path.startsWith(QByteArray(requestsPath + '/'))) {
        if (method != "GET")
            return methodNotAllowed(method, path, "GET");
        return oneRequest(path.mid(requestsPath.size() + 1));
    }
    if (path == "/api/status" || path == "/api/tunnels" || path == "/api") {
        if (method != "GET")
            return methodNotAllowed(method, path, "GET");
        if (path == "/api/status")
            return status();
        if (path == "/api/tunnels")
            return tunnels();
        return {200,
                {{"uri", "/api"},
                 {"requests", requestsPath.toStdString()},
                 {"status", "/api/status"},
                 {"tunnels", "/api/tunnels"}},
                {}};
    }
    return notFound(path);
}

ApiResponse ApiHandler::listRequests(const QUrlQuery &query)
{
    int limit = defaultLimit;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0)
            return ApiResponse::error(
                400, BadRequest,
                QStringLiteral("limit '%1' is not a count (a number from 0 to %2)")
                    .arg(query.queryItemValue(QStringLiteral("limit")))
                    .arg(maxLimit));
        limit = std::min(limit, maxLimit);
    }
    json requests = json::array();
    const QList<Store::ExchangeSummary> page = m_store->page(0, limit);
    if (!m_store->lastError().isEmpty())
        return ApiResponse::error(500, StoreFailed, m_store->lastError());
    for (const Store::ExchangeSummary &s : page) {
        if (const std::optional<Store::Exchange> e = m_store->exchange(s.id))
            requests.push_back(Interchange::ngrokRequest(*e));
    }
    return {200, {{"uri", requestsPath.toStdString()}, {"requests", std::move(requests)}}, {}};
}

ApiResponse ApiHandler::oneRequest(const QByteArray &id)
{
    const std::optional<qint64> number = parseId(id);
    const std::optional<Store::Exchange> e = number ? m_store->exchange(*number) : std::nullopt;
    if (!e)
        return ApiResponse::error(
            404, NotFound,
            QStringLiteral("no captured request with id '%1'").arg(QString::fromUtf8(id)));
    return {200, Interchange::ngrokRequest(*e), {}};
}

ApiResponse ApiHandler::replay(const Http::RequestHead &head, const QByteArray &body)
{
    const QByteArray type = head.headers.value("Content-Type").split(';').first().trimmed();
    if (type.compare("application/json", Qt::CaseInsensitive) != 0)
        return ApiResponse::error(415, UnsupportedMediaType,
                                  QStringLiteral("send the body as JSON with Content-Type: "
                                                 "application/json, e.g. {\"id\": \"42\"}"));
    const json request = json::parse(body.cbegin(), body.cend(), nullptr, false);
    std::optional<qint64> id;
    if (request.is_object() && request.contains("id")) {
        const json &value = request["id"];
        if (value.is_string())
            id = parseId(QByteArray::fromStdString(value.get<std::string>()));
        else if (value.is_number_integer() && value.get<qint64>() > 0)
            id = value.get<qint64>();
    }
    if (!id)
        return ApiResponse::error(400, BadRequest,
                                  QStringLiteral("the body must be JSON like {\"id\": \"42\"} "
                                                 "naming a captured request"));
    const std::optional<Store::Exchange> e = m_store->exchange(*id);
    if (!e)
        return ApiResponse::error(404, NotFound,
                                  QStringLiteral("no captured request with id '%1'").arg(*id));
    if (!m_backend.replay)
        return ApiResponse::error(501, NotImplemented,
                                  QStringLiteral("replay is not available in this Hookscope "
                                                 "session (it needs a running capture proxy)"));
    if (const Status s = m_backend.replay(*e); !s)
        return ApiResponse::error(
            409, ReplayFailed,
            QStringLiteral("cannot replay request %1: %2").arg(*id).arg(s.error()));
    return {204, nullptr, {}};
}

ApiResponse ApiHandler::clear()
{
    if (!m_backend.clear)
        return ApiResponse::error(501, NotImplemented,
                                  QStringLiteral("clearing is not available in this Hookscope "
                                                 "session (it needs a running capture)"));
    if (const Status s = m_backend.clear(); !s)
        return ApiResponse::error(500, StoreFailed, s.error());
    return {204, nullptr, {}};
}

ApiResponse ApiHandler::status()
{
    return {200,
            {{"uri", "/api/status"},
             {"status", "online"},
             {"version", m_backend.version.toStdString()},
             {"public_url", m_backend.publicUrl.toStdString()},
             {"upstream", m_backend.upstream.toStdString()},
             {"database", m_backend.databasePath.toStdString()},
             {"requests", m_store->count()},
             {"replay", bool(m_backend.replay)}},
            {}};
}

ApiResponse ApiHandler::tunnels()
{
    const json tunnel = {
        {"name", "hookscope"},
        {"uri", "/api/tunnels/hookscope"},
        {"public_url", m_backend.publicUrl.toStdString()},
        {"proto", "http"},
        {"config", {{"addr", m_backend.upstream.toStdString()}, {"inspect", true}}}};
    return {200, {{"tunnels", json::array({tunnel})}, {"uri", "/api/tunnels"}}, {}};
}

} // namespace Hookscope::Api
