#pragma once

#include "common/result.h"
#include "store/exchange.h"

#include <QString>
#include <functional>

namespace Hookscope::Api {

// What the inspection API needs from the running app. The callbacks run on the API's thread, so
// they must be safe to call from there (ExchangeWriter and CaptureProxy calls are).
struct ApiBackend
{
    QString databasePath; // read through a connection of the API's own
    QString version;      // Hookscope's, for /api/status
    QString publicUrl;    // where clients send requests: "http://127.0.0.1:8080"
    QString upstream;     // where they are forwarded: "http://127.0.0.1:3000"

    // DELETE /api/requests/http: delete every capture; return once it is done. Unset → 501.
    std::function<Status()> clear;
    // POST /api/requests/http: send this captured request again (as a new, linked exchange).
    // A failure's message goes to the caller with 409. Unset → 501.
    std::function<Status(const Store::Exchange &)> replay;
};

} // namespace Hookscope::Api
