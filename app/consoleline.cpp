#include "consoleline.h"

#include "http/serializer.h"

#include <QDateTime>

namespace Hookscope::App {

namespace {

QString verdictText(const Store::ExchangeSummary &e)
{
    if (e.blocked)
        return QStringLiteral("blocked");
    switch (e.verdict) {
    case Store::Verdict::Valid:
        return QStringLiteral("valid");
    case Store::Verdict::Invalid:
        return QStringLiteral("invalid");
    case Store::Verdict::None:
        break;
    }
    return {};
}

// "HH:mm:ss.zzz" in local time. Going through the time zone costs more than the rest of a line,
// and a busy proxy prints thousands a second: the hour and minute are looked up once a minute
// (time zone offsets are whole minutes).
QString clockText(qint64 msSinceEpoch)
{
    thread_local qint64 cachedMinute = -1;
    thread_local QString hoursMinutes;
    const qint64 minute = msSinceEpoch >= 0 ? msSinceEpoch / 60000 : (msSinceEpoch - 59999) / 60000;
    if (minute != cachedMinute) {
        cachedMinute = minute;
        hoursMinutes =
            QDateTime::fromMSecsSinceEpoch(minute * 60000).toString(QStringLiteral("HH:mm:"));
    }
    const qint64 inMinute = msSinceEpoch - minute * 60000;
    return hoursMinutes + QStringLiteral("%1.%2")
                              .arg(inMinute / 1000, 2, 10, QLatin1Char('0'))
                              .arg(inMinute % 1000, 3, 10, QLatin1Char('0'));
}

} // namespace

QString consoleLine(const Store::ExchangeSummary &e)
{
    const QString time = clockText(e.startedUs / 1000);
    const QString status = e.status ? QString::number(e.status) + u' ' +
                                          QString::fromLatin1(Http::reasonPhrase(e.status))
                                    : QStringLiteral("—");
    const QString ms = e.durationUs >= 0
                           ? QString::number(e.durationUs / 1000.0, 'f', 1) + QStringLiteral(" ms")
                           : QString();
    QString line = QStringLiteral("%1  %2 %3 %4 %5")
                       .arg(time, QString::fromLatin1(e.method).leftJustified(7),
                            QString::fromUtf8(e.target).leftJustified(30), status.leftJustified(26),
                            ms.rightJustified(10));
    const QString verdict = verdictText(e);
    if (!verdict.isEmpty())
        line += QStringLiteral("  ") + verdict;
    if (e.replayOf)
        line += QStringLiteral("  replay of #%1").arg(e.replayOf);
    return line;
}

} // namespace Hookscope::App
