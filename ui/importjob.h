#pragma once

#include <QRunnable>
#include <QString>
#include <QStringList>
#include <functional>

namespace Hookscope::Gui {

// Adds the entries of a HAR file to a capture database off the UI thread, all in one
// transaction (all of them or, on failure, none). Entries that cannot be read are skipped and
// counted.
class ImportJob : public QRunnable
{
public:
    struct Outcome
    {
        qint64 imported = 0;
        int skipped = 0;
        QStringList problems; // why, for the first few skipped entries
        QString error;        // empty on success, else what went wrong (nothing was imported)
    };

    ImportJob(QString harFile, QString databasePath, std::function<void(Outcome)> report);
    void run() override;

private:
    QString m_harFile;
    QString m_databasePath;
    std::function<void(Outcome)> m_report;
};

} // namespace Hookscope::Gui
