#include "appearance.h"
#include "capturefixture.h"
#include "detail/bodyview.h"
#include "detail/messagepane.h"
#include "detail/summaryview.h"
#include "exchangelistview.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "makeexchange.h"
#include "models/exchangelistmodel.h"
#include "models/keyvaluemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDataStream>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Hookscope::Testing::CaptureFixture;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settings;

    std::unique_ptr<MainWindow> openWindow(CaptureFixture &db, CaptureSetup setup = {})
    {
        return db.openWindow(setup, CaptureFixture::WindowWait::Exposed);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }
    void init() { QSettings().clear(); }

    void selectingAWebhookFillsThePanes()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(8));
        auto window = openWindow(db);
        QVERIFY(window);
        QAbstractItemModelTester listTester(window->listModel());
        QCOMPARE(window->listView()->model()->rowCount(), 8);

        QSignalSpy requestRendered(window->requestPane(), &MessagePane::rendered);
        QSignalSpy responseRendered(window->responsePane(), &MessagePane::rendered);
        QVERIFY(window->listView()->selectId(ids[4])); // a Sentry JSON webhook
        QTRY_COMPARE(window->shownId(), ids[4]);

        MessagePane *request = window->requestPane();
        QCOMPARE(request->summary()->field("Request"),
                 QStringLiteral("POST http://127.0.0.1:8080/webhooks/sentry?source=test"));
        QCOMPARE(request->summary()->queryModel()->rows(), (QList<Gui::Param>{{"source", "test"}}));
        QCOMPARE(request->headersModel()->index(3, 0).data().toString(),
                 QStringLiteral("Sentry-Hook-Resource"));
        QVERIFY(requestRendered.wait());
        QVERIFY(request->body()->shownText().contains(
            QStringLiteral("\"title\": \"ZeroDivisionError")));
        QVERIFY(request->rawText().startsWith(
            QStringLiteral("POST /webhooks/sentry?source=test HTTP/1.1")));

        MessagePane *response = window->responsePane();
        QCOMPARE(response->summary()->field("Status"), QStringLiteral("HTTP/1.1 200 OK"));
        QTRY_VERIFY(!response->isRendering());
        QCOMPARE(response->body()->shownText(),
                 QStringLiteral("{\n  \"message\": \"Thank you for the message\"\n}"));

        // Arrow down moves to the next (older) exchange: a POST whose upstream refused.
        window->listView()->setFocus();
        QTest::keyClick(window->listView(), Qt::Key_Down);
        QTRY_COMPARE(window->shownId(), ids[3]);
        QCOMPARE(request->summary()->field("Request").left(4), QStringLiteral("POST"));
        QTRY_COMPARE(window->shownId(), ids[3]);
        QCOMPARE(response->summary()->field("Status"), QStringLiteral("no response"));
        QCOMPARE(response->summary()->field("Error"),
                 QStringLiteral("upstream http://127.0.0.1:3000 refused the connection"));
    }

    void filterLineFiltersAndReportsErrors()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(8));
        auto window = openWindow(db);
        QVERIFY(window);
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), window->filterBar()->lineEdit());

        QTest::keyClicks(window->filterBar()->lineEdit(), QStringLiteral("status:404"));
        QTest::keyClick(window->filterBar()->lineEdit(), Qt::Key_Return);
        QVERIFY(window->listModel()->waitForLoaded());
        QCOMPARE(window->listModel()->rowCount(), 2);
        QCOMPARE(window->findChild<QLabel *>(QStringLiteral("statusCounts"))->text(),
                 QStringLiteral("matched 2 of 8"));
        QCOMPARE(window->filterBar()->recentFilters(), QStringList{QStringLiteral("status:404")});

        QVERIFY(!window->applyFilter(QStringLiteral("status:abc")));
        QVERIFY2(!window->filterBar()->errorText().isEmpty(), "the parse error is shown");
        QCOMPARE(window->listModel()->rowCount(), 2); // the last good filter stays

        QVERIFY(window->applyFilter(QString()));
        QVERIFY(window->listModel()->waitForLoaded());
        QCOMPARE(window->listModel()->rowCount(), 8);
        QVERIFY(window->filterBar()->errorText().isEmpty());
    }

    void deleteAndClearGoThroughTheWriter()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(6));
        auto window = openWindow(db);
        QVERIFY(window);
        QVERIFY(window->listView()->selectId(ids[2]));
        window->listView()->setFocus();
        QTest::keyClick(window->listView(), Qt::Key_Delete);
        QTRY_COMPARE(window->listModel()->rowCount(), 5);
        QCOMPARE(window->listModel()->rowOf(ids[2]), -1);
        QCOMPARE(db.openStore()->count(), 5);

        // Ctrl+L asks first, then clears.
        QTimer answer;
        answer.setInterval(10);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                answer.stop();
                box->button(QMessageBox::Discard)->click();
            }
        });
        answer.start();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!answer.isActive()); // it was asked
        QTRY_COMPARE(window->listModel()->rowCount(), 0);
        QCOMPARE(db.openStore()->count(), 0);
    }

    void liveCapturesAppearAndTheEmptyStateSaysWhatToDo()
    {
        CaptureFixture db;
        CaptureSetup setup;
        setup.listenAuthority = QStringLiteral("127.0.0.1:8080");
        setup.upstreamUrl = QStringLiteral("http://127.0.0.1:3000");
        auto window = openWindow(db, setup);
        QVERIFY(window);
        QCOMPARE(window->listModel()->rowCount(), 0);
        QVERIFY(window->listView()->placeholderText().contains(
            QStringLiteral("Point your webhook provider or tunnel at http://127.0.0.1:8080")));

        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(3));
        QTRY_COMPARE(window->listModel()->rowCount(), 3);
        QCOMPARE(window->listModel()->idAt(0), ids.last());
        QVERIFY(window->requestRate() > 0);
    }

    void portInUseOffersAnotherAddress()
    {
        CaptureFixture db;
        CaptureSetup setup;
        setup.listenAuthority = QStringLiteral("127.0.0.1:8080");
        setup.upstreamUrl = QStringLiteral("http://127.0.0.1:3000");
        auto window = openWindow(db, setup);
        QVERIFY(window);
        QSignalSpy chosen(window.get(), &MainWindow::listenAddressChosen);
        window->reportListenFailure(
            QStringLiteral("cannot listen on 127.0.0.1:8080: address in use (try --listen "
                           "127.0.0.1:8081)"),
            QStringLiteral("127.0.0.1:8081"));
        auto *box = window->findChild<QMessageBox *>();
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("address in use")));
        QVERIFY(window->findChild<QLabel *>(QStringLiteral("captureIndicator"))
                    ->text()
                    .contains(QStringLiteral("Not listening")));
        QPushButton *other = nullptr;
        for (QAbstractButton *b : box->buttons()) {
            if (b->text() == QStringLiteral("Listen on 127.0.0.1:8081"))
                other = qobject_cast<QPushButton *>(b);
        }
        QVERIFY(other);
        other->click();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().first().toString(), QStringLiteral("127.0.0.1:8081"));
    }

    void followsNewCapturesOnlyAtTheTop()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(300));
        auto window = openWindow(db);
        QVERIFY(window);
        ExchangeListView *list = window->listView();
        QVERIFY(list->isFollowing());
        db.write(CaptureFixture::sampleExchanges(2));
        QTRY_COMPARE(window->listModel()->rowCount(), 302);
        QCOMPARE(list->verticalScrollBar()->value(), 0);

        // Scrolled away: the rows in view stay in view.
        list->verticalScrollBar()->setValue(list->verticalScrollBar()->maximum() / 2);
        const int topRow = list->rowAt(0);
        const qint64 topId = window->listModel()->idAt(topRow);
        QVERIFY(!list->isFollowing());
        db.write(CaptureFixture::sampleExchanges(5));
        QTRY_COMPARE(window->listModel()->rowCount(), 307);
        QCOMPARE(window->listModel()->idAt(list->rowAt(0)), topId);
    }

    void layoutAndColumnsAreRemembered()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(2));
        int listHeight = 0;
        {
            auto window = openWindow(db);
            QVERIFY(window);
            window->setPanesStacked(true);
            window->listView()->horizontalHeader()->setSectionHidden(int(ExchangeColumn::Duration),
                                                                     true);
            window->listView()->horizontalHeader()->resizeSection(int(ExchangeColumn::Path), 333);
            auto *splitter = window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
            splitter->setSizes({splitter->height() - 250, 250});
            listHeight = splitter->sizes().first();
            window->close();
        }
        auto window = openWindow(db);
        QVERIFY(window);
        QVERIFY(window->panesStacked());
        QVERIFY(
            window->listView()->horizontalHeader()->isSectionHidden(int(ExchangeColumn::Duration)));
        QCOMPARE(window->listView()->horizontalHeader()->sectionSize(int(ExchangeColumn::Path)),
                 333);
        QCOMPARE(window->findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes().first(),
                 listHeight);
    }

    // A column keeps the width the user gave it; one never resized follows the default as it
    // grows in a newer build, also from the header state older builds saved.
    void savedColumnWidthsFollowNewDefaultsUnlessTheUserChoseThem()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(2));
        const int verdict = int(ExchangeColumn::Verdict);
        const int path = int(ExchangeColumn::Path);
        int verdictDefault = 0;
        QByteArray oldHeaderState;
        {
            auto window = openWindow(db);
            QVERIFY(window);
            QHeaderView *header = window->listView()->horizontalHeader();
            verdictDefault = header->sectionSize(verdict);
            header->resizeSection(verdict, 50);
            header->resizeSection(path, 333);
            oldHeaderState = header->saveState();
            window->close(); // saves the user's 50 as a choice
        }
        {
            auto window = openWindow(db);
            QCOMPARE(window->listView()->horizontalHeader()->sectionSize(verdict), 50);
            window->close();
        }
        const auto reopenedWidths = [&](const QByteArray &columns) {
            QSettings().setValue(QStringLiteral("list/columns"), columns);
            auto window = openWindow(db);
            QHeaderView *header = window->listView()->horizontalHeader();
            return std::pair{header->sectionSize(verdict), header->sectionSize(path)};
        };
        QCOMPARE(reopenedWidths(oldHeaderState), std::pair(verdictDefault, 333));
        // Saved by a build whose default for the column was the 50 it had.
        QList<int> savedDefaults(exchangeColumnCount, 0);
        savedDefaults[verdict] = 50;
        QByteArray state;
        QDataStream out(&state, QIODevice::WriteOnly);
        out << quint32(0x48534331) << oldHeaderState << savedDefaults;
        QCOMPARE(reopenedWidths(state), std::pair(verdictDefault, 333));
    }

    void exportsSelectionOrListAsHarOrJson()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(5));
        auto window = openWindow(db);
        QVERIFY(window);
        QTemporaryDir out;
        QSignalSpy exported(window.get(), &MainWindow::exported);

        // Two selected: only they are written, oldest first.
        QVERIFY(window->listView()->selectId(ids[1]));
        window->listView()->selectionModel()->select(
            window->listModel()->index(window->listModel()->rowOf(ids[3]), 0),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QString har = out.filePath(QStringLiteral("two.har"));
        window->exportExchanges(har);
        QVERIFY(exported.wait());
        QCOMPARE(exported.last().at(1).toString(), QString());
        QFile harFile(har);
        QVERIFY(harFile.open(QIODevice::ReadOnly));
        const QJsonArray entries = QJsonDocument::fromJson(harFile.readAll())
                                       .object()["log"]
                                       .toObject()["entries"]
                                       .toArray();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].toObject()["request"].toObject()["method"].toString(),
                 QStringLiteral("POST"));

        // One selected: everything the list shows (here, the filter's matches).
        QVERIFY(window->applyFilter(QStringLiteral("method:GET")));
        QVERIFY(window->listModel()->waitForLoaded());
        const QString json = out.filePath(QStringLiteral("get.json"));
        window->exportExchanges(json);
        QVERIFY(exported.wait());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonArray requests = QJsonDocument::fromJson(jsonFile.readAll()).array();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].toObject()["request"].toObject()["method"].toString(),
                 QStringLiteral("GET"));
    }

    void darkThemeRecolours()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(1));
        auto window = openWindow(db);
        QVERIFY(window);
        const auto statusColour = [&] {
            return window->listModel()
                ->index(0, int(ExchangeColumn::Status))
                .data(Qt::ForegroundRole)
                .value<QColor>();
        };
        QVERIFY(window->palette().color(QPalette::Base).lightness() > 128);
        QVERIFY(statusColour().lightness() < 128);
        applyAppearance(Appearance::Dark);
        QTRY_VERIFY(window->palette().color(QPalette::Base).lightness() < 128);
        QTRY_VERIFY(statusColour().lightness() > 128);
        applyAppearance(Appearance::System);
        QTRY_VERIFY(statusColour().lightness() < 128);
    }

    void copiesUrlAndHeaders()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(1));
        auto window = openWindow(db);
        QVERIFY(window);
        QVERIFY(window->listView()->selectId(ids[0]));
        QTRY_COMPARE(window->shownId(), ids[0]);
        window->listView()->setFocus();
        QTest::keyClick(window->listView(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringLiteral("http://127.0.0.1:8080/webhooks/sentry?source=test"));
        window->requestPane()->copyHeaders();
        QVERIFY(
            QApplication::clipboard()->text().startsWith(QStringLiteral("Host: 127.0.0.1:8080\n")));
    }

    void importsHarOffTheUiThreadAndCountsWhatItSkipped()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(2));
        auto window = openWindow(db);
        QVERIFY(window);
        QCOMPARE(window->listModel()->rowCount(), 2);
        // As a browser's DevTools write it (HAR 1.2: absolute URLs, HTTP/2 pseudo-headers,
        // optional fields left out), with one entry that has no request at all.
        QTemporaryDir dir;
        const QString har = dir.filePath(QStringLiteral("browser.har"));
        QFile file(har);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // Written with ' for " (moc cannot read raw strings).
        file.write(
            QByteArray(
                "{'log':{'version':'1.2','creator':{'name':'WebInspector','version':'537.36'},"
                "'pages':[],'entries':["
                "{'startedDateTime':'2024-03-01T10:15:30.250+01:00','time':12.5,"
                "'request':{'method':'POST','url':'https://api.example.com/v1/hooks?x=1',"
                "'httpVersion':'http/2.0','headers':[{'name':':path','value':'/v1/hooks?x=1'},"
                "{'name':'content-type','value':'application/json'}],'queryString':[],'cookies':[],"
                "'headersSize':-1,'bodySize':11,"
                "'postData':{'mimeType':'application/json','text':'{\\'a\\':true}'}},"
                "'response':{'status':201,'statusText':'','httpVersion':'http/2.0','headers':[],"
                "'cookies':[],'content':{'size':2,'mimeType':'application/json','text':'{}'},"
                "'redirectURL':'','headersSize':-1,'bodySize':2},"
                "'cache':{},'timings':{'send':1,'wait':10,'receive':1.5}},"
                "{'startedDateTime':'2024-03-01T09:15:31.000Z'},"
                "{'startedDateTime':'2024-03-01T09:15:32.000Z','time':3,"
                "'request':{'method':'GET','url':'http://localhost:3000/"
                "status','httpVersion':'HTTP/1.1',"
                "'headers':[{'name':'Host','value':'localhost:3000'}]},"
                "'response':{'status':404,'statusText':'Not Found','httpVersion':'HTTP/1.1',"
                "'headers':[],'content':{'size':9,'mimeType':'text/plain','text':'not found'}}}]}}")
                .replace('\'', '"'));
        file.close();

        QSignalSpy imported(window.get(), &MainWindow::imported);
        window->importHar(har);
        QVERIFY(window->isImporting());
        QVERIFY(imported.wait());
        QVERIFY(!window->isImporting());
        QCOMPARE(imported.last().at(1).toLongLong(), 2);
        QCOMPARE(imported.last().at(2).toInt(), 1);
        QCOMPARE(imported.last().at(3).toString(), QString());
        QVERIFY(
            window->statusBar()->currentMessage().contains(QStringLiteral("Imported 2 exchanges")));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("skipped 1")));
        auto *report = window->findChild<QMessageBox *>(QStringLiteral("importReport"));
        QVERIFY(report);
        QVERIFY(report->detailedText().startsWith(QStringLiteral("entry 2: ")));
        report->close();

        // The new rows are listed (newest first: the file's last entry on top).
        QTRY_COMPARE(window->listModel()->rowCount(), 4);
        QVERIFY(window->listModel()->waitForLoaded());
        QCOMPARE(window->listModel()->summaryAt(0)->target, QByteArray("/status"));
        QCOMPARE(window->listModel()->summaryAt(1)->status, 201);

        // Not HAR at all: an error that says so, and nothing is added.
        QFile notHar(dir.filePath(QStringLiteral("notes.har")));
        QVERIFY(notHar.open(QIODevice::WriteOnly));
        notHar.write("these are notes");
        notHar.close();
        window->importHar(notHar.fileName());
        QVERIFY(imported.wait());
        QVERIFY(imported.last().at(3).toString().contains(QStringLiteral("not a HAR file")));
        QCOMPARE(imported.last().at(1).toLongLong(), 0);
        QCOMPARE(window->listModel()->totalCount(), 4);
    }

    void copiesTheRequestAsCurlFromTheListMenu()
    {
        CaptureFixture db;
        QList<Store::Exchange> exchanges = CaptureFixture::sampleExchanges(1);
        Store::Exchange truncated = Testing::makeExchange();
        truncated.requestBody.truncated = true;
        truncated.requestBody.size = truncated.requestBody.bytes.size() + 1000;
        exchanges.append(truncated);
        const QList<qint64> ids = db.write(exchanges);
        auto window = openWindow(db);
        QVERIFY(window);

        // A right click on a row selects it and offers the copy actions, cURL among them.
        ExchangeListView *list = window->listView();
        const int row = window->listModel()->rowOf(ids[0]);
        const QPoint at = list->visualRect(window->listModel()->index(row, 3)).center();
        // Whatever menu opens (the platform's right click, the signal below) is read and closed.
        QStringList offered;
        QTimer closer;
        closer.setInterval(10);
        connect(&closer, &QTimer::timeout, this, [&] {
            QWidget *popup = QApplication::activePopupWidget();
            if (!popup)
                return;
            if (offered.isEmpty()) {
                for (QAction *a : popup->actions()) {
                    if (!a->isSeparator() && a->isEnabled())
                        offered.append(a->text());
                }
            }
            popup->close();
        });
        closer.start();
        QTest::mouseClick(list->viewport(), Qt::RightButton, {}, at);
        Q_EMIT list->customContextMenuRequested(at);
        QTRY_VERIFY(!offered.isEmpty());
        QCOMPARE(window->shownId(), ids[0]);
        QVERIFY(offered.contains(QStringLiteral("Copy as cURL")));
        QVERIFY(offered.contains(QStringLiteral("Copy URL")));
        QVERIFY(offered.contains(QStringLiteral("Replay")));
        QVERIFY(offered.contains(QStringLiteral("Edit && Resend")));

        QApplication::clipboard()->clear();
        QVERIFY(window->copyAsCurl());
        const QString command = QApplication::clipboard()->text();
        QVERIFY2(command.startsWith(QStringLiteral("curl ")), qPrintable(command));
        QVERIFY(command.contains(QStringLiteral("http://127.0.0.1:3000/webhooks/sentry")));
        QVERIFY(command.contains(QStringLiteral("Sentry-Hook-Resource")));

        // A truncated body cannot be sent whole: nothing is copied and the status bar says why.
        QVERIFY(list->selectId(ids[1]));
        QTRY_COMPARE(window->shownId(), ids[1]);
        QVERIFY(!window->copyAsCurl());
        QCOMPARE(QApplication::clipboard()->text(), command);
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("cURL")));
    }

    void replayActionsFollowTheSelection()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(1));
        auto window = openWindow(db);
        QVERIFY(window);
        QAction *replay = nullptr;
        for (QAction *a : window->actions()) {
            if (a->text() == QStringLiteral("Replay"))
                replay = a;
        }
        QVERIFY(replay);
        QVERIFY(window->listView()->selectId(ids[0]));
        QTRY_COMPARE(window->shownId(), ids[0]);
        QVERIFY(replay->isEnabled());
        QSignalSpy requested(window.get(), &MainWindow::replayRequested);
        replay->trigger();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().toLongLong(), ids[0]);
        window->listView()->clearSelection();
        window->listView()->setCurrentIndex({});
        QTRY_COMPARE(window->shownId(), 0);
        QVERIFY(!replay->isEnabled());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
