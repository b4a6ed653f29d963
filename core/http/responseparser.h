#pragma once

#include "message.h"
#include "messageparser.h"

namespace Hookscope::Http {

// Parses responses as a client receives them (see MessageParser for the contract). Interim 1xx
// responses are messages of their own (Head, MessageComplete); the final response follows. A 101
// ends HTTP on the connection: isUpgrade() is true and what follows belongs to the new protocol.
class ResponseParser : public MessageParser
{
public:
    explicit ResponseParser(ParserLimits limits = {});

    // The method of the request being answered: responses to HEAD carry no body. Holds until
    // changed; set it before feeding the response to each request.
    void setRequestMethod(const QByteArray &method);

    // The current response's head, valid from its Head event on.
    const ResponseHead &head() const;
    // The current response is a 1xx other than 101: the final response is still to come.
    bool isInterim() const;
};

} // namespace Hookscope::Http
