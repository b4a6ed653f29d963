#pragma once

#include <QByteArray>
#include <string>

namespace Hookscope::Interchange {

// True when the bytes read as text: valid UTF-8 with no control characters other than tab, line
// feed, carriage return and form feed. Such bodies are written as JSON text, others as base64.
bool isText(const QByteArray &bytes);

// Bytes as a JSON string (JSON holds only UTF-8): valid UTF-8 is kept as it is, anything else is
// read as Latin-1, the way HTTP field values with obs-text are read.
std::string jsonString(const QByteArray &bytes);

// True when the bytes are valid UTF-8, i.e. jsonString() keeps them as they are.
bool isUtf8(const QByteArray &bytes);

} // namespace Hookscope::Interchange
