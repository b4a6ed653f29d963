#include "capturefixture.h"

#include "makeexchange.h"
#include "models/exchangelistmodel.h"
#include "webhooks/registry.h"

#include <QSignalSpy>
#include <QTest>

namespace Hookscope::Testing {

CaptureFixture::CaptureFixture()
    : m_path(m_dir.filePath(QStringLiteral("captures.sqlite")))
{
    auto opened = Store::ExchangeWriter::open(m_path);
    if (!opened)
        qFatal("cannot open the test database: %s", qPrintable(opened.error()));
    m_writer = std::move(opened).value();
}

QList<qint64> CaptureFixture::write(const QList<Store::Exchange> &exchanges)
{
    QSignalSpy committed(m_writer.get(), &Store::ExchangeWriter::committed);
    for (const Store::Exchange &e : exchanges)
        m_writer->submit(e);
    m_writer->flush();
    QList<qint64> ids;
    const auto collect = [&] {
        for (const QList<QVariant> &args : std::as_const(committed)) {
            for (const Store::ExchangeSummary &s :
                 args.first().value<QList<Store::ExchangeSummary>>())
                ids.append(s.id);
        }
        committed.clear();
    };
    // The signals are queued to this thread; let them arrive.
    for (int i = 0; i < 500 && ids.size() < exchanges.size(); ++i) {
        QTest::qWait(5);
        collect();
    }
    return ids;
}

std::unique_ptr<Store::ExchangeStore> CaptureFixture::openStore() const
{
    auto opened = Store::ExchangeStore::open(m_path);
    if (!opened)
        qFatal("cannot open the test database: %s", qPrintable(opened.error()));
    return std::move(opened).value();
}

Store::Exchange CaptureFixture::signedSentry(const QString &upstream, const QByteArray &target,
                                             const QByteArray &secret, qint64 signedAt)
{
    Store::Exchange e = makeExchange();
    e.upstream = upstream;
    e.request.target = target;
    e.request = *Webhooks::findProvider(u"sentry")->signRequest(e.request, e.requestBody.bytes,
                                                                secret, signedAt);
    return e;
}

QList<Store::Exchange> CaptureFixture::sampleExchanges(int count)
{
    QList<Store::Exchange> list;
    const qint64 start = 1'700'000'000'000'000;
    for (int i = 0; i < count; ++i) {
        Store::Exchange e = makeExchange(start + i * 1'000'000LL);
        switch (i % 4) {
        case 0:
            break; // the Sentry JSON webhook answered 200
        case 1: {
            const QByteArray body = "payload=%7B%22zen%22%3A%22Keep+it+simple%22%7D";
            e.request.target = "/hooks/github";
            e.request.headers = {{"Host", "127.0.0.1:8080"},
                                 {"Content-Type", "application/x-www-form-urlencoded"},
                                 {"X-GitHub-Event", "ping"}};
            e.requestBody = {body, body.size(), false};
            break;
        }
        case 2:
            e.request.method = "GET";
            e.request.target = "/missing?page=" + QByteArray::number(i);
            e.request.headers = {{"Host", "127.0.0.1:8080"}};
            e.requestBody = {};
            e.response->status = 404;
            e.response->reason = "Not Found";
            e.responseBody = {"no such page", 12, false};
            e.response->headers = {{"Content-Type", "text/plain"}, {"Content-Length", "12"}};
            break;
        case 3:
            e.request.target = "/webhooks/stripe";
            e.response.reset();
            e.responseBody = {};
            e.error = QStringLiteral("upstream http://127.0.0.1:3000 refused the connection");
            break;
        }
        list.append(e);
    }
    return list;
}

std::unique_ptr<Gui::MainWindow> CaptureFixture::openWindow(Gui::CaptureSetup setup,
                                                            WindowWait wait)
{
    auto window = std::make_unique<Gui::MainWindow>(openStore(), writer(), setup);
    window->show();
    const bool shown = wait == WindowWait::Active ? QTest::qWaitForWindowActive(window.get())
                                                  : QTest::qWaitForWindowExposed(window.get());
    if (!shown)
        return nullptr;
    window->listModel()->waitForLoaded();
    return window;
}

} // namespace Hookscope::Testing
