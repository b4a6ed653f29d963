#pragma once

#include "formattedtext.h"
#include "http/headers.h"
#include "store/exchange.h"

#include <QByteArray>
#include <QImage>
#include <QMetaType>
#include <QStringList>

namespace Hookscope::Gui {

enum class BodyKind { Empty, Json, Xml, Text, Image, Binary };

// A captured body made ready to show: decoded from its Content-Encoding, classified and formatted.
// Built off the UI thread (QImage is safe there); the result is a value handed to the view.
struct FormattedBody
{
    BodyKind kind = BodyKind::Empty;
    QString mediaType;       // "application/json", lower case, without parameters
    QByteArray decoded;      // the content after Content-Encoding was undone (what "copy" copies)
    FormattedText formatted; // Json, Xml, Text: the text; Binary: the hex dump
    QImage image;            // Image: the picture
    QStringList notes;       // what was done to it: decoded from gzip, truncated when stored, …
    bool clipped = false;    // only the first part of `formatted` is here; ask again unlimited
    qint64 clippedFrom = 0;  // then: the size of the whole, in bytes of `decoded`
};

struct BodyFormatOptions
{
    qint64 textLimit = 128 * 1024; // characters of formatted text kept; 0 = all
    qint64 hexLimit = 64 * 1024;   // bytes dumped as hex; 0 = all
};

// Which kind a body is, from its media type first and then from the bytes themselves.
BodyKind classifyBody(QByteArrayView mediaType, QByteArrayView bytes);

// Decodes, classifies and formats a body carried with these headers.
FormattedBody formatBody(const Http::Headers &headers, const Store::CapturedBody &body,
                         BodyFormatOptions options = {});

} // namespace Hookscope::Gui

Q_DECLARE_METATYPE(Hookscope::Gui::FormattedBody)
