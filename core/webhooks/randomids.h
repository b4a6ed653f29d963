#pragma once

#include <QByteArray>

// Fresh identifiers for sample deliveries, shaped like the ones providers send.
namespace Hookscope::Webhooks::RandomIds {

QByteArray uuid();                       // "3f2c…-…", lower-case, with dashes
QByteArray hex(int digits);              // lower-case hex digits
QByteArray digits(int count);            // decimal digits, never starting with 0
QByteArray alphanumeric(int count);      // [A-Za-z0-9]
QByteArray upperAlphanumeric(int count); // [A-Z0-9]

} // namespace Hookscope::Webhooks::RandomIds
