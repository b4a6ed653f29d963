#include "importjob.h"

#include "interchange/harimport.h"
#include "store/exchangeimport.h"

namespace Hookscope::Gui {

ImportJob::ImportJob(QString harFile, QString databasePath, std::function<void(Outcome)> report)
    : m_harFile(std::move(harFile))
    , m_databasePath(std::move(databasePath))
    , m_report(std::move(report))
{
    setAutoDelete(true);
}

void ImportJob::run()
{
    Outcome outcome;
    Result<Interchange::HarImport> har = Interchange::readHarFile(m_harFile);
    if (!har) {
        outcome.error = har.error();
        return m_report(outcome);
    }
    outcome.skipped = har->skipped;
    outcome.problems = har->problems;
    const Result<QList<qint64>> ids =
        Store::importExchanges(m_databasePath, std::move(har.value().exchanges), har->originals);
    if (!ids)
        outcome.error = ids.error() + QStringLiteral(" (nothing was imported)");
    else
        outcome.imported = ids->size();
    m_report(outcome);
}

} // namespace Hookscope::Gui
