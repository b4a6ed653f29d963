#include "responseparser.h"

namespace Hookscope::Http {

ResponseParser::ResponseParser(ParserLimits limits)
    : MessageParser(Kind::Response, limits)
{}

void ResponseParser::setRequestMethod(const QByteArray &method)
{
    setAnsweredMethod(method);
}

const ResponseHead &ResponseParser::head() const
{
    return responseHead();
}

bool ResponseParser::isInterim() const
{
    const int status = responseHead().status;
    return status / 100 == 1 && status != 101;
}

} // namespace Hookscope::Http
