#include "responsereader.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

namespace Hookscope::Testing {

using namespace Hookscope::Http;

namespace {
// Spins the event loop until the socket has news (bytes or a close) or the time is up.
bool waitForNews(QTcpSocket &socket, int timeoutMs)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    bool news = false;
    auto stop = [&] {
        news = true;
        loop.quit();
    };
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, stop);
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, stop);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    return news;
}
} // namespace

bool ResponseReader::parsePending(QList<ReceivedResponse> &out, int count)
{
    while (!m_stopped && !m_pending.isEmpty() && out.size() < count) {
        const FeedResult &r = m_parser.feed(m_pending);
        m_current.raw += m_pending.left(r.consumed);
        for (const ParseEvent &e : r.events) {
            switch (e.type) {
            case ParseEvent::Head:
                m_current.head = m_parser.head();
                m_current.framing = m_parser.framing();
                break;
            case ParseEvent::Body:
                m_current.body += e.data.toByteArray();
                break;
            case ParseEvent::Trailers:
                m_current.trailers = m_parser.trailers();
                break;
            case ParseEvent::MessageComplete:
                out.append(std::exchange(m_current, {}));
                break;
            }
        }
        const ParseStatus status = r.status;
        m_pending.remove(0, r.consumed);
        if (status == ParseStatus::Error ||
            (status == ParseStatus::MessageComplete && m_parser.isUpgrade())) {
            m_stopped = true;
            return false;
        }
        if (status == ParseStatus::NeedMore)
            break;
    }
    return true;
}

QList<ReceivedResponse> ResponseReader::read(int count, int timeoutMs)
{
    QList<ReceivedResponse> out;
    if (!parsePending(out, count))
        return out;
    while (out.size() < count) {
        if (m_socket.bytesAvailable() == 0) {
            if (m_socket.state() == QAbstractSocket::UnconnectedState) {
                const FeedResult &r = m_parser.finish();
                for (const ParseEvent &e : r.events) {
                    if (e.type == ParseEvent::MessageComplete)
                        out.append(std::exchange(m_current, {}));
                }
                break;
            }
            if (!waitForNews(m_socket, timeoutMs))
                break;
            continue;
        }
        m_pending += m_socket.readAll();
        if (!parsePending(out, count))
            break;
    }
    return out;
}

} // namespace Hookscope::Testing
