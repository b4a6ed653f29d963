#pragma once

#include "http/message.h"
#include "http/responseparser.h"

#include <QByteArray>
#include <QList>

class QTcpSocket;

namespace Hookscope::Testing {

struct ReceivedResponse
{
    Http::ResponseHead head;
    QByteArray body; // de-chunked
    Http::Headers trailers;
    QByteArray raw; // the bytes of this response as they arrived
    Http::BodyFraming framing = Http::BodyFraming::None;
};

// Reads responses from a client socket in a test, spinning the event loop while it waits (so
// peers on the same thread keep working). Interim 1xx responses count as responses.
class ResponseReader
{
public:
    explicit ResponseReader(QTcpSocket &socket)
        : m_socket(socket)
    {}

    void setRequestMethod(const QByteArray &method) { m_parser.setRequestMethod(method); }
    // Up to `count` more responses; fewer when the peer closes or nothing comes for `timeoutMs`.
    QList<ReceivedResponse> read(int count, int timeoutMs = 10000);
    // Bytes received after the last complete response (e.g. after a 101).
    QByteArray rest() const { return m_pending; }
    bool failed() const { return m_parser.hasFailed(); }

private:
    bool parsePending(QList<ReceivedResponse> &out, int count);

    QTcpSocket &m_socket;
    Http::ResponseParser m_parser;
    QByteArray m_pending;
    ReceivedResponse m_current;
    bool m_stopped = false;
};

} // namespace Hookscope::Testing
