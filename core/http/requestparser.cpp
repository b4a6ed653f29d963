#include "requestparser.h"

namespace Hookscope::Http {

RequestParser::RequestParser(ParserLimits limits)
    : MessageParser(Kind::Request, limits)
{}

const RequestHead &RequestParser::head() const
{
    return requestHead();
}

bool RequestParser::expectsContinue() const
{
    return expectsContinueFlag();
}

} // namespace Hookscope::Http
