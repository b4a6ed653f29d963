#pragma once

#include <QByteArray>
#include <QList>

namespace Hookscope::Http {

struct HeaderField
{
    QByteArray name;
    QByteArray value;
    friend bool operator==(const HeaderField &, const HeaderField &) = default;
};

// Header fields in the order they were received, with their original spelling. Lookups ignore
// ASCII case, as RFC 9110 says field names do.
class Headers
{
public:
    Headers() = default;
    Headers(std::initializer_list<HeaderField> fields) : m_fields(fields) {}

    void add(const QByteArray &name, const QByteArray &value) { m_fields.append({name, value}); }
    // Replaces every field of that name with one (placed where the first one was, else at the end).
    void set(const QByteArray &name, const QByteArray &value);
    // Removes every field of that name; returns how many were removed.
    qsizetype remove(const QByteArray &name);

    bool contains(const QByteArray &name) const;
    // The first value of that name, or an empty array.
    QByteArray value(const QByteArray &name) const;
    QList<QByteArray> values(const QByteArray &name) const;
    // All values of that name joined with ", " (RFC 9110 §5.3), for list-valued fields.
    QByteArray combined(const QByteArray &name) const;
    // True when the comma-separated list field holds that token (case-insensitive).
    bool hasToken(const QByteArray &name, const QByteArray &token) const;

    const QList<HeaderField> &fields() const { return m_fields; }
    QList<HeaderField> &fields() { return m_fields; }
    qsizetype size() const { return m_fields.size(); }
    bool isEmpty() const { return m_fields.isEmpty(); }
    auto begin() const { return m_fields.begin(); }
    auto end() const { return m_fields.end(); }

    // "Name: value\r\n" per field, in order; parse() reads the same form back.
    QByteArray serialize() const;
    // The same bytes appended to `out`, and their length (to reserve room first).
    void appendTo(QByteArray &out) const;
    qsizetype serializedSize() const;
    static Headers parse(const QByteArray &block);

    friend bool operator==(const Headers &, const Headers &) = default;

private:
    QList<HeaderField> m_fields;
};

} // namespace Hookscope::Http
