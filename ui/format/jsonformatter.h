#pragma once

#include "formattedtext.h"

#include <QByteArrayView>

namespace Hookscope::Gui {

// Re-indents JSON (UTF-8) without reparsing it into values, so member order and the exact spelling
// of numbers and strings are kept as they were sent. Where the text stops being valid JSON, the
// rest is appended as it is and the error is reported with its line and column and marked.
FormattedText formatJson(QByteArrayView source, int indent = 2);

} // namespace Hookscope::Gui
