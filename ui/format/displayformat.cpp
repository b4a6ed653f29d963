#include "displayformat.h"

#include <QDateTime>

namespace Hookscope::Gui {

QString formatSize(qint64 bytes)
{
    if (bytes < 1000)
        return QString::number(bytes) + QLatin1String(" B");
    if (bytes < 1000 * 1000)
        return QString::number(bytes / 1000.0, 'f', 1) + QLatin1String(" KB");
    if (bytes < 1000LL * 1000 * 1000)
        return QString::number(bytes / 1e6, 'f', 1) + QLatin1String(" MB");
    return QString::number(bytes / 1e9, 'f', 2) + QLatin1String(" GB");
}

QString formatDuration(qint64 us)
{
    if (us < 0)
        return QStringLiteral("–");
    if (us < 1000)
        return QString::number(us) + QStringLiteral(" µs");
    if (us < 100'000)
        return QString::number(us / 1000.0, 'f', 1) + QLatin1String(" ms");
    if (us < 1'000'000)
        return QString::number(us / 1000) + QLatin1String(" ms");
    return QString::number(us / 1e6, 'f', 2) + QLatin1String(" s");
}

QString formatClock(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString formatDateTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace Hookscope::Gui
