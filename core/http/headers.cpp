#include "headers.h"

#include <cstring>

namespace Hookscope::Http {

namespace {
bool sameName(const QByteArray &a, const QByteArray &b)
{
    // The length check first: most fields differ in length, and this runs per field per lookup.
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

bool sameToken(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
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
        const QByteArrayView value(f.value);
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype end = value.indexOf(',', start);
            if (end < 0)
                end = value.size();
            qsizetype a = start;
            qsizetype b = end;
            while (a < b && isOws(value[a]))
                ++a;
            while (b > a && isOws(value[b - 1]))
                --b;
            if (sameToken(value.sliced(a, b - a), token))
                return true;
            start = end + 1;
        }
    }
    return false;
}

QByteArray Headers::serialize() const
{
    QByteArray out;
    out.reserve(serializedSize());
    appendTo(out);
    return out;
}

qsizetype Headers::serializedSize() const
{
    qsizetype size = 0;
    for (const auto &f : m_fields)
        size += f.name.size() + f.value.size() + 4;
    return size;
}

void Headers::appendTo(QByteArray &out) const
{
    // One resize and plain copies: this runs for every head the proxy writes.
    const qsizetype start = out.size();
    out.resize(start + serializedSize());
    char *p = out.data() + start;
    for (const auto &f : m_fields) {
        std::memcpy(p, f.name.constData(), size_t(f.name.size()));
        p += f.name.size();
        *p++ = ':';
        *p++ = ' ';
        std::memcpy(p, f.value.constData(), size_t(f.value.size()));
        p += f.value.size();
        *p++ = '\r';
        *p++ = '\n';
    }
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
