#pragma once

#include <QString>
#include <QStringList>

namespace Hookscope::Testing {

struct ProcessRun
{
    int exitCode = -1; // -1 when it did not finish in time (it is killed)
    QString out;
    QString err;
};

// Runs `program` with `arguments` while serving this thread's events, so that peers living in
// the test (a TestUpstream) keep answering it.
ProcessRun runProcess(const QString &program, const QStringList &arguments, int timeoutMs = 20'000);

} // namespace Hookscope::Testing
