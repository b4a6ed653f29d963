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

} // namespace

QString consoleLine(const Store::ExchangeSummary &e)
{
    const QString time =
        QDateTime::fromMSecsSinceEpoch(e.startedUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
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
