#pragma once

#include "formattedtext.h"

#include <QByteArrayView>

namespace Hookscope::Gui {

// Re-indents an XML document: one element per line, short text kept inline with its element.
// When the document is not well-formed, the original text is returned unchanged with the error's
// line and column reported and its character marked.
FormattedText formatXml(QByteArrayView source, int indent = 2);

} // namespace Hookscope::Gui
