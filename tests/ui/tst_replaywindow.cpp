#include "capturefixture.h"
#include "exchangelistview.h"
#include "mainwindow.h"
#include "makeexchange.h"
#include "models/exchangecolumn.h"
#include "models/exchangelistmodel.h"
#include "replay/bodyeditor.h"
#include "replay/editresenddialog.h"
#include "replay/replayactions.h"
#include "testupstream.h"
#include "webhooks/registry.h"

#include <QDateTime>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Testing::CaptureFixture;
using Testing::makeExchange;
using Testing::TestUpstream;

namespace {

const QByteArray sentrySecret = "5fb1c3f6a2e04d8b9c7e1a2b3c4d5e6f";

Store::Exchange delivery(const QString &upstream, const QByteArray &target, qint64 signedAt)
{
    Store::Exchange e = makeExchange();
    e.upstream = upstream;
    e.request.target = target;
    e.request = *Webhooks::findProvider(u"sentry")->signRequest(e.request, e.requestBody.bytes,
                                                                sentrySecret, signedAt);
    return e;
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
        auto window = std::make_unique<MainWindow>(db.openStore(), db.writer(), setup);
        window->show();
        if (!QTest::qWaitForWindowActive(window.get()))
            return nullptr;
        window->listModel()->waitForLoaded();
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QVERIFY(m_upstream.listen());
        Testing::UpstreamReply reply;
        reply.headers = {{"Content-Type", "application/json"}};
        reply.body = R"({"ok":true})";
        m_upstream.setReply(reply);
    }
    void init() { QSettings().clear(); }

    void replayFromTheWindowIsListedLinkedAndSelected()
    {
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<qint64> ids = db.write({delivery(m_upstream.url(), "/hooks/a", now),
                                            delivery(m_upstream.url(), "/hooks/b", now),
                                            delivery(m_upstream.url(), "/hooks/c", now)});
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
        CaptureSetup setup;
        setup.webhookProvider = QStringLiteral("sentry");
        setup.webhookSecret = sentrySecret;
        auto window = openWindow(db, setup);
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
        QVERIFY(sentry->verify(got.head, got.body, sentrySecret, now).valid());
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
        CaptureSetup setup;
        setup.webhookProvider = QStringLiteral("sentry");
        setup.webhookSecret = sentrySecret;
        auto window = openWindow(db, setup);
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
                    ->verify(got.head, got.body, sentrySecret, QDateTime::currentSecsSinceEpoch())
                    .valid());
        const qint64 resent = recorded.at(0).at(1).toLongLong();
        QCOMPARE(db.openStore()->exchange(resent)->verdict, Store::Verdict::Valid);
        QTRY_COMPARE(window->shownId(), resent);
        QCOMPARE(replayCell(*window, resent), QStringLiteral("↻ #%1").arg(id));
    }
};

QTEST_MAIN(TestReplayWindow)
#include "tst_replaywindow.moc"
