#pragma once

#include "headers.h"
#include "message.h"
#include "parseresult.h"

#include <QByteArrayView>
#include <QString>
#include <memory>

namespace Hookscope::Http {

// What RequestParser and ResponseParser share: an incremental HTTP/1.1 parser (Debian's
// libhttp-parser underneath) that turns bytes into ParseEvents without doing any I/O.
//
// feed() consumes bytes of the current message only: it stops after each complete message, so a
// caller holding pipelined messages in one buffer handles them one at a time by feeding the
// unconsumed rest again. After an Error the parser stays failed (the connection must close).
//
// Rejected as errors (a server answers 400): malformed start lines, invalid characters in field
// names or values, obsolete line folding, heads larger than ParserLimits::maxHeadSize, more than
// one Content-Length, Content-Length together with Transfer-Encoding, a request Transfer-Encoding
// that does not end in chunked, bad chunk sizes, and a peer closing in the middle of a message.
class MessageParser
{
public:
    MessageParser(const MessageParser &) = delete;
    MessageParser &operator=(const MessageParser &) = delete;
    virtual ~MessageParser();

    // Parses `data`; the result (and the views in its events) lives until the next call.
    const FeedResult &feed(QByteArrayView data);
    // The peer closed its side: ends a body framed by the connection's end, or reports that the
    // message was cut short. Between messages it reports NeedMore and no events.
    const FeedResult &finish();

    // Valid from the Head event of a message until the next message begins.
    BodyFraming framing() const;
    qint64 contentLength() const; // with BodyFraming::ContentLength, else -1
    bool keepAlive() const;       // whether the connection may carry another message after this one
    bool isUpgrade() const;       // the message switches protocols (bytes after it are not HTTP)
    const Headers &trailers() const; // after the Trailers event
    qint64 bodySize() const;         // body bytes (de-chunked) seen so far in this message
    bool inMessage() const;          // a message has begun and not yet completed
    // The current message's head was read completely, even if it was then rejected (so that a
    // rejected request can still be recorded).
    bool hasHead() const;

    bool hasFailed() const;
    // Why the input was rejected, for a person: "Content-Length together with Transfer-Encoding".
    const QString &error() const;

protected:
    enum class Kind { Request, Response };
    MessageParser(Kind kind, ParserLimits limits);

    // The head of the current message, for the subclass of its kind to expose.
    const RequestHead &requestHead() const;
    const ResponseHead &responseHead() const;
    bool expectsContinueFlag() const;
    void setAnsweredMethod(const QByteArray &method);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Hookscope::Http
