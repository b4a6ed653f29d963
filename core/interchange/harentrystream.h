#pragma once

#include <QString>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace Hookscope::Interchange {

// Reads a HAR document as a stream of SAX events and hands each element of log.entries to
// `onEntry` as soon as it is complete, so a document of any size is never held whole: only the
// entry being read is. Everything outside log.entries is skipped.
class HarEntryStream : public nlohmann::json_sax<nlohmann::json>
{
public:
    using json = nlohmann::json;

    explicit HarEntryStream(std::function<void(json)> onEntry);

    bool sawEntries() const { return m_sawEntries; }
    const QString &parseError() const { return m_parseError; }

    bool null() override;
    bool boolean(bool value) override;
    bool number_integer(number_integer_t value) override;
    bool number_unsigned(number_unsigned_t value) override;
    bool number_float(number_float_t value, const string_t &text) override;
    bool string(string_t &value) override;
    bool binary(binary_t &value) override;
    bool start_object(std::size_t elements) override;
    bool key(string_t &value) override;
    bool end_object() override;
    bool start_array(std::size_t elements) override;
    bool end_array() override;
    bool parse_error(std::size_t position, const std::string &token,
                     const nlohmann::detail::exception &error) override;

private:
    // A container outside the entries being built: what it is and the key last read in it.
    struct Frame
    {
        bool array = false;
        std::string key;
    };

    bool value(json v);
    bool open(json container);
    bool close();
    bool atEntryLevel() const;

    std::function<void(json)> m_onEntry;
    std::vector<Frame> m_frames;     // the document's containers around the current position
    qsizetype m_entriesFrame = -1;   // index in m_frames of log.entries while inside it
    json m_entry;                    // the entry being built
    std::vector<json *> m_building;  // its open containers, innermost last
    std::vector<std::string> m_keys; // the key last read in each of them
    bool m_sawEntries = false;
    QString m_parseError;
};

} // namespace Hookscope::Interchange
