#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Hookscope::Gui {

// One name and value from a query string, a form body or a multipart part, decoded for reading.
struct Param
{
    QString name;
    QString value;
    friend bool operator==(const Param &, const Param &) = default;
};

// "a=1&b=two+words&c" → {a,1}, {b,two words}, {c,""}: percent-decoded, '+' read as a space,
// in order, duplicates kept. Invalid UTF-8 is shown with replacement characters.
QList<Param> parseUrlEncoded(QByteArrayView text);

// The parameters of a request target's query ("/hooks?x=1" → {x,1}); empty without a '?'.
QList<Param> parseQuery(QByteArrayView target);

// The path of a request target: what comes before '?' (an absolute-form target keeps its origin).
QByteArray targetPath(QByteArrayView target);

// The parts of a multipart/form-data body with the given boundary: the field's value for text
// parts, "file.png (image/png, 12.3 KB)" for file parts.
QList<Param> parseMultipart(QByteArrayView body, QByteArrayView boundary);

// The named parameter of a header value: mediaTypeParameter("multipart/form-data; boundary=x",
// "boundary") → "x" (quotes removed). Empty when absent.
QByteArray headerParameter(QByteArrayView headerValue, QByteArrayView name);

} // namespace Hookscope::Gui
