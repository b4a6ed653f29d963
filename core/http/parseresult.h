#pragma once

#include <QByteArrayView>
#include <QtGlobal>
#include <vector>

namespace Hookscope::Http {

// One thing a parser found in the bytes it was fed, in wire order.
struct ParseEvent
{
    enum Type {
        Head,            // the start line and header fields are complete: read the parser's head()
        Body,            // a piece of the body, de-chunked
        Trailers,        // the trailer fields of a chunked body: read the parser's trailers()
        MessageComplete, // the message ended; nothing of the next one has been consumed
    };
    Type type = Head;
    // Body only: points into the bytes given to feed(); valid as long as those bytes are.
    QByteArrayView data;
};

enum class ParseStatus {
    NeedMore,        // every byte was consumed; the message, if one started, goes on
    MessageComplete, // a message ended at `consumed`; the bytes after it belong to the next one
    Error,           // the message is malformed: answer 400 and close; the parser stays failed
};

struct FeedResult
{
    ParseStatus status = ParseStatus::NeedMore;
    qsizetype consumed = 0; // how many of the fed bytes were used
    std::vector<ParseEvent> events;
};

// How the body of the current message is delimited (RFC 9112 §6).
enum class BodyFraming {
    None,          // no body at all
    ContentLength, // exactly contentLength() bytes
    Chunked,       // chunked transfer coding, possibly with trailers
    UntilClose,    // responses only: the body runs until the connection closes
};

struct ParserLimits
{
    qsizetype maxHeadSize = 64 * 1024; // start line + header fields; larger heads are an error
};

} // namespace Hookscope::Http
