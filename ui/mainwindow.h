#pragma once

#include "store/exchange.h"

#include <QElapsedTimer>
#include <QList>
#include <QMainWindow>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <memory>

class QAction;
class QLabel;
class QSplitter;

namespace Hookscope::Store {
class ExchangeStore;
class ExchangeWriter;
} // namespace Hookscope::Store

namespace Hookscope::Proxy {
class UpstreamProbe;
}

namespace Hookscope::Gui {

class ExchangeListModel;
class ExchangeListView;
class FilterBar;
class MessagePane;
class ReplayActions;

// What the window shows about the capture running in this process.
struct CaptureSetup
{
    QString listenAuthority; // "127.0.0.1:8080"; empty when this process does not capture
    QString upstreamUrl;     // "http://127.0.0.1:3000"
    QString upstreamHost;    // probed for health when set
    quint16 upstreamPort = 0;
    bool listening = true; // false while the proxy could not bind listenAuthority
    // --verify-webhook's provider and secret: replays and edited resends can be re-signed with
    // it. Kept in memory only.
    QString webhookProvider;
    QByteArray webhookSecret;
};

// The inspector: toolbar, filter line, the exchange list and, for the selected exchange, the
// Request and Response panes (side by side or stacked), with counts and request rate below.
// It reads through its own store connection and changes the database only through the writer.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `writer` (may be null: then the window only reads) must outlive the window; its
    // committed() and removed() signals keep the list live.
    MainWindow(std::unique_ptr<Store::ExchangeStore> store, Store::ExchangeWriter *writer,
               CaptureSetup capture = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    ExchangeListModel *listModel() const { return m_model; }
    ExchangeListView *listView() const { return m_list; }
    ReplayActions *replayActions() const { return m_replayActions; }
    FilterBar *filterBar() const { return m_filter; }
    MessagePane *requestPane() const { return m_request; }
    MessagePane *responsePane() const { return m_response; }
    qint64 shownId() const { return m_shownId; }

    // The capture changed (another address after a failure, say).
    void setCaptureSetup(const CaptureSetup &capture);
    // Capture state as the application reports it (the toolbar's toggle follows it).
    void setCapturing(bool on);
    bool isCapturing() const;
    // The proxy could not listen: says so with the way out, offering `suggestion` (another
    // address); choosing it emits listenAddressChosen().
    void reportListenFailure(const QString &message, const QString &suggestion);
    // Something went wrong that the user must know about (the writer failed, …).
    void reportProblem(const QString &title, const QString &message);

    void setPanesStacked(bool stacked);
    bool panesStacked() const;

    // Applies a filter line as if typed; false (and the error shown) when it does not parse.
    bool applyFilter(const QString &line);
    // Deletes the selected exchanges, or all of them, through the writer.
    void deleteSelected();
    void clearAll(bool confirm = true);

    // Writes the selected exchanges (when several are selected) or all the list shows, oldest
    // first, as HAR (.har) or ngrok-style JSON (.json); asks for the file when none is given.
    void exportExchanges(const QString &fileName = QString());
    bool isExporting() const { return m_exporting; }
    // Adds the entries of a HAR file (ours, a browser's, another tool's) off the UI thread, in one
    // transaction; asks for the file when none is given. imported() tells how it went.
    void importHar(const QString &fileName = QString());
    bool isImporting() const { return m_importing; }
    // Puts the command that sends the current exchange's request again with curl on the
    // clipboard; false (and why in the status bar) when there is none or its body was truncated.
    bool copyAsCurl();

    // Replay and Edit & Resend are offered once something handles replayRequested() and
    // editAndResendRequested(); until then they are shown disabled.
    void setReplayAvailable(bool available);

    // Captures per second over the last ten seconds.
    double requestRate() const;

Q_SIGNALS:
    void captureToggled(bool on);
    void listenAddressChosen(const QString &address);
    void replayRequested(qint64 id);
    void editAndResendRequested(qint64 id);
    // An export finished: `error` is empty when the file was written.
    void exported(const QString &fileName, const QString &error);
    // An import finished: how many exchanges were added and how many entries were skipped;
    // `error` is empty when the import went through (else nothing was added).
    void imported(const QString &fileName, qint64 count, int skipped, const QString &error);
    // The panes show this exchange (their Body and Raw tabs follow with rendered()).
    void exchangeShown(qint64 id);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildActions();
    void buildToolBar();
    void buildMenus();
    void buildCentral();
    void buildStatusBar();
    void buildReplay();
    void restoreSettings();
    void saveSettings() const;
    void showCurrent();
    void updateCounts();
    void updatePlaceholder();
    void updateCaptureIndicator();
    void updateActions();
    void noteCaptured(qsizetype count);
    void copyUrls();
    void showListMenu(const QPoint &pos);

    std::unique_ptr<Store::ExchangeStore> m_store;
    Store::ExchangeWriter *m_writer = nullptr;
    CaptureSetup m_capture;
    Proxy::UpstreamProbe *m_probe = nullptr;

    ExchangeListModel *m_model = nullptr;
    ExchangeListView *m_list = nullptr;
    FilterBar *m_filter = nullptr;
    MessagePane *m_request = nullptr;
    MessagePane *m_response = nullptr;
    ReplayActions *m_replayActions = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_paneSplitter = nullptr;

    QAction *m_captureAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_replayAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_copyCurlAction = nullptr;
    QAction *m_stackedAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_darkAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_copyRequestBodyAction = nullptr;
    QAction *m_copyResponseBodyAction = nullptr;
    QAction *m_copyRequestHeadersAction = nullptr;
    QAction *m_copyResponseHeadersAction = nullptr;

    QLabel *m_captureLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    QLabel *m_loadingLabel = nullptr;

    QTimer m_showTimer;
    QTimer m_rateTimer;
    QElapsedTimer m_clock;
    QList<QPair<qint64, qsizetype>> m_captureTimes; // (ms on m_clock, how many)
    qint64 m_shownId = 0;
    bool m_filtered = false;
    bool m_splitterRestored = false;
    bool m_exporting = false;
    bool m_importing = false;
    bool m_replayAvailable = false;
    QThreadPool m_jobPool; // exports and imports
    std::shared_ptr<std::atomic<bool>> m_exportCancel;
};

} // namespace Hookscope::Gui
