#include "jsonread.h"

namespace Hookscope::Interchange {

const nlohmann::json *member(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

QByteArray bytesMember(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *m = member(object, key);
    if (!m || !m->is_string())
        return {};
    const auto &s = m->get_ref<const std::string &>();
    return QByteArray(s.data(), qsizetype(s.size()));
}

QString stringMember(const nlohmann::json &object, const char *key, const QString &fallback)
{
    const nlohmann::json *m = member(object, key);
    if (!m || !m->is_string())
        return fallback;
    return QString::fromUtf8(bytesMember(object, key));
}

std::optional<double> numberMember(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *m = member(object, key);
    if (!m || !m->is_number())
        return std::nullopt;
    return m->get<double>();
}

bool boolMember(const nlohmann::json &object, const char *key, bool fallback)
{
    const nlohmann::json *m = member(object, key);
    return m && m->is_boolean() ? m->get<bool>() : fallback;
}

} // namespace Hookscope::Interchange
