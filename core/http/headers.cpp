#include "headers.h"

namespace Hookscope::Http {

namespace {
bool sameName(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}
} // namespace

void Headers::set(const QByteArray &name, const QByteArray &value)
{
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (sameName(m_fields[i].name, name)) {
            m_fields[i].value = value;
            for (qsizetype j = m_fields.size() - 1; j > i; --j) {
                if (sameName(m_fields[j].name, name))
                    m_fields.removeAt(j);
            }
            return;
        }
    }
    add(name, value);
}

qsizetype Headers::remove(const QByteArray &name)
{
    return m_fields.removeIf([&](const HeaderField &f) { return sameName(f.name, name); });
}

bool Headers::contains(const QByteArray &name) const
{
    for (const auto &f : m_fields) {
        if (sameName(f.name, name))
            return true;
    }
    return false;
}

QByteArray Headers::value(const QByteArray &name) const
{
    for (const auto &f : m_fields) {
        if (sameName(f.name, name))
            return f.value;
    }
    return {};
}

QList<QByteArray> Headers::values(const QByteArray &name) const
{
    QList<QByteArray> out;
    for (const auto &f : m_fields) {
        if (sameName(f.name, name))
            out.append(f.value);
    }
    return out;
}

QByteArray Headers::combined(const QByteArray &name) const
{
    return values(name).join(", ");
}

bool Headers::hasToken(const QByteArray &name, const QByteArray &token) const
{
    for (const auto &f : m_fields) {
        if (!sameName(f.name, name))
            continue;
        for (const QByteArray &part : f.value.split(',')) {
            if (sameName(part.trimmed(), token))
                return true;
        }
    }
    return false;
}

QByteArray Headers::serialize() const
{
    QByteArray out;
    for (const auto &f : m_fields)
        out += f.name + ": " + f.value + "\r\n";
    return out;
}

Headers Headers::parse(const QByteArray &block)
{
    Headers h;
    for (const QByteArray &line : block.split('\n')) {
        QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (l.isEmpty())
            continue;
        const qsizetype colon = l.indexOf(':');
        if (colon <= 0)
            continue;
        h.add(l.left(colon), l.mid(colon + 1).trimmed());
    }
    return h;
}

} // namespace Hookscope::Http
