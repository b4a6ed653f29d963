#include "testupstream.h"
#include "webhooks/demostream.h"
#include "webhooks/sentryprovider.h"

#include <QSignalSpy>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Fault = DemoDelivery::Fault;

namespace {
constexpr qint64 Now = 1'714'564'800;
const QByteArray Secret = "demo-stream-secret";
} // namespace

class TestDemoStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void planShowsEveryEventAndEveryFault()
    {
        QSet<QString> validEvents;
        QSet<Fault> faults;
        for (const DemoDelivery &d : demoPlan()) {
            faults.insert(d.fault);
            if (d.fault == Fault::None)
                validEvents.insert(d.event);
        }
        for (const SampleEvent &e : sampleEvents(QStringLiteral("sentry")))
            QVERIFY2(validEvents.contains(e.event), qPrintable(e.event));
        for (Fault f : {Fault::None, Fault::WrongSecret, Fault::TamperedBody, Fault::StaleTimestamp,
                        Fault::ReserialisedBody, Fault::MissingSignature, Fault::MalformedSignature,
                        Fault::NotAWebhook})
            QVERIFY(faults.contains(f));
    }

    void eachFaultGetsItsVerdict_data()
    {
        QTest::addColumn<int>("index");
        const auto plan = demoPlan();
        for (int i = 0; i < plan.size(); ++i)
            QTest::newRow(qPrintable(plan[i].label())) << i;
    }
    void eachFaultGetsItsVerdict()
    {
        QFETCH(int, index);
        const DemoDelivery d = demoPlan().at(index);
        const auto request = demoRequest(d, Secret, Now);
        QVERIFY2(request, qPrintable(request.error()));
        const SentryProvider sentry;
        if (d.fault == Fault::NotAWebhook) {
            QCOMPARE(request->head.method, QByteArray("GET"));
            QVERIFY(!sentry.looksLike(request->head));
            return;
        }
        const Verdict v = sentry.verify(request->head, request->body, Secret, Now);
        switch (d.fault) {
        case Fault::None:
            QVERIFY2(v.valid(), qPrintable(v.summary()));
            break;
        case Fault::WrongSecret:
        case Fault::TamperedBody:
            QCOMPARE(v.reason, Reason::SignatureMismatch);
            break;
        case Fault::ReserialisedBody:
            QCOMPARE(v.reason, Reason::SignatureMismatch);
            QVERIFY2(v.hint.contains(QStringLiteral("re-serialised")), qPrintable(v.hint));
            break;
        case Fault::StaleTimestamp:
            QCOMPARE(v.reason, Reason::TimestampOutsideTolerance);
            break;
        case Fault::MissingSignature:
            QCOMPARE(v.reason, Reason::MissingSignature);
            break;
        case Fault::MalformedSignature:
            QCOMPARE(v.reason, Reason::MalformedHeader);
            break;
        case Fault::NotAWebhook:
            break;
        }
        if (d.fault == Fault::TamperedBody)
            QVERIFY(!request->body.contains("\"action\":\"resolved\""));
    }

    void streamsThePlanToAServer()
    {
        Testing::TestUpstream upstream;
        QVERIFY(upstream.listen());
        DemoStream stream(QUrl(upstream.url() + "/webhooks/sentry"), Secret);
        stream.setInterval(0);
        QSignalSpy delivered(&stream, &DemoStream::delivered);
        QSignalSpy finished(&stream, &DemoStream::finished);
        stream.start();
        QVERIFY(finished.wait(20'000));
        QCOMPARE(delivered.size(), stream.size());
        for (const auto &args : delivered)
            QVERIFY2(args.at(1).toInt() == 200, qPrintable(args.at(2).toString()));
        QCOMPARE(upstream.requests().size(), stream.size());
        int health = 0;
        for (const auto &r : upstream.requests())
            health += r.head.target == "/health" ? 1 : 0;
        QCOMPARE(health, 1);
        QCOMPARE(upstream.requests().first().head.target, QByteArray("/webhooks/sentry"));
    }
};

QTEST_GUILESS_MAIN(TestDemoStream)
#include "tst_demostream.moc"
