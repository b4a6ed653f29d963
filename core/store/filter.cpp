#include "filter.h"

#include <QRegularExpression>

namespace Hookscope::Store {

namespace {

using Field = FilterTerm::Field;

struct FieldName
{
    const char *name;
    Field field;
};

const FieldName fieldNames[] = {
    {"method", Field::Method}, {"status", Field::Status},   {"path", Field::Path},
    {"header", Field::Header}, {"verdict", Field::Verdict}, {"body", Field::Body},
    {"replay", Field::Replay},
};

bool hasSearchableCharacter(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.isLetterOrNumber(); });
}

bool isToken(const QString &text)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(text).hasMatch();
}

class Parser
{
public:
    explicit Parser(const QString &line)
        : m_line(line)
    {}

    Filter::ParseError error;
    bool failed = false;

    QList<FilterTerm> parse()
    {
        QList<FilterTerm> terms;
        for (;;) {
            while (m_at < m_line.size() && m_line[m_at].isSpace())
                ++m_at;
            if (m_at >= m_line.size() || failed)
                return terms;
            FilterTerm term;
            if (parseTerm(term))
                terms.append(term);
        }
    }

private:
    bool fail(const QString &message, qsizetype position, qsizetype length)
    {
        if (!failed)
            error = {message, position, std::max<qsizetype>(1, length)};
        failed = true;
        return false;
    }

    // A value: bare characters and quoted runs up to the next blank outside quotes.
    bool readValue(QString &value)
    {
        while (m_at < m_line.size() && !m_line[m_at].isSpace()) {
            if (m_line[m_at] != u'"') {
                value += m_line[m_at++];
                continue;
            }
            const qsizetype open = m_at++;
            for (;;) {
                if (m_at >= m_line.size())
                    return fail(QStringLiteral("missing closing quote"), open,
                                m_line.size() - open);
                const QChar c = m_line[m_at++];
                if (c == u'"')
                    break;
                if (c == u'\\' && m_at < m_line.size() &&
                    (m_line[m_at] == u'"' || m_line[m_at] == u'\\'))
                    value += m_line[m_at++];
                else
                    value += c;
            }
        }
        return true;
    }

    bool parseTerm(FilterTerm &term)
    {
        term.position = m_at;
        if (m_line[m_at] == u'-' && m_at + 1 < m_line.size() && !m_line[m_at + 1].isSpace()) {
            term.negated = true;
            ++m_at;
        }
        static const QRegularExpression fieldPrefix(QStringLiteral("\\G([A-Za-z][A-Za-z_-]*):"));
        const auto prefix = fieldPrefix.match(m_line, m_at);
        if (prefix.hasMatch()) {
            const QString name = prefix.captured(1).toLower();
            const auto known = std::find_if(std::begin(fieldNames), std::end(fieldNames),
                                            [&](const FieldName &f) { return name == f.name; });
            if (known == std::end(fieldNames))
                return fail(QStringLiteral("unknown field '%1:' (fields are method, status, path, "
                                           "header, verdict, body and replay; put text with a "
                                           "colon in quotes)")
                                .arg(prefix.captured(1)),
                            m_at, prefix.capturedLength());
            term.field = known->field;
            m_at += prefix.capturedLength();
        }
        const qsizetype valueAt = m_at;
        if (!readValue(term.value))
            return false;
        term.length = m_at - term.position;
        return interpret(term, valueAt);
    }

    bool interpret(FilterTerm &term, qsizetype valueAt)
    {
        const qsizetype valueLength = m_at - valueAt;
        const QString &v = term.value;
        const QString fieldName = term.field == Field::Text ? QString() : fieldLabel(term.field);
        if (v.isEmpty() && term.field != Field::Text)
            return fail(
                QStringLiteral("%1: needs a value, e.g. %2").arg(fieldName, example(term.field)),
                term.position, term.length);
        switch (term.field) {
        case Field::Text:
        case Field::Body:
            if (!hasSearchableCharacter(v))
                return fail(QStringLiteral("'%1' has no letters or digits to search for").arg(v),
                            term.position, term.length);
            return true;
        case Field::Path:
            return true;
        case Field::Method:
            for (const QString &m : v.split(u',')) {
                if (!isToken(m))
                    return fail(QStringLiteral("method: expects a method name such as POST, or "
                                               "several separated by commas"),
                                valueAt, valueLength);
                term.methods.append(m.toUpper().toLatin1());
            }
            return true;
        case Field::Status:
            for (const QString &s : v.split(u',')) {
                FilterTerm::StatusRange range;
                if (!parseStatus(s.toLower(), range))
                    return fail(QStringLiteral("status: expects a code like 404, a class like 4xx "
                                               "or 40x, a range like 400-499, or none"),
                                valueAt, valueLength);
                term.statuses.append(range);
            }
            return true;
        case Field::Header: {
            const qsizetype equals = v.indexOf(u'=');
            const QString name = equals < 0 ? v : v.left(equals);
            if (!isToken(name) || name.contains(u'*'))
                return fail(QStringLiteral("header: expects a header name, optionally with "
                                           "=value, e.g. header:sentry-hook-resource=issue"),
                            valueAt, valueLength);
            term.headerName = name.toLatin1();
            if (equals >= 0)
                term.headerValue = v.mid(equals + 1).toUtf8();
            return true;
        }
        case Field::Verdict:
            for (const QString &s : v.split(u',')) {
                const QString value = s.toLower();
                if (value == u"valid")
                    term.verdicts.append(FilterTerm::VerdictValue::Valid);
                else if (value == u"invalid")
                    term.verdicts.append(FilterTerm::VerdictValue::Invalid);
                else if (value == u"blocked")
                    term.verdicts.append(FilterTerm::VerdictValue::Blocked);
                else if (value == u"none")
                    term.verdicts.append(FilterTerm::VerdictValue::None);
                else
                    return fail(QStringLiteral("verdict: expects valid, invalid, blocked or none"),
                                valueAt, valueLength);
            }
            return true;
        case Field::Replay: {
            const QString value = v.toLower();
            if (value == u"yes" || value == u"true")
                term.replay = true;
            else if (value == u"no" || value == u"false")
                term.replay = false;
            else
                return fail(QStringLiteral("replay: expects yes or no"), valueAt, valueLength);
            return true;
        }
        }
        return true;
    }

    static bool parseStatus(const QString &s, FilterTerm::StatusRange &range)
    {
        if (s == u"none") {
            range = {0, 0};
            return true;
        }
        static const QRegularExpression code(QStringLiteral("^([1-9])([0-9x])([0-9x])$"));
        static const QRegularExpression span(
            QStringLiteral("^([1-9][0-9][0-9])-([1-9][0-9][0-9])$"));
        if (const auto m = span.match(s); m.hasMatch()) {
            range = {m.captured(1).toInt(), m.captured(2).toInt()};
            return range.low <= range.high;
        }
        const auto m = code.match(s);
        // A wildcard digit may only be followed by wildcards: 4x0 means nothing useful.
        if (!m.hasMatch() || (m.captured(2) == u"x" && m.captured(3) != u"x"))
            return false;
        QString low = s, high = s;
        low.replace(u'x', u'0');
        high.replace(u'x', u'9');
        range = {low.toInt(), high.toInt()};
        return true;
    }

    static QString fieldLabel(Field field)
    {
        for (const FieldName &f : fieldNames) {
            if (f.field == field)
                return QString::fromLatin1(f.name);
        }
        return {};
    }

    static QString example(Field field)
    {
        switch (field) {
        case Field::Method:
            return QStringLiteral("method:POST");
        case Field::Status:
            return QStringLiteral("status:4xx");
        case Field::Path:
            return QStringLiteral("path:/hooks");
        case Field::Header:
            return QStringLiteral("header:sentry-hook-resource=issue");
        case Field::Verdict:
            return QStringLiteral("verdict:invalid");
        case Field::Body:
            return QStringLiteral("body:\"resolved\"");
        case Field::Replay:
            return QStringLiteral("replay:yes");
        case Field::Text:
            break;
        }
        return {};
    }

    const QString &m_line;
    qsizetype m_at = 0;
};

} // namespace

Filter Filter::parse(const QString &line)
{
    Filter filter;
    filter.m_text = line;
    Parser parser(line);
    filter.m_terms = parser.parse();
    if (parser.failed) {
        filter.m_terms.clear();
        filter.m_error = parser.error;
    }
    return filter;
}

} // namespace Hookscope::Store
