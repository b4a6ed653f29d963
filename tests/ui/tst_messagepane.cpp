#include "detail/bodyview.h"
#include "detail/messagepane.h"
#include "detail/summaryview.h"
#include "makeexchange.h"
#include "models/keyvaluemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Gui;

class TestMessagePane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestSide()
    {
        MessagePane pane(MessageSide::Request);
        QAbstractItemModelTester headersTester(pane.headersModel());
        QAbstractItemModelTester queryTester(pane.summary()->queryModel());
        QSignalSpy rendered(&pane, &MessagePane::rendered);
        Store::Exchange e = Testing::makeExchange();
        e.id = 42;
        e.verdict = Store::Verdict::Invalid;
        e.verdictProvider = QStringLiteral("sentry");
        e.verdictReason = QStringLiteral("signature mismatch");
        pane.showExchange(e);

        QCOMPARE(pane.summary()->field("Request"),
                 QStringLiteral("POST http://127.0.0.1:8080/webhooks/sentry?source=test"));
        QCOMPARE(pane.summary()->field("Client"), QStringLiteral("127.0.0.1:50123"));
        QCOMPARE(pane.summary()->field("Signature"),
                 QStringLiteral("✗ invalid sentry signature: signature mismatch"));
        QCOMPARE(pane.summary()->queryModel()->rows(), (QList<Param>{{"source", "test"}}));
        QCOMPARE(pane.headersModel()->rowCount(), e.request.headers.size());
        QCOMPARE(pane.headersModel()->index(3, 0).data().toString(),
                 QStringLiteral("Sentry-Hook-Resource"));
        QCOMPARE(pane.headersModel()->index(3, 1).data().toString(), QStringLiteral("issue"));

        QVERIFY(rendered.wait());
        QVERIFY(
            pane.body()->shownText().startsWith(QStringLiteral("{\n  \"action\": \"resolved\",")));
        QCOMPARE(pane.body()->body().kind, BodyKind::Json);
        const QStringList raw = pane.rawText().split(u'\n');
        QCOMPARE(raw.first().trimmed(),
                 QStringLiteral("POST /webhooks/sentry?source=test HTTP/1.1"));
        QVERIFY(raw.last().startsWith(QStringLiteral("{\"action\":\"resolved\"")));

        pane.copyHeaders();
        QVERIFY(QApplication::clipboard()->text().contains(
            QStringLiteral("Sentry-Hook-Resource: issue\n")));
        pane.copyBody();
        QCOMPARE(QApplication::clipboard()->text().toUtf8(), e.requestBody.bytes);
    }

    void formBodyShowsParameters()
    {
        MessagePane pane(MessageSide::Request);
        Store::Exchange e = Testing::makeExchange();
        const QByteArray body = "payload=%7B%22a%22%3A1%7D&token=x+y";
        e.request.headers.set("Content-Type", "application/x-www-form-urlencoded");
        e.requestBody = {body, body.size(), false};
        pane.showExchange(e);
        QCOMPARE(pane.summary()->formModel()->rows(),
                 (QList<Param>{{"payload", "{\"a\":1}"}, {"token", "x y"}}));
    }

    void responseSideAndErrors()
    {
        MessagePane pane(MessageSide::Response);
        QSignalSpy rendered(&pane, &MessagePane::rendered);
        Store::Exchange e = Testing::makeExchange();
        pane.showExchange(e);
        QCOMPARE(pane.summary()->field("Status"), QStringLiteral("HTTP/1.1 200 OK"));
        QCOMPARE(pane.summary()->field("Upstream"), QStringLiteral("http://127.0.0.1:3000"));
        QVERIFY(rendered.wait());
        QCOMPARE(pane.body()->shownText(),
                 QStringLiteral("{\n  \"message\": \"Thank you for the message\"\n}"));

        e.response.reset();
        e.responseBody = {};
        e.error = QStringLiteral("upstream http://127.0.0.1:3000 refused the connection");
        pane.showExchange(e);
        QCOMPARE(pane.summary()->field("Status"), QStringLiteral("no response"));
        QCOMPARE(pane.summary()->field("Error"), e.error);
        QCOMPARE(pane.headersModel()->rowCount(), 0);
        QVERIFY(rendered.wait());
        QCOMPARE(pane.body()->body().kind, BodyKind::Empty);
    }

    void syntaxErrorIsShownAndLargeBodiesClip()
    {
        MessagePane pane(MessageSide::Request);
        QSignalSpy rendered(&pane, &MessagePane::rendered);
        Store::Exchange e = Testing::makeExchange();
        QByteArray big = "[";
        for (int i = 0; i < 20'000; ++i)
            big += "{\"n\":" + QByteArray::number(i) + "},";
        big += "}";
        e.requestBody = {big, big.size(), false};
        pane.showExchange(e);
        QVERIFY(rendered.wait());
        const FormattedBody &shown = pane.body()->body();
        QVERIFY(shown.formatted.error);
        QCOMPARE(shown.formatted.error->line, 1);
        QCOMPARE(shown.formatted.error->column, int(big.size()));
        QVERIFY(shown.clipped);
        QVERIFY(pane.body()->shownText().size() < big.size());

        Q_EMIT pane.body()->showAllRequested();
        QVERIFY(rendered.wait());
        QVERIFY(!pane.body()->body().clipped);
        QVERIFY(pane.body()->showsLargeText());
        QVERIFY(pane.body()->shownText().endsWith(u'}'));
    }
};

QTEST_MAIN(TestMessagePane)
#include "tst_messagepane.moc"
