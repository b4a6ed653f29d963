#pragma once

#include <QByteArrayView>

namespace Hookscope::Api {

// True for a Host header naming this machine: "localhost", "127.x.y.z", "[::1]", each optionally
// with ":port". Anything else — a DNS name that merely resolves to 127.0.0.1, as in a DNS
// rebinding attack from a web page — is refused.
bool isLocalHost(QByteArrayView host);

// True for an Origin header a page on this machine sends ("http://localhost:4040"), for "null"
// excluded. Requests without Origin (scripts, curl) do not carry one.
bool isLocalOrigin(QByteArrayView origin);

} // namespace Hookscope::Api
