#include "sampletemplate.h"

#include "randomids.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <map>
#include <nlohmann/json.hpp>

namespace Hookscope::Webhooks {

namespace {

using Json = nlohmann::ordered_json;

QByteArray fraction(int digits)
{
    QByteArray out(digits, Qt::Uninitialized);
    for (int i = 0; i < digits; ++i)
        out[i] = char('0' + QRandomGenerator::global()->bounded(10));
    return out;
}

QByteArray isoTime(qint64 seconds, int fractionDigits)
{
    QByteArray iso =
        QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toLatin1();
    if (fractionDigits > 0)
        iso.insert(iso.size() - 1, '.' + fraction(fractionDigits)); // before the Z
    return iso;
}

class Expander
{
public:
    explicit Expander(qint64 now)
        : m_now(now)
    {}

    // The value of one placeholder, or an error message.
    Result<QByteArray> value(const QString &kind, const QString &argument)
    {
        if (kind == u"sha7") {
            auto sha = value(QStringLiteral("sha"), argument);
            return sha ? Result<QByteArray>(sha->left(7)) : sha;
        }
        const QString key = kind + u':' + argument;
        if (const auto it = m_values.find(key); it != m_values.end())
            return it->second;
        auto made = make(kind, argument);
        if (made)
            m_values[key] = *made;
        return made;
    }

private:
    Result<QByteArray> make(const QString &kind, const QString &argument) const
    {
        using namespace RandomIds;
        if (kind == u"uuid")
            return uuid();
        if (kind == u"hex")
            return hex(32);
        if (kind == u"hex16")
            return hex(16);
        if (kind == u"sha")
            return hex(40);
        if (kind == u"id")
            return digits(10);
        if (kind == u"id13")
            return digits(13);
        if (kind == u"n")
            return QByteArray::number(QRandomGenerator::global()->bounded(1, 1000));
        if (kind == u"upper")
            return upperAlphanumeric(10);
        if (kind == u"alnum")
            return alphanumeric(24);
        if (kind == u"alnum14")
            return alphanumeric(14);
        if (kind == u"alnum6")
            return alphanumeric(6);

        bool ok = false;
        const qint64 at = m_now + argument.toLongLong(&ok);
        if (!ok)
            return Error{
                QStringLiteral("{{%1:%2}}: the offset must be whole seconds").arg(kind, argument)};
        if (kind == u"time")
            return isoTime(at, 6);
        if (kind == u"time.ms")
            return isoTime(at, 3);
        if (kind == u"time.s")
            return isoTime(at, 0);
        if (kind == u"unix")
            return QByteArray::number(at);
        if (kind == u"unix.ms")
            return QByteArray(QByteArray::number(at) + '.' + fraction(3));
        if (kind == u"ts")
            return QByteArray(QByteArray::number(at) + '.' + fraction(6));
        return Error{QStringLiteral("unknown placeholder {{%1:%2}}").arg(kind, argument)};
    }

    qint64 m_now = 0;
    std::map<QString, QByteArray> m_values;
};

Json number(const QByteArray &text)
{
    if (text.contains('.'))
        return Json(text.toDouble());
    return Json(text.toLongLong());
}

Status expand(Json &node, Expander &expander)
{
    if (node.is_structured()) {
        for (auto &child : node) {
            if (Status s = expand(child, expander); !s)
                return s;
        }
        return {};
    }
    if (!node.is_string())
        return {};
    static const QRegularExpression placeholder(
        QStringLiteral(R"(\{\{(#?)([a-z][a-z0-9]*(?:\.[a-z]+)?):([^{}\s]*)\}\})"));
    const QString text = QString::fromStdString(node.get<std::string>());
    QByteArray out;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        auto value = expander.value(m.captured(2), m.captured(3));
        if (!value)
            return Error{value.error()};
        if (!m.captured(1).isEmpty()) {
            if (m.capturedLength() != text.size())
                return Error{QStringLiteral("%1 must be the whole string to become a number")
                                 .arg(m.captured(0))};
            node = number(*value);
            return {};
        }
        out += text.mid(last, m.capturedStart() - last).toUtf8() + *value;
        last = m.capturedEnd();
    }
    if (last == 0)
        return {};
    out += text.mid(last).toUtf8();
    node = out.toStdString();
    return {};
}

} // namespace

Result<QByteArray> expandSampleTemplate(const QByteArray &templateJson, qint64 now, BodyStyle style)
{
    Json json = Json::parse(templateJson.begin(), templateJson.end(), nullptr, false);
    if (json.is_discarded())
        return Error{QStringLiteral("the sample template is not valid JSON")};
    Expander expander(now);
    if (Status s = expand(json, expander); !s)
        return Error{s.error()};
    const std::string body = style == BodyStyle::Pretty ? json.dump(2) : json.dump();
    return QByteArray(body.data(), qsizetype(body.size()));
}

} // namespace Hookscope::Webhooks
