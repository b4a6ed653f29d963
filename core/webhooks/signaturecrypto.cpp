#include "signaturecrypto.h"

#include <QMessageAuthenticationCode>

namespace Hookscope::Webhooks::Crypto {

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

QByteArray hmac(const QByteArray &key, const QByteArray &message,
                QCryptographicHash::Algorithm algorithm)
{
    return QMessageAuthenticationCode::hash(message, key, algorithm);
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    // volatile keeps the compiler from turning the loop into an early-exit comparison.
    volatile unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference = difference | static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::optional<QByteArray> decodeHex(QByteArrayView text, qsizetype bytes)
{
    if (bytes < 0 || text.size() != bytes * 2)
        return std::nullopt;
    QByteArray out(bytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes; ++i) {
        const int high = hexValue(text[2 * i]);
        const int low = hexValue(text[2 * i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out[i] = static_cast<char>(high << 4 | low);
    }
    return out;
}

std::optional<QByteArray> decodeBase64(QByteArrayView text, qsizetype bytes, bool paddingOptional)
{
    if (text.isEmpty())
        return std::nullopt;
    const QByteArray input = text.toByteArray();
    const auto decoded = QByteArray::fromBase64Encoding(
        input, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    if (bytes >= 0 && decoded.decoded.size() != bytes)
        return std::nullopt;
    // Qt tolerates some non-canonical forms (missing padding, stray bits in the last digit);
    // encoding back and comparing rejects them.
    const bool unpadded = paddingOptional && !input.endsWith('=');
    const QByteArray canonical = decoded.decoded.toBase64(
        unpadded ? QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals
                 : QByteArray::Base64Encoding);
    if (canonical != input)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<qint64> parseUnixSeconds(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 12)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace Hookscope::Webhooks::Crypto
