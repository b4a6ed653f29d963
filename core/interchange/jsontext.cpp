#include "jsontext.h"

#include <QStringDecoder>

namespace Hookscope::Interchange {

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    return !decoder.hasError();
}

bool isText(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || u == 0x7f)
            return false;
    }
    return isUtf8(bytes);
}

std::string jsonString(const QByteArray &bytes)
{
    if (isUtf8(bytes))
        return bytes.toStdString();
    return QString::fromLatin1(bytes).toUtf8().toStdString();
}

} // namespace Hookscope::Interchange
