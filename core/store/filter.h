#pragma once

#include "exchange.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace Hookscope::Store {

// One condition of a filter line.
struct FilterTerm
{
    enum class Field { Text, Method, Status, Path, Header, Verdict, Body, Replay };
    enum class VerdictValue { Valid, Invalid, Blocked, None };
    struct StatusRange
    {
        int low = 0; // 0..0: no response
        int high = 0;
        friend bool operator==(const StatusRange &, const StatusRange &) = default;
    };

    Field field = Field::Text;
    bool negated = false;
    QString value;          // as written, quotes removed
    qsizetype position = 0; // where the term starts in the line (at its '-' when negated)
    qsizetype length = 0;

    QList<QByteArray> methods;             // Method: any of, upper-case
    QList<StatusRange> statuses;           // Status: any of
    QByteArray headerName;                 // Header
    std::optional<QByteArray> headerValue; // Header: name=value ('*' matches any run)
    QList<VerdictValue> verdicts;          // Verdict: any of
    bool replay = true;                    // Replay: yes or no
};

// The filter line of the exchange list, parsed:
//   free text              paths, headers and decoded bodies contain these words, whole and
//                          without case ("…" for a phrase; resol* for words starting so)
//   method:POST            also method:get,post
//   status:404 status:4xx  also 40x, 400-499, none (no response), lists with commas
//   path:/hooks            the path /hooks and the paths below it (/hooks/sentry, not
//                          /hooks2); path:sentry paths containing "sentry" (case-insensitive);
//                          with '*' the whole path matches the pattern (path:/api/*/items)
//   header:NAME            a request or response header of that name is present
//   header:NAME=VALUE      …with that value (case-insensitive; '*' matches any run)
//   verdict:valid|invalid|blocked|none
//   body:"resolved"        the decoded request or response body contains these words
//   replay:yes|no
// Terms are combined with AND; a leading '-' negates a term. Values may be quoted ("a b",
// with \" and \\ inside quotes).
class Filter
{
public:
    struct ParseError
    {
        QString message;
        qsizetype position = 0; // in the filter line
        qsizetype length = 0;
    };

    Filter() = default; // matches everything
    static Filter parse(const QString &line);

    bool isValid() const { return !m_error.has_value(); }
    const std::optional<ParseError> &error() const { return m_error; }
    // True when it matches everything (an empty or blank line).
    bool isEmpty() const { return m_terms.isEmpty(); }
    const QList<FilterTerm> &terms() const { return m_terms; }
    const QString &text() const { return m_text; }

private:
    QString m_text;
    QList<FilterTerm> m_terms;
    std::optional<ParseError> m_error;
};

} // namespace Hookscope::Store
