#pragma once

#include <QByteArray>
#include <QList>
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

// Words for the summary columns, so that field terms combine with text inside the index:
// "hsany" in every row, method (hsm + hex bytes), status (hss404 hss40x hss4xx, or hssnone),
// verdict (hsvnone, hsvvalid, hsvinvalid), hsblocked, hsreplay or hsoriginal, the path and each
// of its parent paths (hsp + hash, up to maxPathDepth segments deep), the names of the request
// and response headers (hsh + hash) and their short values (hsx + hash of name and value).
// status 0 means no response; replayOf 0 an original.
struct FacetSource
{
    QByteArray method;
    int status = 0;
    int verdict = 0;
    bool blocked = false;
    qint64 replayOf = 0;
    QByteArray path;
    QByteArray requestHeaders;
    QByteArray responseHeaders;
};
QByteArray facets(const FacetSource &row);
constexpr int maxPathDepth = 8;
QByteArray methodFacet(const QByteArray &method);
// The facet words that cover exactly the statuses low..high (0..0: no response).
QList<QByteArray> statusFacets(int low, int high);
QByteArray verdictFacet(int verdict);
// The facet word of "path or below", e.g. "/hooks/sentry"; none for a path deeper than
// maxPathDepth, whose parent at that depth can narrow the search instead (pathDepth()).
QByteArray pathFacet(const QByteArray &path);
int pathDepth(const QByteArray &path);
QByteArray headerNameFacet(const QByteArray &name);
// The facet word of a header with that value, both without ASCII case; only values up to
// maxHeaderValueFacet bytes have one (long ones are signatures and the like).
QByteArray headerValueFacet(const QByteArray &name, const QByteArray &value);
constexpr qsizetype maxHeaderValueFacet = 64;

// The first value of a header in a "Name: value\r\n" block (name without case), trimmed.
QByteArray headerValue(const QByteArray &block, const QByteArray &name);
// Calls `visit` with each value of that header in the block, trimmed, until it returns true;
// returns whether one did.
bool anyHeaderValue(const QByteArray &block, const QByteArray &name,
                    const std::function<bool(const QByteArray &)> &visit);

} // namespace Hookscope::Store::SearchText
