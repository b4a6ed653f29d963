#include "jsonstreamwriter.h"

#include <QIODevice>

namespace Hookscope::Interchange {

QByteArray toJsonText(const nlohmann::json &value)
{
    return QByteArray::fromStdString(
        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

JsonStreamWriter::JsonStreamWriter(QIODevice *out, QByteArray opening, QByteArray closing)
    : m_out(out)
    , m_opening(std::move(opening))
    , m_closing(std::move(closing))
{}

bool JsonStreamWriter::put(const QByteArray &bytes)
{
    if (m_ok)
        m_ok = m_out->write(bytes) == bytes.size();
    return m_ok;
}

bool JsonStreamWriter::write(const nlohmann::json &item)
{
    const QByteArray separator = m_count == 0 ? m_opening + '\n' : QByteArray(",\n");
    ++m_count;
    return put(separator + toJsonText(item));
}

bool JsonStreamWriter::finish()
{
    if (m_count == 0)
        put(m_opening);
    return put(m_closing);
}

} // namespace Hookscope::Interchange
