#include "hexdump.h"

namespace Hookscope::Gui {

QString hexDump(QByteArrayView bytes, qint64 firstOffset)
{
    static constexpr char digits[] = "0123456789abcdef";
    constexpr int perLine = 16;
    // 8 offset + 2 + 16*3 + 1 group gap + 1 + 1 bar + 16 + 1 bar + newline
    constexpr int lineLength = 8 + 2 + perLine * 3 + 1 + 1 + 1 + perLine + 1 + 1;
    QByteArray out;
    out.reserve((bytes.size() / perLine + 1) * lineLength);
    for (qsizetype line = 0; line < bytes.size(); line += perLine) {
        const qint64 offset = firstOffset + line;
        for (int shift = 28; shift >= 0; shift -= 4)
            out += digits[(offset >> shift) & 0xf];
        out += "  ";
        const qsizetype count = std::min<qsizetype>(perLine, bytes.size() - line);
        for (int i = 0; i < perLine; ++i) {
            if (i == 8)
                out += ' ';
            if (i < count) {
                const auto b = static_cast<unsigned char>(bytes[line + i]);
                out += digits[b >> 4];
                out += digits[b & 0xf];
                out += ' ';
            } else {
                out += "   ";
            }
        }
        out += " |";
        for (qsizetype i = 0; i < count; ++i) {
            const auto b = static_cast<unsigned char>(bytes[line + i]);
            out += (b >= 0x20 && b < 0x7f) ? char(b) : '.';
        }
        out += "|\n";
    }
    return QString::fromLatin1(out);
}

} // namespace Hookscope::Gui
