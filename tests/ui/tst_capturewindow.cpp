// The window open while a real capture proxy records exchanges into a real database.
#include "capturefixture.h"
#include "detail/bodyview.h"
#include "detail/messagepane.h"
#include "detail/summaryview.h"
#include "exchangelistview.h"
#include "mainwindow.h"
#include "models/exchangelistmodel.h"
#include "proxy/captureproxy.h"
#include "responsereader.h"
#include "testupstream.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Gui;
using namespace Hookscope::Testing;

class TestCaptureWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }

    void rowsAppearWhileCapturing()
    {
        TestUpstream upstream;
        QVERIFY(upstream.listen());
        upstream.setHandler([](const RecordedRequest &) {
            return Testing::jsonReply(R"({"message":"Thank you for the message"})");
        });
        CaptureFixture db;
        Proxy::ProxyOptions options;
        options.listenPort = 0;
        options.upstream.port = upstream.port();
        Store::ExchangeWriter *writer = db.writer();
        options.sink = [writer](Store::Exchange e) { writer->submit(std::move(e)); };
        Proxy::CaptureProxy proxy(options);
        QVERIFY(proxy.start());

        CaptureSetup setup;
        setup.listenAuthority = proxy.listenAuthority();
        setup.upstreamUrl = options.upstream.url();
        setup.upstreamHost = options.upstream.host;
        setup.upstreamPort = options.upstream.port;
        MainWindow window(db.openStore(), writer, setup);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.listModel()->rowCount(), 0);

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, proxy.port());
        for (int i = 0; i < 3; ++i) {
            const QByteArray body = R"({"action":"resolved","n":)" + QByteArray::number(i) + "}";
            client.write("POST /hooks/sentry?attempt=" + QByteArray::number(i) +
                         " HTTP/1.1\r\nHost: " + proxy.listenAuthority().toLatin1() +
                         "\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        ResponseReader reader(client);
        const QList<ReceivedResponse> responses = reader.read(3);
        QCOMPARE(responses.size(), 3);
        QCOMPARE(responses.last().head.status, 200);

        QTRY_COMPARE(window.listModel()->rowCount(), 3);
        QCOMPARE(window.listModel()->index(0, int(ExchangeColumn::Path)).data().toString(),
                 QStringLiteral("/hooks/sentry?attempt=2"));
        QTRY_VERIFY(window.requestRate() > 0);
        // The upstream answers connections, so the indicator says the app is up.
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("captureIndicator"))
                        ->text()
                        .contains(QStringLiteral("app up")));

        QSignalSpy rendered(window.requestPane(), &MessagePane::rendered);
        QVERIFY(window.listView()->selectId(window.listModel()->idAt(0)));
        QVERIFY(rendered.wait());
        QCOMPARE(window.requestPane()->body()->shownText(),
                 QStringLiteral("{\n  \"action\": \"resolved\",\n  \"n\": 2\n}"));
        QCOMPARE(
            window.requestPane()->summary()->field("Request"),
            QStringLiteral("POST http://%1/hooks/sentry?attempt=2").arg(proxy.listenAuthority()));
        QTRY_VERIFY(!window.responsePane()->isRendering());
        QCOMPARE(window.responsePane()->summary()->field("Status"),
                 QStringLiteral("HTTP/1.1 200 OK"));
        proxy.stop();
    }
};

QTEST_MAIN(TestCaptureWindow)
#include "tst_capturewindow.moc"
