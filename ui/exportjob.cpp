#include "exportjob.h"

#include "interchange/harexport.h"
#include "interchange/jsonstreamwriter.h"
#include "interchange/ngrokjson.h"
#include "store/exchangestore.h"

#include <QElapsedTimer>
#include <QSaveFile>

namespace Hookscope::Gui {

ExportJob::ExportJob(QString databasePath, QList<qint64> ids, Format format, QString fileName,
                     QString creatorVersion, std::function<void(Progress)> report)
    : m_databasePath(std::move(databasePath))
    , m_ids(std::move(ids))
    , m_format(format)
    , m_fileName(std::move(fileName))
    , m_creatorVersion(std::move(creatorVersion))
    , m_report(std::move(report))
{
    setAutoDelete(true);
}

ExportJob::Format ExportJob::formatFor(const QString &fileName)
{
    return fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? Format::NgrokJson
                                                                          : Format::Har;
}

void ExportJob::run()
{
    Progress progress;
    progress.total = m_ids.size();
    const auto finish = [&](const QString &error) {
        progress.finished = true;
        progress.error = error;
        m_report(progress);
    };
    auto store = Store::ExchangeStore::open(m_databasePath);
    if (!store)
        return finish(store.error());
    QSaveFile file(m_fileName);
    if (!file.open(QIODevice::WriteOnly))
        return finish(QStringLiteral("cannot write %1: %2").arg(m_fileName, file.errorString()));
    const bool har = m_format == Format::Har;
    Interchange::JsonStreamWriter writer =
        har ? Interchange::harStreamWriter(&file, m_creatorVersion)
            : Interchange::JsonStreamWriter::array(&file);
    QElapsedTimer sinceReport;
    sinceReport.start();
    for (const qint64 id : std::as_const(m_ids)) {
        if (m_cancelled->load()) {
            file.cancelWriting();
            return finish(
                QStringLiteral("the export was cancelled; %1 is unchanged").arg(m_fileName));
        }
        // Exchanges deleted meanwhile (retention, clear) are simply not exported.
        if (const std::optional<Store::Exchange> e = store.value()->exchange(id)) {
            if (!writer.write(har ? Interchange::harEntry(*e) : Interchange::ngrokRequest(*e)))
                return finish(
                    QStringLiteral("cannot write %1: %2").arg(m_fileName, file.errorString()));
        }
        ++progress.written;
        if (sinceReport.elapsed() > 200) {
            m_report(progress);
            sinceReport.restart();
        }
    }
    if (!writer.finish() || !file.commit())
        return finish(QStringLiteral("cannot write %1: %2").arg(m_fileName, file.errorString()));
    finish({});
}

} // namespace Hookscope::Gui
