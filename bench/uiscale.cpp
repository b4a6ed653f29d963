// Measures the inspector window on a large capture database: start to first painted list, a text
// filter, a field filter, scrolling to the end, and peak memory.
//   hookscope_uiscale --db PATH [--text WORDS] [--field FILTER]
// Run it on the offscreen platform or under Xvfb (bench/ui-scale.sh does).
#include "exchangelistview.h"
#include "mainwindow.h"
#include "models/exchangelistmodel.h"
#include "store/exchangestore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>
#include <tuple>
#include <unistd.h>

using namespace Hookscope;

namespace {

QElapsedTimer sinceStart;

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Milliseconds since the process started (exec, dynamic linking and all), from /proc; 10 ms steps.
qint64 processAgeMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    // Field 22 (starttime, in clock ticks since boot), counted after the command's ")".
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double started = fields.value(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    const double now = uptime.readAll().split(' ').first().toDouble();
    return qint64((now - started) * 1000);
}

// Waits until the list viewport has painted rows after `since` (ms on sinceStart).
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QWidget *viewport, Gui::ExchangeListModel *model)
        : m_viewport(viewport)
        , m_model(model)
    {
        viewport->installEventFilter(this);
    }
    qint64 lastPaint = -1;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_viewport && event->type() == QEvent::Paint && m_model->rowCount() > 0) {
            // Measured after the paint itself: a zero timer fires once this event is done.
            QTimer::singleShot(0, this, [this] { lastPaint = sinceStart.elapsed(); });
        }
        return false;
    }

private:
    QWidget *m_viewport;
    Gui::ExchangeListModel *m_model;
};

void waitFor(const std::function<bool()> &done, int timeoutMs = 60'000)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

struct FilterFigure
{
    double firstPaintMs = 0; // the first matching rows on screen
    double countedMs = 0;    // "matched N of M" shows a number (exact, or at least N)
    double allListedMs = 0;  // every matching id listed (the scroll bar is complete)
    qint64 matched = 0;
};

FilterFigure measureFilter(Gui::MainWindow &window, PaintWatch &watch, const QString &line)
{
    Gui::ExchangeListModel *model = window.listModel();
    FilterFigure f;
    const qint64 start = sinceStart.elapsed();
    watch.lastPaint = -1;
    window.applyFilter(line);
    waitFor([&] { return watch.lastPaint >= 0; });
    f.firstPaintMs = double(watch.lastPaint - start);
    waitFor([&] { return model->matchedCount() >= 0; });
    f.countedMs = double(sinceStart.elapsed() - start);
    waitFor([&] { return !model->isLoading(); });
    f.allListedMs = double(sinceStart.elapsed() - start);
    f.matched = model->matchedCount();
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    sinceStart.start();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("db"), QStringLiteral("Capture database."), QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("text"), QStringLiteral("Text filter."),
                      QStringLiteral("WORDS"), QStringLiteral("ZeroDivisionError")});
    parser.addOption({QStringLiteral("field"), QStringLiteral("Field filter."),
                      QStringLiteral("FILTER"), QStringLiteral("method:POST status:4xx")});
    parser.process(app);

    // Settings of the person running it must neither help nor suffer.
    QTemporaryDir settings;
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeBench"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());

    auto store = Store::ExchangeStore::open(parser.value(QStringLiteral("db")));
    if (!store) {
        std::fprintf(stderr, "hookscope_uiscale: %s\n", qPrintable(store.error()));
        return 1;
    }
    Gui::MainWindow window(std::move(store).value(), nullptr);
    window.resize(1400, 900);
    PaintWatch watch(window.listView()->viewport(), window.listModel());
    window.show();
    waitFor([&] { return watch.lastPaint >= 0; });
    const qint64 firstPaint = watch.lastPaint;
    const qint64 firstPaintSinceExec = processAgeMs();
    Gui::ExchangeListModel *model = window.listModel();
    waitFor([&] { return !model->isLoading(); });
    const qint64 allListed = sinceStart.elapsed();
    const qint64 total = model->totalCount();

    const FilterFigure text = measureFilter(window, watch, parser.value(QStringLiteral("text")));
    const FilterFigure field = measureFilter(window, watch, parser.value(QStringLiteral("field")));
    measureFilter(window, watch, QString());

    // To the end and back, painting each time (the last rows are read by key on demand).
    QElapsedTimer scroll;
    scroll.start();
    window.listView()->scrollToBottom();
    window.listView()->viewport()->repaint();
    const qint64 toEnd = scroll.nsecsElapsed();
    scroll.restart();
    for (int i = 0; i < 200; ++i) {
        window.listView()->verticalScrollBar()->setValue(
            window.listView()->verticalScrollBar()->maximum() / 200 * i);
        window.listView()->viewport()->repaint();
    }
    const qint64 jumps = scroll.nsecsElapsed();

    std::printf("exchanges in the database       %lld\n", total);
    std::printf("start to first painted list     %lld ms (%lld ms from exec)\n", firstPaint,
                firstPaintSinceExec);
    std::printf("start to every row listed       %lld ms\n", allListed);
    for (const auto &[name, line, f] :
         {std::tuple{"text filter ", parser.value(QStringLiteral("text")), text},
          std::tuple{"field filter", parser.value(QStringLiteral("field")), field}}) {
        std::printf("%s %-24s %4.0f ms to the first rows, %4.0f ms to a count, %5.0f ms until "
                    "all %lld are listed\n",
                    name, qPrintable(u'"' + line + u'"'), f.firstPaintMs, f.countedMs,
                    f.allListedMs, f.matched);
    }
    std::printf("scroll to the end, painted      %.1f ms\n", toEnd / 1e6);
    std::printf("200 jumps across the list       %.1f ms each\n", jumps / 1e6 / 200);
    std::printf("peak memory (VmHWM)             %.0f MB (now: %.0f MB private, %.0f MB of the "
                "database file mapped)\n",
                statusKb("VmHWM:") / 1024.0, statusKb("RssAnon:") / 1024.0,
                statusKb("RssFile:") / 1024.0);
    return 0;
}
