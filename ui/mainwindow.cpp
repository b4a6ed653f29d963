#include "mainwindow.h"

#include "appearance.h"
#include "detail/messagepane.h"
#include "detail/summaryview.h"
#include "exchangelistview.h"
#include "exportjob.h"
#include "filterbar.h"
#include "format/formparams.h"
#include "importjob.h"
#include "interchange/curlcommand.h"
#include "models/exchangelistmodel.h"
#include "proxy/upstreamprobe.h"
#include "replay/replayactions.h"
#include "statuspalette.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "store/filter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolBar>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

constexpr int rateWindowMs = 10'000;

QString colourDot(const QColor &colour)
{
    return QStringLiteral("<span style=\"color:%1\">●</span>").arg(colour.name());
}

QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *label = new QLabel(title, box);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(6, 4, 6, 2);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

MainWindow::MainWindow(std::unique_ptr<Store::ExchangeStore> store, Store::ExchangeWriter *writer,
                       CaptureSetup capture, QWidget *parent)
    : QMainWindow(parent)
    , m_store(std::move(store))
    , m_writer(writer)
    , m_capture(std::move(capture))
{
    setWindowTitle(QStringLiteral("Hookscope"));
    m_clock.start();
    m_model = new ExchangeListModel(m_store.get(), this);
    m_model->setStatusPalette(StatusPalette::from(palette()));

    buildActions();
    buildCentral();
    buildReplay();
    buildToolBar();
    buildMenus();
    buildStatusBar();

    if (m_writer) {
        connect(m_writer, &Store::ExchangeWriter::committed, m_model,
                &ExchangeListModel::addCaptured);
        connect(m_writer, &Store::ExchangeWriter::committed, this,
                [this](const QList<Store::ExchangeSummary> &added) { noteCaptured(added.size()); });
        connect(m_writer, &Store::ExchangeWriter::removed, m_model,
                &ExchangeListModel::removeExchanges);
        connect(m_writer, &Store::ExchangeWriter::failed, this, [this](const QString &message) {
            reportProblem(QStringLiteral("Hookscope cannot write captures"), message);
        });
    }
    connect(m_model, &ExchangeListModel::countsChanged, this, &MainWindow::updateCounts);
    connect(m_model, &ExchangeListModel::loadingChanged, this, [this](bool loading) {
        m_loadingLabel->setVisible(loading);
        updateCounts();
    });
    connect(m_model, &ExchangeListModel::problem, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8'000); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Keep the exchange on screen when it is still listed after a new filter or sort.
        if (m_shownId && !m_list->selectId(m_shownId))
            m_showTimer.start();
    });

    m_showTimer.setSingleShot(true);
    m_showTimer.setInterval(0);
    connect(&m_showTimer, &QTimer::timeout, this, &MainWindow::showCurrent);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { m_showTimer.start(); });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    m_rateTimer.setInterval(1'000);
    connect(&m_rateTimer, &QTimer::timeout, this, [this] {
        const double rate = requestRate();
        m_rateLabel->setText(rate > 0 ? QStringLiteral("%1 req/s").arg(rate, 0, 'f', 1)
                                      : QString());
    });
    m_rateTimer.start();

    setCaptureSetup(m_capture);

    if (m_capture.listenAuthority.isEmpty()) {
        // Another process may be capturing into this database; look for its rows now and then.
        auto *poll = new QTimer(this);
        connect(poll, &QTimer::timeout, m_model, &ExchangeListModel::refreshNewer);
        poll->start(1'000);
    }

    restoreSettings();
    // Closing the window saves too; this covers quitting by signal or from the menu.
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::saveSettings);
    updateCaptureIndicator();
    updateCounts();
    updatePlaceholder();
    // buildReplay() handles replayRequested() and editAndResendRequested().
    setReplayAvailable(true);
    showCurrent();
}

MainWindow::~MainWindow()
{
    if (m_exportCancel)
        m_exportCancel->store(true);
    m_jobPool.waitForDone();
}

void MainWindow::buildActions()
{
    m_captureAction = new QAction(QStringLiteral("Capture"), this);
    m_captureAction->setCheckable(true);
    m_captureAction->setChecked(!m_capture.listenAuthority.isEmpty());
    m_captureAction->setEnabled(!m_capture.listenAuthority.isEmpty());
    m_captureAction->setToolTip(
        m_capture.listenAuthority.isEmpty()
            ? QStringLiteral("This window only reads captures; start it with "
                             "“hookscope http PORT” to capture")
            : QStringLiteral("Record exchanges (requests are forwarded either way)"));
    connect(m_captureAction, &QAction::toggled, this, [this](bool on) {
        updateCaptureIndicator();
        Q_EMIT captureToggled(on);
    });

    m_clearAction = new QAction(QStringLiteral("Clear"), this);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clearAction->setToolTip(QStringLiteral("Delete every captured exchange (Ctrl+L)"));
    connect(m_clearAction, &QAction::triggered, this, [this] { clearAll(true); });

    m_deleteAction = new QAction(QStringLiteral("Delete"), this);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    m_replayAction = new QAction(QStringLiteral("Replay"), this);
    m_replayAction->setShortcut(QKeySequence(Qt::Key_R));
    m_replayAction->setEnabled(false);
    connect(m_replayAction, &QAction::triggered, this, [this] {
        if (m_shownId)
            Q_EMIT replayRequested(m_shownId);
    });

    m_editAction = new QAction(QStringLiteral("Edit && Resend"), this);
    m_editAction->setShortcut(QKeySequence(Qt::Key_E));
    m_editAction->setEnabled(false);
    connect(m_editAction, &QAction::triggered, this, [this] {
        if (m_shownId)
            Q_EMIT editAndResendRequested(m_shownId);
    });

    m_exportAction = new QAction(QStringLiteral("Export…"), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setToolTip(QStringLiteral("Write the selected exchanges, or all the list "
                                              "shows, as HAR or ngrok-style JSON (Ctrl+E)"));
    connect(m_exportAction, &QAction::triggered, this, [this] { exportExchanges(); });

    m_importAction = new QAction(QStringLiteral("Import HAR…"), this);
    m_importAction->setToolTip(QStringLiteral("Add the entries of a HAR file (from Hookscope, a "
                                              "browser's DevTools or another tool)"));
    connect(m_importAction, &QAction::triggered, this, [this] { importHar(); });

    m_copyCurlAction = new QAction(QStringLiteral("Copy as cURL"), this);
    m_copyCurlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    m_copyCurlAction->setToolTip(QStringLiteral("A shell command that sends this request again "
                                                "to the same upstream with curl"));
    connect(m_copyCurlAction, &QAction::triggered, this, &MainWindow::copyAsCurl);

    m_stackedAction = new QAction(QStringLiteral("Stacked panes"), this);
    m_stackedAction->setCheckable(true);
    m_stackedAction->setToolTip(QStringLiteral("Request above Response instead of side by side"));
    connect(m_stackedAction, &QAction::toggled, this, &MainWindow::setPanesStacked);

    m_darkAction = new QAction(QStringLiteral("Dark Theme"), this);
    m_darkAction->setCheckable(true);
    m_darkAction->setToolTip(QStringLiteral("Dark colours on any desktop (Fusion style)"));
    connect(m_darkAction, &QAction::toggled, this, [](bool on) {
        applyAppearance(on ? Appearance::Dark : Appearance::System);
        QSettings().setValue(QStringLiteral("window/dark"), on);
    });

    m_findAction = new QAction(QStringLiteral("Filter…"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] { m_filter->focusFilter(); });
    addAction(m_findAction);

    m_copyUrlAction = new QAction(QStringLiteral("Copy URL"), this);
    m_copyUrlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyUrlAction, &QAction::triggered, this, &MainWindow::copyUrls);
    m_copyRequestBodyAction = new QAction(QStringLiteral("Copy Request Body"), this);
    m_copyRequestBodyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    connect(m_copyRequestBodyAction, &QAction::triggered, this, [this] { m_request->copyBody(); });
    m_copyResponseBodyAction = new QAction(QStringLiteral("Copy Response Body"), this);
    connect(m_copyResponseBodyAction, &QAction::triggered, this,
            [this] { m_response->copyBody(); });
    m_copyRequestHeadersAction = new QAction(QStringLiteral("Copy Request Headers"), this);
    m_copyRequestHeadersAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(m_copyRequestHeadersAction, &QAction::triggered, this,
            [this] { m_request->copyHeaders(); });
    m_copyResponseHeadersAction = new QAction(QStringLiteral("Copy Response Headers"), this);
    connect(m_copyResponseHeadersAction, &QAction::triggered, this,
            [this] { m_response->copyHeaders(); });
    for (QAction *a : {m_clearAction, m_replayAction, m_editAction, m_exportAction, m_copyUrlAction,
                       m_copyRequestBodyAction, m_copyRequestHeadersAction, m_copyCurlAction})
        addAction(a);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(QStringLiteral("Capture"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_captureAction);
    m_captureLabel = new QLabel(bar);
    m_captureLabel->setObjectName(QStringLiteral("captureIndicator"));
    m_captureLabel->setContentsMargins(8, 0, 12, 0);
    m_captureLabel->setTextFormat(Qt::RichText);
    bar->addWidget(m_captureLabel);
    bar->addSeparator();
    bar->addAction(m_clearAction);
    bar->addAction(m_replayAction);
    bar->addAction(m_editAction);
    bar->addAction(m_exportAction);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_stackedAction);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    edit->addAction(m_copyUrlAction);
    edit->addAction(m_copyCurlAction);
    edit->addAction(m_copyRequestHeadersAction);
    edit->addAction(m_copyRequestBodyAction);
    edit->addAction(m_copyResponseHeadersAction);
    edit->addAction(m_copyResponseBodyAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addSeparator();
    edit->addAction(m_deleteAction);
    edit->addAction(m_clearAction);

    QMenu *exchange = menuBar()->addMenu(QStringLiteral("E&xchange"));
    exchange->addAction(m_captureAction);
    exchange->addAction(m_replayAction);
    exchange->addAction(m_editAction);
    exchange->addSeparator();
    exchange->addAction(m_replayActions->compareAction());
    exchange->addAction(m_replayActions->compareAllAction());

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(m_stackedAction);
    view->addAction(m_darkAction);
    view->addAction(QStringLiteral("Reset Columns"), m_list, &ExchangeListView::resetColumns);
}

void MainWindow::buildCentral()
{
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    m_filter = new FilterBar(top);
    topLayout->addWidget(m_filter);
    m_list = new ExchangeListView(top);
    m_list->setObjectName(QStringLiteral("exchangeList"));
    m_list->setListModel(m_model);
    m_list->addAction(m_deleteAction);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, &MainWindow::showListMenu);
    topLayout->addWidget(m_list, 1);

    m_request = new MessagePane(MessageSide::Request, this);
    m_response = new MessagePane(MessageSide::Response, this);
    m_paneSplitter = new QSplitter(Qt::Horizontal, this);
    m_paneSplitter->setObjectName(QStringLiteral("paneSplitter"));
    m_paneSplitter->addWidget(titled(QStringLiteral("Request"), m_request, m_paneSplitter));
    m_paneSplitter->addWidget(titled(QStringLiteral("Response"), m_response, m_paneSplitter));
    m_paneSplitter->setChildrenCollapsible(false);

    m_mainSplitter = new QSplitter(Qt::Vertical, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(top);
    m_mainSplitter->addWidget(m_paneSplitter);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setChildrenCollapsible(false);
    setCentralWidget(m_mainSplitter);

    connect(m_filter, &FilterBar::filterChanged, this, &MainWindow::applyFilter);
    connect(m_filter, &FilterBar::recentFiltersChanged, this, [](const QStringList &filters) {
        QSettings().setValue(QStringLiteral("filter/recent"), filters);
    });
    connect(m_list, &ExchangeListView::deleteRequested, this, &MainWindow::deleteSelected);
    connect(m_list, &ExchangeListView::copyRequested, this, &MainWindow::copyUrls);
}

void MainWindow::buildStatusBar()
{
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("statusCounts"));
    m_loadingLabel = new QLabel(QStringLiteral("loading…"), this);
    m_loadingLabel->setVisible(m_model->isLoading());
    m_rateLabel = new QLabel(this);
    m_rateLabel->setObjectName(QStringLiteral("statusRate"));
    auto *database = new QLabel(m_store->path(), this);
    database->setForegroundRole(QPalette::PlaceholderText);
    database->setToolTip(QStringLiteral("The capture database"));
    statusBar()->addWidget(m_countLabel);
    statusBar()->addWidget(m_loadingLabel);
    statusBar()->addWidget(m_rateLabel);
    statusBar()->addPermanentWidget(database);
}

void MainWindow::buildReplay()
{
    m_replayActions = new ReplayActions(m_store.get(), m_writer, m_list, this);
    connect(
        m_replayActions, &ReplayActions::message, this,
        [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    connect(m_replayActions, &ReplayActions::problem, this, &MainWindow::reportProblem);
    // Replay sends the whole selection (in capture order); the current row alone otherwise.
    connect(this, &MainWindow::replayRequested, m_replayActions, [this](qint64 id) {
        const QList<qint64> selected = m_list->selectedIds();
        m_replayActions->replay(selected.contains(id) ? selected : QList<qint64>{id});
    });
    connect(this, &MainWindow::editAndResendRequested, m_replayActions,
            &ReplayActions::editAndResend);
    addAction(m_replayActions->compareAction());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitterRestored = m_mainSplitter->restoreState(
        settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    setPanesStacked(settings.value(QStringLiteral("window/stacked"), false).toBool());
    m_paneSplitter->restoreState(
        settings.value(QStringLiteral("window/paneSplitter")).toByteArray());
    m_list->restoreColumns(settings.value(QStringLiteral("list/columns")).toByteArray());
    m_filter->setRecentFilters(settings.value(QStringLiteral("filter/recent")).toStringList());
    m_darkAction->setChecked(settings.value(QStringLiteral("window/dark"), false).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), m_mainSplitter->saveState());
    settings.setValue(QStringLiteral("window/paneSplitter"), m_paneSplitter->saveState());
    settings.setValue(QStringLiteral("window/stacked"), panesStacked());
    settings.setValue(QStringLiteral("list/columns"), m_list->saveColumns());
    settings.setValue(QStringLiteral("filter/recent"), m_filter->recentFilters());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_splitterRestored) {
        // First run: a little less than half for the list, the rest for the panes.
        m_splitterRestored = true;
        const int h = m_mainSplitter->height();
        m_mainSplitter->setSizes({h * 45 / 100, h - h * 45 / 100});
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_model->setStatusPalette(StatusPalette::from(palette()));
        updateCaptureIndicator();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::setPanesStacked(bool stacked)
{
    m_paneSplitter->setOrientation(stacked ? Qt::Vertical : Qt::Horizontal);
    QSignalBlocker block(m_stackedAction);
    m_stackedAction->setChecked(stacked);
}

bool MainWindow::panesStacked() const
{
    return m_paneSplitter->orientation() == Qt::Vertical;
}

void MainWindow::setCaptureSetup(const CaptureSetup &capture)
{
    m_capture = capture;
    delete m_probe;
    m_probe = nullptr;
    if (!m_capture.upstreamHost.isEmpty() && m_capture.upstreamPort) {
        m_probe = new Proxy::UpstreamProbe(m_capture.upstreamHost, m_capture.upstreamPort, this);
        connect(m_probe, &Proxy::UpstreamProbe::healthChanged, this,
                &MainWindow::updateCaptureIndicator);
        m_probe->start();
    }
    m_captureAction->setEnabled(!m_capture.listenAuthority.isEmpty() && m_capture.listening);
    m_replayActions->setSession(m_capture.upstreamUrl, m_capture.webhookProvider,
                                m_capture.webhookSecret);
    updateCaptureIndicator();
    updatePlaceholder();
}

void MainWindow::setCapturing(bool on)
{
    QSignalBlocker block(m_captureAction);
    m_captureAction->setChecked(on);
    updateCaptureIndicator();
}

bool MainWindow::isCapturing() const
{
    return m_captureAction->isChecked();
}

void MainWindow::updateCaptureIndicator()
{
    if (m_capture.listenAuthority.isEmpty()) {
        m_captureLabel->setText(QStringLiteral("Not capturing: this window shows a database"));
        m_captureLabel->setToolTip(
            QStringLiteral("Run “hookscope http 3000” to capture in front of an app on port 3000"));
        return;
    }
    const StatusPalette colours = StatusPalette::from(palette());
    if (!m_capture.listening) {
        m_captureLabel->setText(
            QStringLiteral("%1 Not listening: <b>%2</b> is in use")
                .arg(colourDot(colours.server), m_capture.listenAuthority.toHtmlEscaped()));
        m_captureLabel->setToolTip(QStringLiteral("Nothing is captured until Hookscope can "
                                                  "listen; choose another address when asked, or "
                                                  "restart with --listen ADDR:PORT"));
        return;
    }
    QString text =
        QStringLiteral("%1 %2 on <b>%3</b> → <b>%4</b>")
            .arg(colourDot(isCapturing() ? colours.success : colours.muted),
                 isCapturing() ? QStringLiteral("Listening")
                               : QStringLiteral("Forwarding (not recording)"),
                 m_capture.listenAuthority.toHtmlEscaped(), m_capture.upstreamUrl.toHtmlEscaped());
    QString tip = QStringLiteral("Point webhooks or your tunnel at http://%1; Hookscope forwards "
                                 "them to %2.")
                      .arg(m_capture.listenAuthority, m_capture.upstreamUrl);
    if (m_probe) {
        switch (m_probe->health()) {
        case Proxy::UpstreamProbe::Health::Up:
            text += QStringLiteral("  %1 app up").arg(colourDot(colours.success));
            break;
        case Proxy::UpstreamProbe::Health::Down:
            text += QStringLiteral("  %1 app down").arg(colourDot(colours.server));
            break;
        case Proxy::UpstreamProbe::Health::Unknown:
            break;
        }
        if (!m_probe->detail().isEmpty())
            tip += QStringLiteral("\nUpstream: ") + m_probe->detail();
    }
    m_captureLabel->setText(text);
    m_captureLabel->setToolTip(tip);
}

bool MainWindow::applyFilter(const QString &line)
{
    if (m_filter->text() != line.trimmed())
        m_filter->lineEdit()->setText(line);
    const Store::Filter filter = Store::Filter::parse(line);
    if (!filter.isValid()) {
        const auto &error = *filter.error();
        m_filter->setError(error.message, error.position, error.length);
        return false;
    }
    m_filter->clearError();
    m_filtered = !filter.isEmpty();
    m_model->setFilter(filter);
    updatePlaceholder();
    return true;
}

void MainWindow::updateCounts()
{
    const qint64 total = m_model->totalCount();
    const qint64 matched = m_model->matchedCount();
    QString text;
    if (!m_filtered)
        text = QStringLiteral("%L1 exchanges").arg(total);
    else if (matched < 0)
        text = QStringLiteral("matching… of %L1").arg(total);
    else
        text = QStringLiteral("matched %L1%2 of %L3")
                   .arg(matched)
                   .arg(m_model->matchedIsLowerBound() ? QStringLiteral("+") : QString())
                   .arg(total);
    m_filter->setCountsText(text);
    m_countLabel->setText(text);
    updatePlaceholder();
}

void MainWindow::updatePlaceholder()
{
    QString text;
    if (m_filtered) {
        text = m_model->isLoading() ? QString()
                                    : QStringLiteral("No exchange matches this filter.\n\n"
                                                     "Press Escape in the filter line to see all.");
    } else if (!m_capture.listenAuthority.isEmpty()) {
        text = QStringLiteral("No exchanges yet.\n\n"
                              "Point your webhook provider or tunnel at http://%1 — Hookscope "
                              "forwards to %2 and records every request and response here.\n\n"
                              "Try: curl -X POST http://%1/hooks -H 'Content-Type: "
                              "application/json' -d '{\"hello\":\"world\"}'")
                   .arg(m_capture.listenAuthority, m_capture.upstreamUrl);
    } else {
        text = QStringLiteral("No exchanges in this database.\n\n"
                              "To capture, run “hookscope http 3000” (with your app on port "
                              "3000) and point webhooks at http://127.0.0.1:8080, or File → Import "
                              "HAR.\n\nTo see it at work first, run “hookscope demo”.");
    }
    m_list->setPlaceholderText(text);
}

void MainWindow::updateActions()
{
    const bool selected = m_list->selectionModel()->hasSelection();
    m_deleteAction->setEnabled(selected && m_writer);
    m_clearAction->setEnabled(m_writer != nullptr);
    const bool shown = m_shownId != 0;
    for (QAction *a : {m_copyUrlAction, m_copyRequestBodyAction, m_copyResponseBodyAction,
                       m_copyRequestHeadersAction, m_copyResponseHeadersAction, m_copyCurlAction})
        a->setEnabled(shown);
    m_replayAction->setEnabled(m_replayAvailable && shown);
    m_editAction->setEnabled(m_replayAvailable && shown);
}

void MainWindow::setReplayAvailable(bool available)
{
    m_replayAvailable = available;
    m_replayAction->setToolTip(available ? QStringLiteral("Send the selected request again (R)")
                                         : QStringLiteral("Replay is not available in this build"));
    m_editAction->setToolTip(available
                                 ? QStringLiteral("Change the selected request and send it (E)")
                                 : QStringLiteral("Edit & Resend is not available in this build"));
    updateActions();
}

void MainWindow::showListMenu(const QPoint &pos)
{
    // The press that opened the menu may have changed the current row: show it first so that
    // the actions apply to it.
    if (m_showTimer.isActive()) {
        m_showTimer.stop();
        showCurrent();
    }
    if (!m_list->indexAt(pos).isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_copyUrlAction);
    menu.addAction(m_copyCurlAction);
    menu.addAction(m_copyRequestHeadersAction);
    menu.addAction(m_copyRequestBodyAction);
    menu.addAction(m_copyResponseBodyAction);
    menu.addSeparator();
    menu.addAction(m_replayAction);
    menu.addAction(m_editAction);
    menu.addAction(m_replayActions->compareAction());
    menu.addAction(m_replayActions->compareAllAction());
    menu.addSeparator();
    menu.addAction(m_exportAction);
    menu.addAction(m_deleteAction);
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

void MainWindow::showCurrent()
{
    const qint64 id = m_list->currentId();
    if (id == m_shownId && id != 0)
        return;
    std::optional<Store::Exchange> exchange;
    if (id)
        exchange = m_store->exchange(id);
    if (!exchange) {
        m_shownId = 0;
        m_request->showNothing(QStringLiteral("Select an exchange to see it here."));
        m_response->showNothing(QString());
    } else {
        m_shownId = id;
        m_request->showExchange(*exchange);
        m_response->showExchange(*exchange);
    }
    updateActions();
    if (m_shownId)
        Q_EMIT exchangeShown(m_shownId);
}

void MainWindow::deleteSelected()
{
    if (!m_writer)
        return;
    const QList<qint64> ids = m_list->selectedIds();
    if (ids.isEmpty())
        return;
    if (!m_filtered && ids.size() == m_model->rowCount() && !m_model->isLoading())
        m_writer->clear();
    else
        m_writer->remove(ids);
}

void MainWindow::clearAll(bool confirm)
{
    if (!m_writer)
        return;
    if (confirm && m_model->totalCount() > 0) {
        const auto answer = QMessageBox::question(
            this, QStringLiteral("Clear all exchanges?"),
            QStringLiteral("This deletes all %L1 captured exchanges from %2. It cannot be undone.")
                .arg(m_model->totalCount())
                .arg(m_store->path()),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard)
            return;
    }
    m_writer->clear();
}

void MainWindow::copyUrls()
{
    const QList<qint64> ids = m_list->selectedIds();
    QStringList lines;
    if (ids.size() <= 1 && m_shownId) {
        lines.append(m_request->summary()->field(QStringLiteral("Request")).section(u' ', 1));
    } else {
        for (const int row : [&] {
                 QList<int> rows;
                 for (const QModelIndex &i : m_list->selectionModel()->selectedRows())
                     rows.append(i.row());
                 std::sort(rows.begin(), rows.end());
                 return rows;
             }()) {
            if (const auto s = m_model->summaryAt(row))
                lines.append(QString::fromLatin1(s->method) + u' ' + QString::fromUtf8(s->target));
        }
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(u'\n'));
}

void MainWindow::exportExchanges(const QString &fileName)
{
    if (m_exporting)
        return;
    QList<qint64> ids = m_list->selectedIds();
    const bool selection = ids.size() > 1;
    if (selection)
        std::sort(ids.begin(), ids.end());
    else
        ids = m_model->idsOldestFirst();
    if (ids.isEmpty())
        return;
    QString target = fileName;
    if (target.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        target = QFileDialog::getSaveFileName(
            this,
            selection ? QStringLiteral("Export %L1 selected exchanges").arg(ids.size())
                      : QStringLiteral("Export %L1 listed exchanges").arg(ids.size()),
            dir + QStringLiteral("/hookscope.har"),
            QStringLiteral("HTTP Archive (*.har);;ngrok-style JSON (*.json)"));
        if (target.isEmpty())
            return;
    }
    m_exporting = true;
    m_exportAction->setEnabled(false);
    statusBar()->showMessage(
        QStringLiteral("Exporting %L1 exchanges to %2…").arg(ids.size()).arg(target));
    auto *job = new ExportJob(
        m_store->path(), std::move(ids), ExportJob::formatFor(target), target,
        QCoreApplication::applicationVersion(), [this, target](ExportJob::Progress p) {
            QMetaObject::invokeMethod(
                this,
                [this, target, p] {
                    if (!p.finished) {
                        statusBar()->showMessage(QStringLiteral("Exporting %L1 of %L2 to %3…")
                                                     .arg(p.written)
                                                     .arg(p.total)
                                                     .arg(target));
                        return;
                    }
                    m_exporting = false;
                    m_exportAction->setEnabled(true);
                    if (p.error.isEmpty())
                        statusBar()->showMessage(QStringLiteral("Exported %L1 exchanges to %2")
                                                     .arg(p.written)
                                                     .arg(target),
                                                 10'000);
                    else
                        reportProblem(QStringLiteral("Export failed"), p.error);
                    Q_EMIT exported(target, p.error);
                },
                Qt::QueuedConnection);
        });
    m_exportCancel = job->cancelFlag();
    m_jobPool.start(job);
}

void MainWindow::importHar(const QString &fileName)
{
    if (m_importing)
        return;
    QString source = fileName;
    if (source.isEmpty()) {
        source = QFileDialog::getOpenFileName(
            this, QStringLiteral("Import HAR"),
            QStandardPaths::writableLocation(QStandardPaths::DownloadLocation),
            QStringLiteral("HTTP Archive (*.har);;All files (*)"));
        if (source.isEmpty())
            return;
    }
    m_importing = true;
    m_importAction->setEnabled(false);
    statusBar()->showMessage(QStringLiteral("Importing %1…").arg(source));
    auto *job = new ImportJob(source, m_store->path(), [this, source](ImportJob::Outcome o) {
        QMetaObject::invokeMethod(
            this,
            [this, source, o] {
                m_importing = false;
                m_importAction->setEnabled(true);
                if (!o.error.isEmpty()) {
                    reportProblem(QStringLiteral("Import failed"), o.error);
                } else {
                    QString message = QStringLiteral("Imported %L1 exchanges from %2")
                                          .arg(o.imported)
                                          .arg(source);
                    if (o.skipped > 0)
                        message += QStringLiteral("; skipped %L1 entries that could not be read")
                                       .arg(o.skipped);
                    statusBar()->showMessage(message, 15'000);
                    if (o.skipped > 0) {
                        auto *box =
                            new QMessageBox(QMessageBox::Information, QStringLiteral("HAR import"),
                                            message + u'.', QMessageBox::Ok, this);
                        box->setAttribute(Qt::WA_DeleteOnClose);
                        box->setObjectName(QStringLiteral("importReport"));
                        QString detail = o.problems.join(u'\n');
                        if (o.skipped > o.problems.size())
                            detail += QStringLiteral("\n… and %L1 more")
                                          .arg(o.skipped - o.problems.size());
                        box->setDetailedText(detail);
                        box->open();
                    }
                    if (o.imported > 0)
                        m_model->reload();
                }
                Q_EMIT imported(source, o.imported, o.skipped, o.error);
            },
            Qt::QueuedConnection);
    });
    m_jobPool.start(job);
}

bool MainWindow::copyAsCurl()
{
    const qint64 id = m_list->currentId() ? m_list->currentId() : m_shownId;
    const std::optional<Store::Exchange> exchange = id ? m_store->exchange(id) : std::nullopt;
    if (!exchange)
        return false;
    const Result<QByteArray> command = Interchange::curlCommand(*exchange);
    if (!command) {
        statusBar()->showMessage(
            QStringLiteral("Cannot copy #%1 as cURL: %2").arg(id).arg(command.error()), 10'000);
        return false;
    }
    QApplication::clipboard()->setText(QString::fromUtf8(*command));
    statusBar()->showMessage(QStringLiteral("Copied the curl command for #%1").arg(id), 5'000);
    return true;
}

void MainWindow::noteCaptured(qsizetype count)
{
    m_captureTimes.append({m_clock.elapsed(), count});
}

double MainWindow::requestRate() const
{
    const qint64 now = m_clock.elapsed();
    qsizetype total = 0;
    for (const auto &[at, count] : m_captureTimes) {
        if (now - at <= rateWindowMs)
            total += count;
    }
    auto *self = const_cast<MainWindow *>(this);
    while (!self->m_captureTimes.isEmpty() &&
           now - self->m_captureTimes.first().first > rateWindowMs)
        self->m_captureTimes.removeFirst();
    return total / (rateWindowMs / 1000.0);
}

void MainWindow::reportListenFailure(const QString &message, const QString &suggestion)
{
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Hookscope cannot capture"),
                                message, QMessageBox::NoButton, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        QStringLiteral("Another program is using that address. Stop it, or let Hookscope "
                       "listen somewhere else and point your webhooks there."));
    QPushButton *other = suggestion.isEmpty()
                             ? nullptr
                             : box->addButton(QStringLiteral("Listen on %1").arg(suggestion),
                                              QMessageBox::AcceptRole);
    box->addButton(QStringLiteral("Only browse captures"), QMessageBox::RejectRole);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, other, suggestion](auto *button) {
        if (button == other)
            Q_EMIT listenAddressChosen(suggestion);
    });
    m_capture.listening = false;
    setCaptureSetup(m_capture);
    box->open();
}

void MainWindow::reportProblem(const QString &title, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace Hookscope::Gui
