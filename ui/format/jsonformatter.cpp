#include "jsonformatter.h"

#include <QList>

namespace Hookscope::Gui {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The state machine is iterative (an explicit stack of open containers), so hostile nesting depth
// cannot exhaust the call stack of the worker thread that formats bodies.
class JsonPrinter
{
public:
    // A negative indent prints compact JSON: no whitespace between tokens.
    JsonPrinter(QByteArrayView in, int indent)
        : m_in(in)
        , m_indent(indent)
    {}

    FormattedText run()
    {
        if (m_in.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        while (true) {
            skipWhitespace();
            if (m_pos >= m_in.size()) {
                if (m_state != State::Done)
                    fail(m_pos, m_pos, QStringLiteral("the JSON text ends too early"));
                break;
            }
            if (!step())
                break;
        }
        m_result.text = std::move(m_out);
        return std::move(m_result);
    }

private:
    enum class State { Value, ValueOrEnd, Key, KeyOrEnd, Colon, CommaOrEnd, Done };

    bool step()
    {
        const char c = m_in[m_pos];
        switch (m_state) {
        case State::ValueOrEnd:
            if (c == ']')
                return close(c, false);
            [[fallthrough]];
        case State::Value:
            return value(c);
        case State::KeyOrEnd:
            if (c == '}')
                return close(c, false);
            [[fallthrough]];
        case State::Key:
            if (c != '"')
                return fail(m_pos, m_pos,
                            QStringLiteral("expected a member name in double quotes"));
            newline();
            if (!string(SpanKind::Key))
                return false;
            m_state = State::Colon;
            return true;
        case State::Colon:
            if (c != ':')
                return fail(m_pos, m_pos, QStringLiteral("expected ':' after the member name"));
            m_out += m_indent < 0 ? QLatin1String(":") : QLatin1String(": ");
            ++m_pos;
            m_state = State::Value;
            return true;
        case State::CommaOrEnd: {
            const char open = m_stack.last();
            if (c == ',') {
                m_out += u',';
                ++m_pos;
                m_state = open == '{' ? State::Key : State::Value;
                if (open == '[')
                    newline();
                return true;
            }
            if ((open == '{' && c == '}') || (open == '[' && c == ']'))
                return close(c, true);
            return fail(m_pos, m_pos,
                        open == '{' ? QStringLiteral("expected ',' or '}' after the member")
                                    : QStringLiteral("expected ',' or ']' after the element"));
        }
        case State::Done:
            return fail(m_pos, m_pos, QStringLiteral("unexpected text after the JSON value"));
        }
        return false;
    }

    bool value(char c)
    {
        if (m_state == State::ValueOrEnd)
            newline();
        switch (c) {
        case '{':
        case '[':
            m_out += QLatin1Char(c);
            ++m_pos;
            m_stack.append(c);
            ++m_depth;
            m_state = c == '{' ? State::KeyOrEnd : State::ValueOrEnd;
            return true;
        case '"':
            if (!string(SpanKind::String))
                return false;
            break;
        case 't':
        case 'f':
        case 'n':
            if (!keyword())
                return false;
            break;
        default:
            if (c != '-' && !isDigit(c))
                return fail(m_pos, m_pos, QStringLiteral("expected a value"));
            if (!number())
                return false;
        }
        afterValue();
        return true;
    }

    bool close(char c, bool hadMembers)
    {
        --m_depth;
        m_stack.removeLast();
        if (hadMembers)
            newline();
        m_out += QLatin1Char(c);
        ++m_pos;
        afterValue();
        return true;
    }

    void afterValue() { m_state = m_stack.isEmpty() ? State::Done : State::CommaOrEnd; }

    void newline()
    {
        if (m_indent < 0)
            return;
        m_out += u'\n';
        m_out += QString(m_depth * m_indent, u' ');
    }

    bool string(SpanKind kind)
    {
        const qsizetype start = m_pos;
        qsizetype p = m_pos + 1;
        while (true) {
            if (p >= m_in.size())
                return fail(start, p, QStringLiteral("the string is not closed"));
            const auto c = static_cast<unsigned char>(m_in[p]);
            if (c == '"')
                break;
            if (c < 0x20)
                return fail(start, p, QStringLiteral("control character inside a string"));
            if (c == '\\') {
                if (p + 1 >= m_in.size())
                    return fail(start, p + 1, QStringLiteral("the string is not closed"));
                const char e = m_in[p + 1];
                if (e == 'u') {
                    for (int i = 2; i < 6; ++i) {
                        if (p + i >= m_in.size() || !isHex(m_in[p + i]))
                            return fail(start, p + i, QStringLiteral("\\u needs four hex digits"));
                    }
                    p += 6;
                    continue;
                }
                if (!QByteArrayView("\"\\/bfnrt").contains(e))
                    return fail(start, p + 1, QStringLiteral("invalid escape in a string"));
                p += 2;
                continue;
            }
            ++p;
        }
        emitToken(start, p + 1, kind);
        return true;
    }

    bool number()
    {
        const qsizetype start = m_pos;
        qsizetype p = m_pos;
        const auto at = [&](qsizetype i) { return i < m_in.size() ? m_in[i] : '\0'; };
        if (at(p) == '-')
            ++p;
        if (at(p) == '0') {
            ++p;
        } else if (isDigit(at(p))) {
            while (isDigit(at(p)))
                ++p;
        } else {
            return fail(start, p, QStringLiteral("expected a digit"));
        }
        if (at(p) == '.') {
            ++p;
            if (!isDigit(at(p)))
                return fail(start, p, QStringLiteral("expected a digit after the decimal point"));
            while (isDigit(at(p)))
                ++p;
        }
        if (at(p) == 'e' || at(p) == 'E') {
            ++p;
            if (at(p) == '+' || at(p) == '-')
                ++p;
            if (!isDigit(at(p)))
                return fail(start, p, QStringLiteral("expected a digit in the exponent"));
            while (isDigit(at(p)))
                ++p;
        }
        emitToken(start, p, SpanKind::Number);
        return true;
    }

    bool keyword()
    {
        for (const QByteArrayView word : {"true", "false", "null"}) {
            if (m_in.sliced(m_pos).startsWith(word)) {
                emitToken(m_pos, m_pos + word.size(), SpanKind::Keyword);
                return true;
            }
        }
        return fail(m_pos, m_pos, QStringLiteral("expected a value"));
    }

    void emitToken(qsizetype from, qsizetype to, SpanKind kind)
    {
        const int start = int(m_out.size());
        m_out += QString::fromUtf8(m_in.sliced(from, to - from));
        m_result.spans.append({start, int(m_out.size()) - start, kind});
        m_pos = to;
    }

    void skipWhitespace()
    {
        while (m_pos < m_in.size()) {
            const char c = m_in[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                break;
            ++m_pos;
        }
    }

    // Appends the source from `tokenStart` unchanged and marks the character at `errorAt`.
    bool fail(qsizetype tokenStart, qsizetype errorAt, const QString &message)
    {
        SyntaxError error;
        error.message = message;
        error.line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < errorAt && i < m_in.size(); ++i) {
            if (m_in[i] == '\n') {
                ++error.line;
                lineStart = i + 1;
            }
        }
        error.column =
            1 + int(QString::fromUtf8(m_in.sliced(lineStart, errorAt - lineStart)).size());
        m_out += QString::fromUtf8(m_in.sliced(tokenStart, errorAt - tokenStart));
        error.position = int(m_out.size());
        m_out += QString::fromUtf8(m_in.sliced(errorAt));
        const int marked =
            errorAt < m_in.size() ? (m_out[error.position].isHighSurrogate() ? 2 : 1) : 0;
        if (marked)
            m_result.spans.append({error.position, marked, SpanKind::Error});
        m_result.error = error;
        return false;
    }

    QByteArrayView m_in;
    int m_indent = 2;
    qsizetype m_pos = 0;
    State m_state = State::Value;
    QList<char> m_stack;
    int m_depth = 0;
    QString m_out;
    FormattedText m_result;
};

} // namespace

FormattedText formatJson(QByteArrayView source, int indent)
{
    return JsonPrinter(source, qMax(indent, 0)).run();
}

std::optional<QByteArray> compactJson(QByteArrayView source)
{
    FormattedText compact = JsonPrinter(source, -1).run();
    if (compact.error)
        return std::nullopt;
    return compact.text.toUtf8();
}

} // namespace Hookscope::Gui
