#include "messagerenderjob.h"

#include "format/displayformat.h"

namespace Hookscope::Gui {

MessageRenderJob::MessageRenderJob(MessageRenderInput input,
                                   std::function<void(MessageRendering)> done)
    : m_input(std::move(input))
    , m_done(std::move(done))
{
    setAutoDelete(true);
}

void MessageRenderJob::run()
{
    m_done(render(m_input));
}

MessageRendering MessageRenderJob::render(const MessageRenderInput &input)
{
    MessageRendering out;
    out.body = formatBody(input.headers, input.body, input.options);
    // Raw shows the bytes that were on the wire: the head, then the stored body (still encoded
    // when it was compressed). Binary bodies would only be noise here; the Body tab dumps them.
    out.raw = QString::fromLatin1(input.head);
    const QByteArray &bytes = input.body.bytes;
    const bool text = out.body.kind != BodyKind::Binary && out.body.kind != BodyKind::Image &&
                      !input.headers.contains("Content-Encoding");
    if (bytes.isEmpty()) {
        // nothing after the head
    } else if (!text) {
        out.raw += QStringLiteral("[%1 of binary data: the Body tab shows it]")
                       .arg(formatSize(input.body.size));
    } else {
        // Raw stays at the first part even after "Show all": the Body tab has the viewer for
        // bodies of any size.
        const qint64 limit = BodyFormatOptions{}.textLimit;
        const bool clip = bytes.size() > limit;
        out.raw += QString::fromUtf8(clip ? bytes.first(limit) : bytes);
        out.rawClipped = clip;
    }
    if (input.body.truncated)
        out.raw += QStringLiteral("\n[… %1 more were not stored]")
                       .arg(formatSize(input.body.size - bytes.size()));
    return out;
}

} // namespace Hookscope::Gui
