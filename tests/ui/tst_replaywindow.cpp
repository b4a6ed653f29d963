#include "capturefixture.h"
#include "exchangelistview.h"
#include "mainwindow.h"
#include "makeexchange.h"
#include "models/exchangecolumn.h"
#include "models/exchangelistmodel.h"
#include "replay/bodyeditor.h"
#include "replay/comparisonview.h"
#include "replay/editresenddialog.h"
#include "replay/replayactions.h"
#include "replay/responsediffview.h"
#include "testupstream.h"
#include "webhooks/registry.h"

#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Testing::CaptureFixture;
using Testing::makeExchange;
using Testing::TestUpstream;

namespace {

Store::Exchange delivery(const QString &upstream, const QByteArray &target, qint64 signedAt)
{
    return CaptureFixture::signedSentry(upstream, target, CaptureFixture::sentrySecret, signedAt);
}

// What the window knows when started with --verify-webhook sentry and its secret.
CaptureSetup verifyingSentry()
{
    CaptureSetup setup;
    setup.webhookProvider = QStringLiteral("sentry");
    setup.webhookSecret = CaptureFixture::sentrySecret;
    return setup;
}

QString replayCell(MainWindow &window, qint64 id)
{
    ExchangeListModel *model = window.listModel();
    return model->index(model->rowOf(id), int(ExchangeColumn::Replay)).data().toString();
}

} // namespace

class TestReplayWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    TestUpstream m_upstream;

    std::unique_ptr<MainWindow> openWindow(CaptureFixture &db, CaptureSetup setup = {})
    {
        return db.openWindow(setup, CaptureFixture::WindowWait::Active);
    }

    // Sentry deliveries to the test upstream at these targets, signed at `signedAt`.
    QList<qint64> writeDeliveries(CaptureFixture &db, const QList<QByteArray> &targets,
                                  qint64 signedAt)
    {
        QList<Store::Exchange> deliveries;
        for (const QByteArray &target : targets)
            deliveries.append(delivery(m_upstream.url(), target, signedAt));
        return db.write(deliveries);
    }

    // Replays and compares these from the window; its comparison view once all are compared.
    static ComparisonView *compareAll(MainWindow &window, const QList<qint64> &ids)
    {
        window.replayActions()->replayAllAndCompare(ids);
        ComparisonView *view = window.replayActions()->comparisonView();
        const auto done = [&] {
            return view && view->progressBar()->value() == ids.size() &&
                   window.replayActions()->compareAllAction()->isEnabled();
        };
        return QTest::qWaitFor(done, 10'000) ? view : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QVERIFY(m_upstream.listen());
        m_upstream.setReply(Testing::jsonReply(R"({"ok":true})"));
    }
    void init()
    {
        QSettings().clear();
        m_upstream.setReply(Testing::jsonReply(R"({"ok":true})"));
    }

    void replayFromTheWindowIsListedLinkedAndSelected()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<qint64> ids = writeDeliveries(db, {"/hooks/a", "/hooks/b", "/hooks/c"}, now);
        QCOMPARE(ids.size(), 3);
        auto window = openWindow(db);
        QVERIFY(window);
        const qsizetype before = m_upstream.requests().size();

        // c and a selected (in that order): both go, a first.
        QVERIFY(window->listView()->selectId(ids[2]));
        const QModelIndex a = window->listModel()->index(window->listModel()->rowOf(ids[0]), 0);
        window->listView()->selectionModel()->select(a, QItemSelectionModel::Select |
                                                            QItemSelectionModel::Rows);
        QTRY_COMPARE(window->shownId(), ids[2]);
        QSignalSpy recorded(window->replayActions(), &ReplayActions::replayRecorded);
        QTest::keyClick(window->listView(), Qt::Key_R);
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 2, 10'000);

        QCOMPARE(m_upstream.requests().size(), before + 2);
        QCOMPARE(m_upstream.requests().at(before).head.target, QByteArray("/hooks/a"));
        QCOMPARE(m_upstream.requests().at(before + 1).head.target, QByteArray("/hooks/c"));
        QCOMPARE(recorded.at(0).at(0).toLongLong(), ids[0]);
        QCOMPARE(recorded.at(1).at(0).toLongLong(), ids[2]);
        const qint64 replayA = recorded.at(0).at(1).toLongLong();
        const qint64 replayC = recorded.at(1).at(1).toLongLong();

        // Listed (through the writer), marked as replays of their originals, the last selected.
        QTRY_VERIFY(window->listModel()->rowOf(replayC) >= 0);
        QCOMPARE(window->listModel()->totalCount(), 5);
        QCOMPARE(replayCell(*window, replayA), QStringLiteral("↻ #%1").arg(ids[0]));
        QCOMPARE(replayCell(*window, replayC), QStringLiteral("↻ #%1").arg(ids[2]));
        QCOMPARE(replayCell(*window, ids[0]), QString());
        QTRY_COMPARE(window->shownId(), replayC);
        // Fresh signatures, and the secret is not known: no verdict to give.
        QVERIFY(!window->statusBar()->currentMessage().contains(QStringLiteral("signature")));
        QVERIFY2(window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("#%1 replayed as #%2: 200 OK").arg(ids[2]).arg(replayC)),
                 qPrintable(window->statusBar()->currentMessage()));
    }

    void staleSignatureAsksFirstAndReSigns()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const qint64 id = db.write({delivery(m_upstream.url(), "/hooks/old", now - 3600)}).value(0);
        auto window = openWindow(db, verifyingSentry());
        QVERIFY(window);
        QVERIFY(window->listView()->selectId(id));
        QTRY_COMPARE(window->shownId(), id);
        const qsizetype before = m_upstream.requests().size();
        QSignalSpy recorded(window->replayActions(), &ReplayActions::replayRecorded);

        // Re-sign and replay: the receiver would accept it, and the record says so.
        QTest::keyClick(window->listView(), Qt::Key_R);
        QMessageBox *ask = nullptr;
        QTRY_VERIFY((ask = window->findChild<QMessageBox *>(QStringLiteral("staleSignature"))));
        QVERIFY(ask->detailedText().contains(QStringLiteral("60 min old")));
        QCOMPARE(m_upstream.requests().size(), before); // nothing sent while it asks
        ask->findChild<QPushButton *>(QStringLiteral("resign"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);
        const Testing::RecordedRequest &got = m_upstream.requests().at(before);
        const Webhooks::Provider *sentry = Webhooks::findProvider(u"sentry");
        QVERIFY(sentry->verify(got.head, got.body, CaptureFixture::sentrySecret, now).valid());
        const qint64 resigned = recorded.at(0).at(1).toLongLong();
        QCOMPARE(db.openStore()->exchange(resigned)->verdict, Store::Verdict::Valid);
        QVERIFY2(window->statusBar()->currentMessage().contains(
                     QStringLiteral("Sentry signature valid")),
                 qPrintable(window->statusBar()->currentMessage()));

        // Replay as is: sent byte for byte, and its verdict says why a receiver refuses it.
        QVERIFY(window->listView()->selectId(id));
        QTRY_COMPARE(window->shownId(), id);
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window->listView(), Qt::Key_R);
        QTRY_VERIFY((ask = window->findChild<QMessageBox *>(QStringLiteral("staleSignature"))));
        ask->findChild<QPushButton *>(QStringLiteral("asIs"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 2, 10'000);
        const qint64 asIs = recorded.at(1).at(1).toLongLong();
        const std::optional<Store::Exchange> stored = db.openStore()->exchange(asIs);
        QCOMPARE(stored->verdict, Store::Verdict::Invalid);
        QVERIFY2(stored->verdictReason.contains(QStringLiteral("timestamp")),
                 qPrintable(stored->verdictReason));
        QCOMPARE(m_upstream.requests().at(before + 1).head.headers.value("Sentry-Hook-Signature"),
                 db.openStore()->exchange(id)->request.headers.value("Sentry-Hook-Signature"));
        QTRY_COMPARE(window->shownId(), asIs);
    }

    void editAndResendFromTheWindow()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const qint64 id = db.write({delivery(m_upstream.url(), "/hooks/e", now)}).value(0);
        auto window = openWindow(db, verifyingSentry());
        QVERIFY(window);
        QVERIFY(window->listView()->selectId(id));
        QTRY_COMPARE(window->shownId(), id);
        QTest::keyClick(window->listView(), Qt::Key_E);
        EditResendDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window->replayActions()->editDialog()));
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QPlainTextEdit *editor = dialog->bodyEditor()->editor();
        editor->setTextCursor(editor->document()->find(QStringLiteral("Jane")));
        QTest::keyClicks(editor, QStringLiteral("Joan"));
        const qsizetype before = m_upstream.requests().size();
        QSignalSpy recorded(window->replayActions(), &ReplayActions::replayRecorded);
        dialog->sendButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(recorded.size(), 1, 10'000);
        const Testing::RecordedRequest &got = m_upstream.requests().at(before);
        QVERIFY(got.body.contains("\"name\":\"Joan\""));
        QVERIFY(Webhooks::findProvider(u"sentry")
                    ->verify(got.head, got.body, CaptureFixture::sentrySecret,
                             QDateTime::currentSecsSinceEpoch())
                    .valid());
        const qint64 resent = recorded.at(0).at(1).toLongLong();
        QCOMPARE(db.openStore()->exchange(resent)->verdict, Store::Verdict::Valid);
        QTRY_COMPARE(window->shownId(), resent);
        QCOMPARE(replayCell(*window, resent), QStringLiteral("↻ #%1").arg(id));
    }

    void resendShowsTheDiffAndDateIsIgnored()
    {
        // An app that answers with the issue id it was sent, and the time.
        m_upstream.setHandler([](const Testing::RecordedRequest &request) {
            Testing::UpstreamReply reply;
            const qsizetype at = request.body.indexOf("\"issue\":{\"id\":\"") + 15;
            const QByteArray issue = request.body.mid(at, request.body.indexOf('"', at) - at);
            reply.headers = {
                {"Content-Type", "application/json"},
                {"Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1()}};
            reply.body = R"({"seen":")" + issue + R"(","ok":true})";
            return reply;
        });
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        Store::Exchange captured = delivery(m_upstream.url(), "/hooks/d", now);
        captured.response->headers = {{"Content-Type", "application/json"},
                                      {"Date", "Sun, 29 Nov 2026 08:00:00 +0000"}};
        captured.responseBody.bytes = R"({"seen":"1170820242","ok":true})";
        const qint64 id = db.write({captured}).value(0);
        auto window = openWindow(db, verifyingSentry());
        QVERIFY(window);
        QVERIFY(window->listView()->selectId(id));
        QTRY_COMPARE(window->shownId(), id);
        QVERIFY(!window->replayActions()->compareAction()->isEnabled()); // not a replay
        window->replayActions()->editAndResend(id);
        EditResendDialog *dialog = window->replayActions()->editDialog();
        QVERIFY(dialog);
        QPlainTextEdit *editor = dialog->bodyEditor()->editor();
        editor->setTextCursor(editor->document()->find(QStringLiteral("1170820242")));
        QTest::keyClicks(editor, QStringLiteral("77"));
        dialog->sendButton()->click();

        // The diff opens by itself: the answer changed where the id is, not because of Date.
        ResponseDiffView *diff = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((diff = window->replayActions()->diffView()), 10'000);
        QCOMPARE(diff->diff().entries.size(), 1);
        QCOMPARE(diff->diff().entries[0].where, QStringLiteral("seen"));
        QCOMPARE(diff->diff().entries[0].after, QStringLiteral("\"77\""));
        QCOMPARE(diff->pathsTable()->topLevelItemCount(), 1);
        QVERIFY(
            !diff->headersTable()->findItems(QStringLiteral("Date"), Qt::MatchExactly).isEmpty());

        // One click from the list: the resend is selected, Compare with Original opens it again.
        QTRY_VERIFY(window->shownId() != id);
        diff->close();
        QTRY_VERIFY(!window->replayActions()->diffView());
        QTRY_VERIFY(window->replayActions()->compareAction()->isEnabled());
        window->replayActions()->compareAction()->trigger();
        QVERIFY(window->replayActions()->diffView());
        QCOMPARE(window->replayActions()->diffView()->diff().entries.size(), 1);
    }

    void replayAllAndCompareListsWhatChanged()
    {
        m_upstream.setHandler([](const Testing::RecordedRequest &request) {
            return Testing::jsonReply(request.head.target == "/hooks/b" ? R"({"ok":false})"
                                                                        : R"({"ok":true})");
        });
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QList<Store::Exchange> originals;
        for (const QByteArray target : {"/hooks/a", "/hooks/b", "/hooks/c"}) {
            Store::Exchange e = delivery(m_upstream.url(), target, now);
            e.response->headers = {{"Content-Type", "application/json"}};
            e.responseBody.bytes = R"({"ok":true})";
            originals.append(e);
        }
        const QList<qint64> ids = db.write(originals);
        auto window = openWindow(db);
        QVERIFY(window);
        // Nothing selected beyond one row: everything the list shows.
        QVERIFY(window->listView()->selectId(ids[0]));
        window->replayActions()->compareAllAction()->trigger();
        ComparisonView *view = window->replayActions()->comparisonView();
        QVERIFY(view);
        QTRY_COMPARE_WITH_TIMEOUT(view->progressBar()->value(), 3, 10'000);
        QTRY_VERIFY(window->replayActions()->compareAllAction()->isEnabled());
        QCOMPARE(view->count(Replay::ComparedReplay::Result::Changed), 1);
        QCOMPARE(view->count(Replay::ComparedReplay::Result::Same), 2);
        QVERIFY2(view->summaryLabel()->text().startsWith(
                     QStringLiteral("Replayed 3 exchanges: 1 changed, 2 the same, 0 failed.")),
                 qPrintable(view->summaryLabel()->text()));
        QTreeWidget *results = view->resultsTable();
        QTreeWidgetItem *changed =
            results->findItems(QStringLiteral("Changed"), Qt::MatchExactly, 2).value(0);
        QVERIFY(changed);
        QCOMPARE(changed->text(0), QStringLiteral("#%1").arg(ids[1]));
        QCOMPARE(changed->text(1), QStringLiteral("POST /hooks/b"));
        // Its diff, from the summary.
        Q_EMIT results->itemActivated(changed, 0);
        QVERIFY(window->replayActions()->diffView());
        QCOMPARE(window->replayActions()->diffView()->diff().entries.value(0).where,
                 QStringLiteral("ok"));
        QTRY_COMPARE(window->listModel()->totalCount(), 6);
    }

    // With the secret known, deliveries whose signature went stale are re-signed on their way.
    void replayAllAndCompareReSignsStaleSignatures()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<qint64> ids = writeDeliveries(db, {"/hooks/a", "/hooks/b"}, now - 3600);
        auto window = openWindow(db, verifyingSentry());
        QVERIFY(window);
        const qsizetype before = m_upstream.requests().size();
        ComparisonView *view = compareAll(*window, ids);
        QVERIFY(view);
        QCOMPARE(view->count(Replay::ComparedReplay::Result::Failed), 0);
        QCOMPARE(m_upstream.requests().size(), before + 2);
        const Webhooks::Provider *sentry = Webhooks::findProvider(u"sentry");
        for (qsizetype i = before; i < before + 2; ++i) {
            const Testing::RecordedRequest &got = m_upstream.requests().at(i);
            QVERIFY(sentry->verify(got.head, got.body, CaptureFixture::sentrySecret, now).valid());
        }
        for (int row = 0; row < 2; ++row)
            QVERIFY2(!view->resultsTable()->topLevelItem(row)->text(3).contains(
                         QStringLiteral("older than")),
                     qPrintable(view->resultsTable()->topLevelItem(row)->text(3)));
    }

    // An original deleted while the comparison runs fails alone; the rest are compared.
    void replayAllAndCompareGoesOnPastADeletedOriginal()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<qint64> ids = writeDeliveries(db, {"/hooks/a", "/hooks/b", "/hooks/c"}, now);
        auto window = openWindow(db);
        QVERIFY(window);
        m_upstream.setHandler(Testing::removingWhenSent(db.writer(), "/hooks/a", ids[2]));
        ComparisonView *view = compareAll(*window, ids);
        QVERIFY(view);
        QCOMPARE(view->count(Replay::ComparedReplay::Result::Failed), 1);
        QTreeWidgetItem *failed = view->resultsTable()->topLevelItem(2);
        QCOMPARE(failed->text(0), QStringLiteral("#%1").arg(ids[2]));
        QCOMPARE(failed->text(2), QStringLiteral("Failed"));
        QVERIFY2(failed->text(3).startsWith(
                     QStringLiteral("exchange %1 is no longer in %2").arg(ids[2]).arg(db.path())),
                 qPrintable(failed->text(3)));
        QVERIFY(!view->resultsTable()->topLevelItem(1)->text(4).isEmpty()); // b was replayed
    }

    // Replay (R) of a selection reads each original when its turn comes: one deleted after the
    // first was sent fails alone, saying so, and the others are replayed.
    void replayOfASelectionGoesOnPastADeletedOriginal()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<qint64> ids = writeDeliveries(db, {"/hooks/a", "/hooks/b", "/hooks/c"}, now);
        auto window = openWindow(db);
        QVERIFY(window);
        m_upstream.setHandler(Testing::removingWhenSent(db.writer(), "/hooks/a", ids[1]));
        const qsizetype before = m_upstream.requests().size();
        QSignalSpy recorded(window->replayActions(), &ReplayActions::replayRecorded);
        QSignalSpy problem(window->replayActions(), &ReplayActions::problem);
        QSignalSpy idle(window->replayActions(), &ReplayActions::idle);
        window->replayActions()->replay({ids[2], ids[1], ids[0]});
        QVERIFY(idle.wait(10'000));
        m_upstream.setReply(Testing::jsonReply(R"({"ok":true})"));

        QCOMPARE(m_upstream.requests().size(), before + 2);
        QCOMPARE(m_upstream.requests().at(before).head.target, QByteArray("/hooks/a"));
        QCOMPARE(m_upstream.requests().at(before + 1).head.target, QByteArray("/hooks/c"));
        QCOMPARE(recorded.size(), 2);
        QCOMPARE(recorded.at(0).at(0).toLongLong(), ids[0]);
        QCOMPARE(recorded.at(1).at(0).toLongLong(), ids[2]);
        QCOMPARE(problem.size(), 1);
        QCOMPARE(problem.at(0).at(0).toString(),
                 QStringLiteral("Replay of #%1 failed").arg(ids[1]));
        const QString why = problem.at(0).at(1).toString();
        QVERIFY2(why.startsWith(
                     QStringLiteral("exchange %1 is no longer in %2").arg(ids[1]).arg(db.path())),
                 qPrintable(why));
    }
};

QTEST_MAIN(TestReplayWindow)
#include "tst_replaywindow.moc"
