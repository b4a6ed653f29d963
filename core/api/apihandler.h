#pragma once

#include "apibackend.h"
#include "apiresponse.h"
#include "common/result.h"
#include "http/message.h"

#include <QByteArray>
#include <memory>

class QUrlQuery;

namespace Hookscope::Store {
class ExchangeStore;
}

namespace Hookscope::Api {

// The local inspection API without sockets: a request in, a response out. Compatible with
// ngrok's agent API so that scripts written for it work:
//   GET    /api/requests/http?limit=N   {"uri", "requests": [...]} newest first (default 50, max
//                                       1000); Hookscope adds the filters status, method, path, q
//   GET    /api/requests/http/ID        one captured request (see Interchange::ngrokRequest)
//   POST   /api/requests/http           {"id": "ID"} replays it → 204
//   DELETE /api/requests/http           deletes every capture → 204
//   GET    /api/status, /api/tunnels, /api
// Errors are ngrok-shaped JSON (see ApiResponse::error). Requests whose Host is not this machine
// (DNS rebinding) or whose Origin is another site get 403; POST must be application/json (a web
// page cannot send that cross-site without the browser asking first).
class ApiHandler
{
public:
    explicit ApiHandler(ApiBackend backend);
    ~ApiHandler();
    ApiHandler(const ApiHandler &) = delete;
    ApiHandler &operator=(const ApiHandler &) = delete;

    // Opens the read connection to the database; handle() must then run on the same thread.
    Status open();

    ApiResponse handle(const Http::RequestHead &head, const QByteArray &body);

    static constexpr int defaultLimit = 50;
    static constexpr int maxLimit = 1000;

private:
    ApiResponse listRequests(const QUrlQuery &query);
    ApiResponse oneRequest(const QByteArray &id);
    ApiResponse replay(const Http::RequestHead &head, const QByteArray &body);
    ApiResponse clear();
    ApiResponse status();
    ApiResponse tunnels();

    ApiBackend m_backend;
    std::unique_ptr<Store::ExchangeStore> m_store;
};

} // namespace Hookscope::Api
