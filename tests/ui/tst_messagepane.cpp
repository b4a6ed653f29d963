#include "detail/bodyview.h"
#include "detail/messagepane.h"
#include "detail/summaryview.h"
#include "detail/textviewer.h"
#include "makeexchange.h"
#include "models/keyvaluemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QImage>
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
        pane.body()->goToError();
        QCOMPARE(pane.body()->largeTextView()->selectedText(), QStringLiteral("}"));
    }

    void goToErrorMarksTheSyntaxError()
    {
        MessagePane pane(MessageSide::Request);
        QSignalSpy rendered(&pane, &MessagePane::rendered);
        Store::Exchange e = Testing::makeExchange();
        const QByteArray xml = "<a><b>1</b><c></a>";
        e.request.headers = {{"Content-Type", "application/xml"}};
        e.requestBody = {xml, xml.size(), false};
        pane.showExchange(e);
        QVERIFY(rendered.wait());
        const FormattedBody &shown = pane.body()->body();
        QCOMPARE(shown.kind, BodyKind::Xml);
        QVERIFY(shown.formatted.error);
        pane.body()->goToError();
        const int at = pane.body()->textEdit()->textCursor().position();
        QCOMPARE(at, shown.formatted.error->position);
        // The place is coloured as an error.
        QVERIFY(std::any_of(
            shown.formatted.spans.cbegin(), shown.formatted.spans.cend(), [&](const SyntaxSpan &s) {
                return s.kind == SpanKind::Error && s.start <= at && at <= s.start + s.length;
            }));
    }

    void imagesShowAndBinaryIsDumped()
    {
        MessagePane pane(MessageSide::Response);
        QSignalSpy rendered(&pane, &MessagePane::rendered);
        Store::Exchange e = Testing::makeExchange();
        QImage image(9, 4, QImage::Format_RGB32);
        image.fill(Qt::blue);
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(image.save(&buffer, "PNG"));
        e.response->headers = {{"Content-Type", "image/png"}};
        e.responseBody = {png, png.size(), false};
        pane.showExchange(e);
        QVERIFY(rendered.wait());
        QCOMPARE(pane.body()->body().kind, BodyKind::Image);
        QVERIFY(pane.body()->showsImage());
        QCOMPARE(pane.body()->body().image.size(), QSize(9, 4));

        const QByteArray bytes("\x00\x01GIF?\xff\xfe", 8);
        e.response->headers = {{"Content-Type", "application/octet-stream"}};
        e.responseBody = {bytes, bytes.size(), false};
        pane.showExchange(e);
        QVERIFY(rendered.wait());
        QCOMPARE(pane.body()->body().kind, BodyKind::Binary);
        QVERIFY(!pane.body()->showsImage());
        // Offsets, hex bytes and the ASCII column.
        const QString dump = pane.body()->shownText();
        QVERIFY2(dump.startsWith(QStringLiteral("00000000")), qPrintable(dump));
        QVERIFY(dump.contains(QStringLiteral("00 01 47 49 46 3f ff fe")));
        QVERIFY(dump.contains(QStringLiteral("..GIF?..")));
    }
};

QTEST_MAIN(TestMessagePane)
#include "tst_messagepane.moc"
