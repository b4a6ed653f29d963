#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace Hookscope::Interchange {

// RFC 3339 / ISO 8601 in UTC with microseconds: "2023-11-14T22:13:20.123456Z". ngrok's `start`
// and HAR's `startedDateTime` both take this form.
QByteArray formatTimestamp(qint64 epochUs);

// Reads an RFC 3339 / ISO 8601 date-time with any number of fraction digits and a "Z" or
// "+hh:mm" offset (an offset-less time is taken as UTC); microseconds since the epoch, or nothing
// when the text is not such a time.
std::optional<qint64> parseTimestamp(QByteArrayView text);

} // namespace Hookscope::Interchange
