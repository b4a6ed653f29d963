#pragma once

#include "formattedtext.h"

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace Hookscope::Gui {

// Re-indents JSON (UTF-8) without reparsing it into values, so member order and the exact spelling
// of numbers and strings are kept as they were sent. Where the text stops being valid JSON, the
// rest is appended as it is and the error is reported with its line and column and marked.
FormattedText formatJson(QByteArrayView source, int indent = 2);

// The same JSON without whitespace between tokens (member order and the spelling of numbers and
// strings kept, as above): how providers that sign compact JSON send it. Nothing when the text is
// not valid JSON.
std::optional<QByteArray> compactJson(QByteArrayView source);

} // namespace Hookscope::Gui
