#pragma once

#include "http/message.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

namespace Hookscope::Api {

// One answer of the API, before framing: a status, optional extra fields, a JSON body (none for
// 204).
struct ApiResponse
{
    int status = 200;
    nlohmann::json body; // null: no body
    Http::Headers headers;

    // The whole response as it goes on the wire, with Content-Type and Content-Length, and
    // "Connection: close" when `close`.
    QByteArray serialize(bool close) const;

    // ngrok's error shape: {"error_code", "status_code", "msg", "details"}.
    static ApiResponse error(int status, int errorCode, const QString &message);
};

// Error codes of our errors, stable for scripts (ngrok's agent API uses small numbers, too).
enum ApiErrorCode {
    NotFound = 100,
    BadRequest = 101,
    MethodNotAllowed = 102,
    ForbiddenHost = 103,
    NotImplemented = 104,
    ReplayFailed = 105,
    UnsupportedMediaType = 106,
    StoreFailed = 107,
    TooLarge = 108,
};

} // namespace Hookscope::Api
