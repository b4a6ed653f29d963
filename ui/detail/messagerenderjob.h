#pragma once

#include "format/bodyformatter.h"

#include <QByteArray>
#include <QRunnable>
#include <functional>

namespace Hookscope::Gui {

// A message as the Body and Raw tabs show it.
struct MessageRendering
{
    FormattedBody body;
    QString raw;             // head and body as on the wire, body shown as text when it is text
    bool rawClipped = false; // only the first part of the body is in `raw`
};

struct MessageRenderInput
{
    QByteArray head; // the serialised head, "POST /x HTTP/1.1\r\n…\r\n"
    Http::Headers headers;
    Store::CapturedBody body;
    BodyFormatOptions options;
};

// Formats a message on a pool thread (decoding, pretty-printing and hex dumps of large bodies
// take time that the UI thread must not spend) and hands the result to `done` on that thread.
class MessageRenderJob : public QRunnable
{
public:
    MessageRenderJob(MessageRenderInput input, std::function<void(MessageRendering)> done);
    void run() override;

    // The same work, synchronously: what run() hands over.
    static MessageRendering render(const MessageRenderInput &input);

private:
    MessageRenderInput m_input;
    std::function<void(MessageRendering)> m_done;
};

} // namespace Hookscope::Gui
