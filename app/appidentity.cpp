#include "appidentity.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

namespace Hookscope::App {

namespace {

void moveSettingsWithoutOrganisation()
{
    const QString oldDir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                           QStringLiteral("/Unknown Organization");
    const QString oldFile = oldDir + QStringLiteral("/hookscope.conf");
    if (!QFile::exists(oldFile))
        return;
    QSettings current;
    if (current.allKeys().isEmpty()) {
        const QSettings previous(oldFile, QSettings::IniFormat);
        const QStringList keys = previous.allKeys();
        for (const QString &key : keys)
            current.setValue(key, previous.value(key));
        current.sync();
        if (current.status() != QSettings::NoError)
            return; // keep the old file: nothing is lost, the move is tried again next time
    }
    QFile::remove(oldFile);
    QDir().rmdir(oldDir); // only when empty: other programs without a name keep theirs there
}

} // namespace

void setUpIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("hookscope"));
    QCoreApplication::setApplicationName(QStringLiteral("hookscope"));
    moveSettingsWithoutOrganisation();
}

} // namespace Hookscope::App
