#pragma once

#include <QList>
#include <QRunnable>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace Hookscope::Gui {

// Writes exchanges to a file off the UI thread, one at a time through its own read connection
// (memory holds one exchange however many there are). The file is replaced only when all of it
// was written.
class ExportJob : public QRunnable
{
public:
    enum class Format { Har, NgrokJson };

    struct Progress
    {
        qint64 written = 0;
        qint64 total = 0;
        bool finished = false;
        QString error; // when finished: empty on success, else what went wrong and where
    };

    ExportJob(QString databasePath, QList<qint64> ids, Format format, QString fileName,
              QString creatorVersion, std::function<void(Progress)> report);
    void run() override;

    // Asks a running export to stop; the file is then left as it was.
    void cancel() { m_cancelled->store(true); }
    std::shared_ptr<std::atomic<bool>> cancelFlag() const { return m_cancelled; }

    // "har" or "json" from a file name's suffix; Har when it is neither.
    static Format formatFor(const QString &fileName);

private:
    QString m_databasePath;
    QList<qint64> m_ids; // oldest first
    Format m_format;
    QString m_fileName;
    QString m_creatorVersion;
    std::function<void(Progress)> m_report;
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
};

} // namespace Hookscope::Gui
