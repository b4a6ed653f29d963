#include "posthead.h"

namespace Hookscope::Testing {

Http::RequestHead postHead(Http::Headers headers, QByteArray target)
{
    Http::RequestHead head;
    head.method = "POST";
    head.target = std::move(target);
    head.headers = std::move(headers);
    return head;
}

} // namespace Hookscope::Testing
