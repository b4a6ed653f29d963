#include "capturefixture.h"
#include "makeexchange.h"
#include "replay/bodyeditor.h"
#include "replay/editresenddialog.h"
#include "replay/headerseditor.h"
#include "replay/jsonlinehighlighter.h"
#include "replay/replaycontroller.h"
#include "replay/requestedits.h"
#include "testupstream.h"
#include "webhooks/registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QMessageAuthenticationCode>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeWidget>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Testing::CaptureFixture;
using Testing::makeExchange;
using Testing::TestUpstream;

namespace {

// Types `text` over the first occurrence of `find` in the editor, as a user would.
bool typeOver(QPlainTextEdit *editor, const QString &find, const QString &text)
{
    const QTextCursor found = editor->document()->find(find);
    if (found.isNull())
        return false;
    editor->setTextCursor(found);
    QTest::keyClicks(editor, text);
    return true;
}

// The colour the highlighter gave the character at `column` of the line holding `find`.
QColor colourAt(QPlainTextEdit *editor, const QString &find, int column)
{
    for (QTextBlock b = editor->document()->firstBlock(); b.isValid(); b = b.next()) {
        if (!b.text().contains(find))
            continue;
        const qsizetype at = b.text().indexOf(find) + column;
        for (const QTextLayout::FormatRange &r : b.layout()->formats()) {
            if (r.start <= at && at < r.start + r.length)
                return r.format.foreground().color();
        }
        return {};
    }
    return {};
}

QList<QByteArray> names(const Http::Headers &headers)
{
    QList<QByteArray> out;
    for (const Http::HeaderField &f : headers)
        out.append(f.name);
    return out;
}

} // namespace

class TestEditResend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsExactlyWhatWasEditedAndResignedSentryVerifies()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setReply(Testing::jsonReply(R"({"ok":true})"));
        CaptureFixture db;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const Store::Exchange captured =
            CaptureFixture::signedSentry(upstream.url(), "/webhooks/sentry?source=test",
                                         CaptureFixture::sentrySecret, now - 3600);
        const qint64 id = db.write({captured}).value(0);
        QVERIFY(id > 0);
        const Store::Exchange original = *db.openStore()->exchange(id);

        SigningSecrets secrets;
        secrets.set(QStringLiteral("sentry"), CaptureFixture::sentrySecret);
        EditResendDialog dialog(original, secrets);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.resignBox()->isVisible());
        QVERIFY(!dialog.resignBox()->isChecked());  // nothing changed yet
        QVERIFY(!dialog.secretEdit()->isVisible()); // the session knows the secret

        // The body shows pretty-printed; change data.issue.id by typing over it.
        BodyEditor *body = dialog.bodyEditor();
        QCOMPARE(body->mode(), BodyEditor::Mode::Json);
        QVERIFY(body->editor()->toPlainText().contains(QStringLiteral("\n    \"issue\": {")));
        QVERIFY(typeOver(body->editor(), QStringLiteral("1170820242"), QStringLiteral("4242")));
        body->validateNow();
        QVERIFY(!body->jsonError());
        QVERIFY(dialog.resignBox()->isChecked()); // on by default once the body changed
        // And one header added after Content-Type.
        HeadersEditor *headers = dialog.headersEditor();
        headers->table()->setCurrentItem(headers->table()->topLevelItem(1));
        headers->addField("X-Edited", "yes");
        QVERIFY(dialog.problem().isEmpty());

        ReplayController controller(db.path());
        controller.secrets() = secrets;
        QSignalSpy replayed(&controller, &ReplayController::replayed);
        controller.resend(dialog.edited(), dialog.resignWith());
        QVERIFY(replayed.wait(10'000));
        const auto outcome = replayed.at(0).at(1).value<Replay::ReplayOutcome>();
        QVERIFY2(outcome.exchange, qPrintable(outcome.error));

        // The upstream got the original body with only the id changed, in its compact form.
        QCOMPARE(upstream.requests().size(), 1);
        const Testing::RecordedRequest &got = upstream.requests().at(0);
        QByteArray expectedBody = captured.requestBody.bytes;
        expectedBody.replace("\"1170820242\"", "\"4242\"");
        QCOMPARE(got.body, expectedBody);
        QCOMPARE(got.head.method, QByteArray("POST"));
        QCOMPARE(got.head.target, captured.request.target);
        // Every captured field as it was, in order, except what re-signing and the new length
        // change; the added field where it was put. (The proxy adds X-Forwarded-* at the end.)
        const Http::Headers &sent = got.head.headers;
        QList<QByteArray> expectedNames = names(captured.request.headers);
        expectedNames.insert(2, "X-Edited");
        QCOMPARE(names(sent).mid(0, expectedNames.size()), expectedNames);
        for (const Http::HeaderField &f : captured.request.headers) {
            if (f.name.startsWith("Sentry-Hook-Signature") || f.name == "Sentry-Hook-Timestamp" ||
                f.name == "Content-Length")
                continue;
            QCOMPARE(sent.value(f.name), f.value);
        }
        QCOMPARE(sent.value("X-Edited"), QByteArray("yes"));
        QCOMPARE(sent.value("Content-Length"), QByteArray::number(expectedBody.size()));

        // Re-signed: a receiver that checks Sentry signatures accepts it, and so says the record.
        const Webhooks::Provider *sentry = Webhooks::findProvider(u"sentry");
        QVERIFY(sentry
                    ->verify(got.head, got.body, CaptureFixture::sentrySecret,
                             QDateTime::currentSecsSinceEpoch())
                    .valid());
        const std::optional<Store::Exchange> stored =
            db.openStore()->exchange(outcome.exchange->id);
        QVERIFY(stored);
        QCOMPARE(stored->replayOf, id);
        QCOMPARE(stored->verdict, Store::Verdict::Valid);
        QCOMPARE(stored->requestBody.bytes, expectedBody);
        // The original is untouched.
        QCOMPARE(db.openStore()->exchange(id)->requestBody.bytes, captured.requestBody.bytes);
    }

    void unchangedBodyGoesAsCaptured()
    {
        Store::Exchange e = makeExchange();
        e.id = 7;
        // Not compact: spaces after the colons, which pretty-printing would not keep.
        e.requestBody.bytes = R"({"a": 1, "b": [true]})";
        EditResendDialog dialog(e, {});
        QCOMPARE(dialog.bodyEditor()->jsonLayout(), BodyEditor::JsonLayout::AsShown);
        QVERIFY(!dialog.bodyEditor()->isChanged());
        QCOMPARE(dialog.edited().requestBody.bytes, e.requestBody.bytes);
        QCOMPARE(dialog.edited().id, 7);
        QVERIFY(!dialog.resignWith());
        // Without a secret for its provider the dialog asks for one before it re-signs.
        QVERIFY(dialog.secretEdit()->isVisibleTo(&dialog));
        dialog.resignBox()->click();
        QVERIFY(dialog.resignWith());
        QVERIFY(!dialog.problem().isEmpty());
        QVERIFY(!dialog.sendButton()->isEnabled());
        dialog.secretEdit()->setText(QString::fromLatin1(CaptureFixture::sentrySecret));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(dialog.sendButton()->isEnabled());
        QCOMPARE(dialog.typedSecret(), CaptureFixture::sentrySecret);
    }

    void copyAsCurlSendsWhatWouldGo()
    {
        const Store::Exchange e =
            CaptureFixture::signedSentry(QStringLiteral("http://127.0.0.1:3000"), "/hooks/x",
                                         CaptureFixture::sentrySecret, 1'700'000'000);
        SigningSecrets secrets;
        secrets.set(QStringLiteral("sentry"), CaptureFixture::sentrySecret);
        EditResendDialog dialog(e, secrets);
        dialog.setDestination(QStringLiteral("http://127.0.0.1:4000"));
        QPlainTextEdit *editor = dialog.bodyEditor()->editor();
        QVERIFY(typeOver(editor, QStringLiteral("Jane"), QStringLiteral("Joan")));
        QVERIFY(dialog.resignWith());
        const qint64 now = 1'800'000'000;
        const QString command = dialog.curlCommand(now);
        QVERIFY2(command.contains(QStringLiteral("http://127.0.0.1:4000/hooks/x")),
                 qPrintable(command));
        QVERIFY(command.contains(QStringLiteral("\"name\":\"Joan\"")));
        QVERIFY(command.contains(QStringLiteral("Sentry-Hook-Timestamp: 1800000000")));
        const Webhooks::Provider *sentry = Webhooks::findProvider(u"sentry");
        const QByteArray signature = QMessageAuthenticationCode::hash(
                                         dialog.edited().requestBody.bytes,
                                         CaptureFixture::sentrySecret, QCryptographicHash::Sha256)
                                         .toHex();
        QVERIFY(sentry);
        QVERIFY(command.contains(QString::fromLatin1(signature)));
    }

    void jsonErrorPositionIsShown()
    {
        Store::Exchange e = makeExchange();
        EditResendDialog dialog(e, {});
        dialog.show();
        BodyEditor *body = dialog.bodyEditor();
        body->editor()->setPlainText(QStringLiteral("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        body->validateNow();
        QVERIFY(body->jsonError());
        QCOMPARE(body->jsonError()->line, 3);
        QCOMPARE(body->jsonError()->column, 7);
        QVERIFY2(body->statusLabel()->text().startsWith(QStringLiteral("Line 3, column 7: ")),
                 qPrintable(body->statusLabel()->text()));
        const QList<QTextEdit::ExtraSelection> marks = body->editor()->extraSelections();
        QCOMPARE(marks.size(), 1);
        const QTextBlock third = body->editor()->document()->findBlockByNumber(2);
        QCOMPARE(marks[0].cursor.selectionStart(), third.position() + 6);
        QCOMPARE(marks[0].cursor.selectedText(), QStringLiteral("2"));

        // Fixed as typed: the mark goes.
        QVERIFY(typeOver(body->editor(), QStringLiteral("\"b\" 2"), QStringLiteral("\"b\": 2")));
        QTRY_VERIFY(!body->jsonError());
        QVERIFY(body->editor()->extraSelections().isEmpty());
        QVERIFY(body->statusLabel()->text().startsWith(QStringLiteral("Valid JSON")));
    }

    void contentLengthFollowsTheBody()
    {
        Store::Exchange e = makeExchange();
        e.request.headers.remove("Content-Length");
        e.request.headers.add("Transfer-Encoding", "chunked");
        e.request.headers.add("Connection", "keep-alive");
        e.request.headers.set("Content-Type", "text/plain");
        e.requestBody = {"hello", 5, false};
        EditResendDialog dialog(e, {});
        HeadersEditor *headers = dialog.headersEditor();
        const auto row = [&](const QByteArray &name) -> QTreeWidgetItem * {
            for (int i = 0; i < headers->table()->topLevelItemCount(); ++i) {
                if (headers->table()->topLevelItem(i)->text(0).toLatin1() == name)
                    return headers->table()->topLevelItem(i);
            }
            return nullptr;
        };
        // Sent whole with its length: no Transfer-Encoding; Content-Length is not edited by hand.
        QVERIFY(!row("Transfer-Encoding"));
        QVERIFY(row("Content-Length"));
        QCOMPARE(row("Content-Length")->text(1), QStringLiteral("5"));
        QVERIFY(!(row("Content-Length")->flags() & Qt::ItemIsEditable));
        QVERIFY(row("Connection")->toolTip(0).contains(QStringLiteral("Hop-by-hop")));

        BodyEditor *body = dialog.bodyEditor();
        QCOMPARE(body->mode(), BodyEditor::Mode::Text);
        body->editor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(body->editor(), QStringLiteral(", w"));
        body->editor()->insertPlainText(QStringLiteral("ö")); // keyClicks types only ASCII
        QTest::keyClicks(body->editor(), QStringLiteral("rld"));
        QCOMPARE(row("Content-Length")->text(1), QStringLiteral("13"));
        const Store::Exchange edited = dialog.edited();
        QCOMPARE(edited.requestBody.bytes, QByteArray("hello, w\xc3\xb6rld"));
        QCOMPARE(edited.request.headers.value("Content-Length"), QByteArray("13"));
        QVERIFY(!edited.request.headers.contains("Transfer-Encoding"));

        body->editor()->clear();
        QCOMPARE(row("Content-Length")->text(1), QStringLiteral("0"));
        QCOMPARE(dialog.edited().request.headers.value("Content-Length"), QByteArray("0"));
    }

    void headersAreEditedInOrder()
    {
        Store::Exchange e = makeExchange();
        EditResendDialog dialog(e, {});
        HeadersEditor *headers = dialog.headersEditor();
        QTreeWidget *table = headers->table();
        QCOMPARE(names(dialog.edited().request.headers), names(e.request.headers));
        table->setCurrentItem(table->topLevelItem(2)); // Request-ID
        headers->moveCurrent(-1);
        QCOMPARE(names(dialog.edited().request.headers).mid(0, 3),
                 (QList<QByteArray>{"Host", "Request-ID", "Content-Type"}));
        headers->removeCurrent();
        QVERIFY(!dialog.edited().request.headers.contains("Request-ID"));
        table->topLevelItem(1)->setText(1, QStringLiteral("application/vnd.test+json"));
        QCOMPARE(dialog.edited().request.headers.value("Content-Type"),
                 QByteArray("application/vnd.test+json"));
        dialog.methodBox()->setCurrentText(QStringLiteral("PUT"));
        dialog.targetEdit()->setText(QStringLiteral("/other?x=1"));
        QCOMPARE(dialog.edited().request.method, QByteArray("PUT"));
        QCOMPARE(dialog.edited().request.target, QByteArray("/other?x=1"));
        dialog.targetEdit()->setText(QStringLiteral("no slash"));
        QVERIFY(!dialog.sendButton()->isEnabled());
    }

    // Member names, strings, numbers and keywords each in their colour, also in what is typed;
    // text bodies are left plain.
    void jsonIsColouredAsItIsTyped()
    {
        BodyEditor body;
        body.setBody(R"({"action":"resolved","data":{"count":12,"muted":false}})",
                     "application/json", false);
        QPlainTextEdit *editor = body.editor();
        const SpanFormats colours = spanFormats(body.palette());
        const auto expected = [&](SpanKind kind) {
            return colours[size_t(kind)].foreground().color();
        };
        QCOMPARE(colourAt(editor, "\"action\"", 1), expected(SpanKind::Key));
        QCOMPARE(colourAt(editor, "\"resolved\"", 1), expected(SpanKind::String));
        QCOMPARE(colourAt(editor, "12", 0), expected(SpanKind::Number));
        QCOMPARE(colourAt(editor, "false", 0), expected(SpanKind::Keyword));
        QVERIFY(expected(SpanKind::Key) != expected(SpanKind::String));

        QVERIFY(typeOver(editor, QStringLiteral("false"), QStringLiteral("null, \"by\": \"me\"")));
        QCOMPARE(colourAt(editor, "null", 0), expected(SpanKind::Keyword));
        QCOMPARE(colourAt(editor, "\"by\"", 0), expected(SpanKind::Key));
        QCOMPARE(colourAt(editor, "\"me\"", 0), expected(SpanKind::String));

        body.setBody("count 12 \"quoted\"", "text/plain", false);
        QCOMPARE(colourAt(editor, "12", 0), QColor());
    }

    void binaryBodiesAreShownAsHexAndSentAsCaptured()
    {
        Store::Exchange e = makeExchange();
        const QByteArray bytes("\x1f\x8b\x08\x00\x00\x01\xff", 7);
        e.request.headers.set("Content-Type", "application/octet-stream");
        e.requestBody = {bytes, bytes.size(), false};
        EditResendDialog dialog(e, {});
        QCOMPARE(dialog.bodyEditor()->mode(), BodyEditor::Mode::Binary);
        const auto *hex =
            dialog.bodyEditor()->findChild<QPlainTextEdit *>(QStringLiteral("bodyHex"));
        QVERIFY(hex && hex->isReadOnly());
        QVERIFY(hex->toPlainText().startsWith(QStringLiteral("00000000  1f 8b 08 00")));
        QCOMPARE(dialog.edited().requestBody.bytes, bytes);
    }
};

QTEST_MAIN(TestEditResend)
#include "tst_editresend.moc"
