#include "harentrystream.h"

namespace Hookscope::Interchange {

HarEntryStream::HarEntryStream(std::function<void(json)> onEntry)
    : m_onEntry(std::move(onEntry))
{}

bool HarEntryStream::atEntryLevel() const
{
    return m_building.empty() && m_entriesFrame >= 0 &&
           qsizetype(m_frames.size()) == m_entriesFrame + 1;
}

bool HarEntryStream::value(json v)
{
    if (!m_building.empty()) {
        json &top = *m_building.back();
        if (top.is_array())
            top.push_back(std::move(v));
        else
            top[m_keys.back()] = std::move(v);
    } else if (atEntryLevel()) {
        m_onEntry(std::move(v)); // not an object: the reader counts it as unreadable
    }
    return true;
}

bool HarEntryStream::open(json container)
{
    if (!m_building.empty()) {
        json &top = *m_building.back();
        json *child = nullptr;
        if (top.is_array()) {
            top.push_back(std::move(container));
            child = &top.back();
        } else {
            child = &(top[m_keys.back()] = std::move(container));
        }
        m_building.push_back(child);
        m_keys.emplace_back();
        return true;
    }
    if (atEntryLevel()) {
        m_entry = std::move(container);
        m_building.push_back(&m_entry);
        m_keys.emplace_back();
        return true;
    }
    // log.entries itself: the second container down, named "entries" inside "log".
    const bool array = container.is_array();
    if (array && m_frames.size() == 2 && !m_frames[0].array && m_frames[0].key == "log" &&
        !m_frames[1].array && m_frames[1].key == "entries") {
        m_entriesFrame = qsizetype(m_frames.size());
        m_sawEntries = true;
    }
    m_frames.push_back({array, {}});
    return true;
}

bool HarEntryStream::close()
{
    if (!m_building.empty()) {
        m_building.pop_back();
        m_keys.pop_back();
        if (m_building.empty())
            m_onEntry(std::exchange(m_entry, json()));
        return true;
    }
    if (qsizetype(m_frames.size()) == m_entriesFrame + 1)
        m_entriesFrame = -1;
    if (!m_frames.empty())
        m_frames.pop_back();
    return true;
}

bool HarEntryStream::null()
{
    return value(nullptr);
}

bool HarEntryStream::boolean(bool v)
{
    return value(v);
}

bool HarEntryStream::number_integer(number_integer_t v)
{
    return value(v);
}

bool HarEntryStream::number_unsigned(number_unsigned_t v)
{
    return value(v);
}

bool HarEntryStream::number_float(number_float_t v, const string_t &)
{
    return value(v);
}

bool HarEntryStream::string(string_t &v)
{
    return value(std::move(v));
}

bool HarEntryStream::binary(binary_t &v)
{
    return value(json::binary(std::move(v)));
}

bool HarEntryStream::start_object(std::size_t)
{
    return open(json::object());
}

bool HarEntryStream::key(string_t &k)
{
    if (!m_building.empty())
        m_keys.back() = std::move(k);
    else if (!m_frames.empty())
        m_frames.back().key = std::move(k);
    return true;
}

bool HarEntryStream::end_object()
{
    return close();
}

bool HarEntryStream::start_array(std::size_t)
{
    return open(json::array());
}

bool HarEntryStream::end_array()
{
    return close();
}

bool HarEntryStream::parse_error(std::size_t position, const std::string &,
                                 const nlohmann::detail::exception &error)
{
    // nlohmann's text starts with "[json.exception.parse_error.101] ": keep what follows.
    const QString what = QString::fromUtf8(error.what());
    m_parseError = QStringLiteral("not valid JSON at byte %1 (%2)")
                       .arg(position)
                       .arg(what.mid(what.indexOf(QLatin1String("] ")) + 2));
    return false;
}

} // namespace Hookscope::Interchange
