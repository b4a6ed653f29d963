#include "runprocess.h"

#include <QProcess>
#include <QSignalSpy>

namespace Hookscope::Testing {

ProcessRun runProcess(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, arguments);
    if (!finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace Hookscope::Testing
