#include "shellquote.h"

#include <QStringBuilder>

namespace Hookscope::Interchange {

namespace {

bool isBare(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArrayView("_-+=/.,:@%").contains(c);
}

bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n') || u == 0x7f;
}

} // namespace

QByteArray shellQuote(const QByteArray &word)
{
    if (!word.isEmpty() && std::all_of(word.cbegin(), word.cend(), isBare))
        return word;
    QByteArray out;
    bool open = false; // inside a single-quoted run
    const auto close = [&] {
        if (open)
            out += '\'';
        open = false;
    };
    for (const char c : word) {
        if (c == '\'') {
            close();
            out += "\\'";
        } else if (isControl(c)) {
            close();
            out += QByteArray("\"$(printf '\\") +
                   QByteArray::number(static_cast<unsigned char>(c), 8).rightJustified(3, '0') +
                   "')\"";
        } else {
            if (!open)
                out += '\'';
            open = true;
            out += c;
        }
    }
    close();
    return out.isEmpty() ? QByteArray("''") : out;
}

} // namespace Hookscope::Interchange
