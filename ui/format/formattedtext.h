#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace Hookscope::Gui {

// What a stretch of formatted text is, so a view can colour it from its palette.
enum class SpanKind : quint8 {
    Key,       // a JSON object member name
    String,    // a JSON string value
    Number,    // a JSON number
    Keyword,   // true, false, null
    Tag,       // an XML element name
    Attribute, // an XML attribute name
    Value,     // an XML attribute value
    Comment,   // an XML comment, processing instruction, doctype or CDATA marker
    Error,     // where the syntax error is
};

// `length` characters of the text starting at `start` (QString positions) are of this kind.
struct SyntaxSpan
{
    int start = 0;
    int length = 0;
    SpanKind kind = SpanKind::String;
    friend bool operator==(const SyntaxSpan &, const SyntaxSpan &) = default;
};

// Where a document stops being well-formed: 1-based line and column in the original text.
struct SyntaxError
{
    QString message;
    int line = 0;
    int column = 0;
    int position = 0; // of the marked character in the formatted text
};

// A body made readable: the text, its coloured spans in order, and the first syntax error.
struct FormattedText
{
    QString text;
    QList<SyntaxSpan> spans;
    std::optional<SyntaxError> error;
};

} // namespace Hookscope::Gui
