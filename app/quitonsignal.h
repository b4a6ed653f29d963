#pragma once

#include <QObject>

class QSocketNotifier;

namespace Hookscope::App {

// Turns SIGINT and SIGTERM into a call of QCoreApplication::quit() from the event loop, so the
// program can finish writing captures before it exits. A second signal exits at once.
class QuitOnSignal : public QObject
{
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject *parent = nullptr);
    ~QuitOnSignal() override;

Q_SIGNALS:
    void signalled(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Hookscope::App
