#pragma once

#include <QByteArray>
#include <functional>

namespace Hookscope::Store::SearchText {

// The text the full-text index holds for an exchange, in three columns. Each is a pure function
// of stored columns: the writer indexes with them and deletes from the (contentless) index by
// computing them again from the stored row, so they must stay deterministic. Changing what they
// produce needs a schema migration that rebuilds the index.

// Decoded body text indexed per exchange, request and response together.
constexpr qsizetype maxBodyText = 64 * 1024;

// "POST /hooks/sentry?x=1 200 OK": method, target (with its query) and status.
QByteArray line(const QByteArray &method, const QByteArray &target, int status,
                const QByteArray &reason);
// Both header blocks ("Name: value\r\n" each).
QByteArray headers(const QByteArray &requestHeaders, const QByteArray &responseHeaders);
// The bodies with their content codings undone, when they are text (JSON, XML, forms, text/*,
// or untyped without NUL bytes); forms percent-decoded. Binary bodies add nothing.
QByteArray body(const QByteArray &requestHeaders, const QByteArray &requestBody,
                const QByteArray &responseHeaders, const QByteArray &responseBody);

// The first value of a header in a "Name: value\r\n" block (name without case), trimmed.
QByteArray headerValue(const QByteArray &block, const QByteArray &name);
// Calls `visit` with each value of that header in the block, trimmed, until it returns true;
// returns whether one did.
bool anyHeaderValue(const QByteArray &block, const QByteArray &name,
                    const std::function<bool(const QByteArray &)> &visit);

} // namespace Hookscope::Store::SearchText
