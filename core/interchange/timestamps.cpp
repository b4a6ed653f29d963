#include "timestamps.h"

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QTime>

namespace Hookscope::Interchange {

QByteArray formatTimestamp(qint64 epochUs)
{
    // Floor division so that times before 1970 keep a fraction in [0, 1e6).
    qint64 seconds = epochUs / 1'000'000;
    qint64 micros = epochUs % 1'000'000;
    if (micros < 0) {
        micros += 1'000'000;
        --seconds;
    }
    const QDateTime t = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1() + '.' +
           QByteArray::number(micros).rightJustified(6, '0') + 'Z';
}

std::optional<qint64> parseTimestamp(QByteArrayView text)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$)"));
    const QRegularExpressionMatch m = pattern.match(QString::fromLatin1(text));
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(),
                     m.capturedView(3).toInt());
    const QTime time(m.capturedView(4).toInt(), m.capturedView(5).toInt(),
                     m.capturedView(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    qint64 us = QDateTime(date, time, Qt::UTC).toSecsSinceEpoch() * 1'000'000;
    const QString fraction = m.captured(7).left(6).leftJustified(6, QLatin1Char('0'));
    us += fraction.toLongLong();
    const QString offset = m.captured(8);
    if (!offset.isEmpty() && offset.compare(QLatin1String("z"), Qt::CaseInsensitive) != 0) {
        const QString digits = QString(offset.mid(1)).remove(QLatin1Char(':'));
        const qint64 minutes = digits.left(2).toInt() * 60 + digits.mid(2).toInt();
        us -= (offset.front() == QLatin1Char('-') ? -1 : 1) * minutes * 60 * 1'000'000;
    }
    return us;
}

} // namespace Hookscope::Interchange
