#pragma once

#include "headers.h"

#include <QByteArray>

namespace Hookscope::Http {

struct Version
{
    int major = 1;
    int minor = 1;
    QByteArray toBytes() const { return "HTTP/" + QByteArray::number(major) + '.' + QByteArray::number(minor); }
    friend bool operator==(const Version &, const Version &) = default;
};

// The start line and header fields of a request; the body travels separately (it may be streamed).
struct RequestHead
{
    QByteArray method = "GET";
    QByteArray target = "/"; // request-target as sent: origin-form "/path?query" or absolute-form
    Version version;
    Headers headers;
};

struct ResponseHead
{
    int status = 200;
    QByteArray reason = "OK";
    Version version;
    Headers headers;
};

} // namespace Hookscope::Http
