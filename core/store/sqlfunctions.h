#pragma once

#include <QByteArray>

struct sqlite3;

namespace Hookscope::Store {

// Registers the SQL functions our schema and queries use on a connection:
//   hs_search_line(method, target, status, reason)          } the full-text index columns,
//   hs_search_headers(request_headers, response_headers)      } see searchtext.h
//   hs_search_body(request_headers, request_body, response_headers, response_body)
//   hs_search_facets(method, status, verdict, blocked, replay_of, path, request_headers,
//                    response_headers)
//   hs_header_match(request_headers, response_headers, name, pattern)
//       1 when either block has that header (name without case) and, unless pattern is NULL,
//       a value that equals the pattern without case; '*' in the pattern matches any run.
//   hs_text_match(text, phrase)
//       1 when the words of the phrase occur in the text one after another (with a trailing
//       '*', the last one may be the start of a longer word): the full-text index's rule for a
//       phrase, for exchanges not indexed yet.
// Returns an SQLite result code.
int registerSqlFunctions(sqlite3 *db);

// The matching rules of hs_header_match for one value and of hs_text_match, exposed for tests.
bool headerValueMatches(const char *value, int valueSize, const char *pattern, int patternSize);
bool textMatches(const QByteArray &text, const QByteArray &phrase);

} // namespace Hookscope::Store
