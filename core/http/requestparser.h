#pragma once

#include "message.h"
#include "messageparser.h"

namespace Hookscope::Http {

// Parses requests as a server receives them (see MessageParser for the contract).
class RequestParser : public MessageParser
{
public:
    explicit RequestParser(ParserLimits limits = {});

    // The current request's head, valid from its Head event on.
    const RequestHead &head() const;
    // The client sent `Expect: 100-continue` (HTTP/1.1): it waits for 100 Continue (or a final
    // answer) before it sends the body.
    bool expectsContinue() const;
};

} // namespace Hookscope::Http
