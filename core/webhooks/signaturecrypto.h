#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCryptographicHash>
#include <optional>

// The primitives every provider shares: HMAC, comparison that does not leak where two digests
// differ, and decoders that refuse anything but well-formed input.
namespace Hookscope::Webhooks::Crypto {

QByteArray hmac(const QByteArray &key, const QByteArray &message,
                QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256);

// Compares in time that depends only on the lengths, never on where the bytes differ.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Hex digits only (either case), exactly 2 * bytes of them; nothing else is accepted.
std::optional<QByteArray> decodeHex(QByteArrayView text, qsizetype bytes);

// Standard base64 alphabet, canonical encoding: the decoded bytes must encode back to exactly
// `text`. With `bytes` >= 0 the decoded length must be that. Padding may be left out only when
// `paddingOptional` is true.
std::optional<QByteArray> decodeBase64(QByteArrayView text, qsizetype bytes = -1,
                                       bool paddingOptional = false);

// A Unix time in seconds written as 1 to 12 decimal digits, nothing else.
std::optional<qint64> parseUnixSeconds(QByteArrayView text);

} // namespace Hookscope::Webhooks::Crypto
