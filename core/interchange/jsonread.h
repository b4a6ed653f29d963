#pragma once

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace Hookscope::Interchange {

// Lenient readers for JSON written by other tools: a member that is missing or of another type
// gives the fallback instead of throwing.
const nlohmann::json *member(const nlohmann::json &object, const char *key);
QString stringMember(const nlohmann::json &object, const char *key, const QString &fallback = {});
QByteArray bytesMember(const nlohmann::json &object, const char *key);
std::optional<double> numberMember(const nlohmann::json &object, const char *key);
bool boolMember(const nlohmann::json &object, const char *key, bool fallback = false);

} // namespace Hookscope::Interchange
