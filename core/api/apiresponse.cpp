#include "apiresponse.h"

#include "http/serializer.h"
#include "interchange/jsonstreamwriter.h"

namespace Hookscope::Api {

QByteArray ApiResponse::serialize(bool close) const
{
    Http::ResponseHead head;
    head.status = status;
    head.reason = Http::reasonPhrase(status);
    head.headers = headers;
    QByteArray payload;
    if (!body.is_null()) {
        payload = Interchange::toJsonText(body) + '\n';
        head.headers.add("Content-Type", "application/json");
    }
    if (status != 204)
        head.headers.add("Content-Length", QByteArray::number(payload.size()));
    if (close)
        head.headers.add("Connection", "close");
    return Http::serializeResponseHead(head) + payload;
}

ApiResponse ApiResponse::error(int status, int errorCode, const QString &message)
{
    return {status,
            {{"error_code", errorCode},
             {"status_code", status},
             {"msg", message.toStdString()},
             {"details", nlohmann::json::object()}},
            {}};
}

} // namespace Hookscope::Api
