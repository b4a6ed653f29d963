#pragma once

#include "http/message.h"

namespace Hookscope::Testing {

// "POST target HTTP/1.1" with these header fields: how webhook deliveries arrive.
Http::RequestHead postHead(Http::Headers headers, QByteArray target = "/webhooks");

} // namespace Hookscope::Testing
