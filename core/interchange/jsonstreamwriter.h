#pragma once

#include <QByteArray>
#include <nlohmann/json.hpp>

class QIODevice;

namespace Hookscope::Interchange {

// Writes a JSON document whose bulk is one long array — a JSON array of requests, a HAR log's
// entries — one item at a time, so memory holds one item however many are written. Items go one
// per line between `opening` and `closing`.
class JsonStreamWriter
{
public:
    JsonStreamWriter(QIODevice *out, QByteArray opening, QByteArray closing);

    // Each returns false once writing to the device failed (see QIODevice::errorString()).
    bool write(const nlohmann::json &item);
    bool finish();

    qint64 count() const { return m_count; }

    // A plain JSON array.
    static JsonStreamWriter array(QIODevice *out) { return {out, "[", "\n]\n"}; }

private:
    bool put(const QByteArray &bytes);

    QIODevice *m_out = nullptr;
    QByteArray m_opening;
    QByteArray m_closing;
    qint64 m_count = 0;
    bool m_ok = true;
};

// The item as compact JSON text; bytes that are not UTF-8 (which our writers never produce) are
// replaced rather than thrown on.
QByteArray toJsonText(const nlohmann::json &value);

} // namespace Hookscope::Interchange
