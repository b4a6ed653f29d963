#include "webhooks/registry.h"
#include "webhooks/samples.h"
#include "webhooks/sampletemplate.h"

#include <QDateTime>
#include <QDirIterator>
#include <QRegularExpression>
#include <QTest>
#include <nlohmann/json.hpp>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Json = nlohmann::ordered_json;

namespace {
constexpr qint64 Now = 1'714'564'800; // 2024-05-01T12:00:00Z

// moc misreads raw string literals inside a class body, so they live here.
const QString LeftoverPlaceholder = QStringLiteral(R"(\{\{#?[a-z])");
const QByteArray UnknownPlaceholder = R"({"a":"{{bogus:x}}"})";
const QByteArray NumberInsideText = R"({"a":"x {{#id:a}}"})";
const QByteArray OffsetNotANumber = R"({"a":"{{time:soon}}"})";
const QByteArray GoodTemplate =
    R"({"n":"{{#unix:-10}}","s":"id {{id:a}} again {{id:a}}","t":"{{time.s:0}}"})";

QByteArray secretFor(const QString &provider)
{
    return provider == u"standard-webhooks" || provider == u"stripe"
               ? QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
               : QByteArray("9b1e0c3d5f7a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c");
}

Json parse(const QByteArray &body)
{
    return Json::parse(body.begin(), body.end(), nullptr, false);
}

qint64 isoSeconds(const Json &value)
{
    return QDateTime::fromString(QString::fromStdString(value.get<std::string>()),
                                 Qt::ISODateWithMs)
        .toSecsSinceEpoch();
}
} // namespace

class TestSamples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everySentryResourceAndAction()
    {
        QStringList events;
        for (const SampleEvent &e : sampleEvents(QStringLiteral("sentry")))
            events.append(e.event);
        QCOMPARE(
            events,
            (QStringList{"installation.created", "installation.deleted", "issue.created",
                         "issue.resolved", "issue.assigned", "issue.ignored", "issue.unresolved",
                         "error.created", "comment.created", "comment.updated", "comment.deleted",
                         "event_alert.triggered", "metric_alert.open", "metric_alert.critical",
                         "metric_alert.warning", "metric_alert.resolved"}));
        for (const QString &provider : providerNames())
            QVERIFY2(!sampleEvents(provider).isEmpty(), qPrintable(provider));
    }

    void everySampleBuildsSignedAndVerifies_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("event");
        for (const SampleEvent &e : sampleEvents())
            QTest::newRow(qPrintable(e.provider + u' ' + e.event)) << e.provider << e.event;
    }
    void everySampleBuildsSignedAndVerifies()
    {
        QFETCH(QString, provider);
        QFETCH(QString, event);
        const auto sample = buildSample(provider, event, secretFor(provider), Now, "/hooks/in");
        QVERIFY2(sample, qPrintable(sample.error()));
        QCOMPARE(sample->head.method, QByteArray("POST"));
        QCOMPARE(sample->head.target, QByteArray("/hooks/in"));
        const Provider *p = findProvider(provider);
        QCOMPARE(detectProvider(sample->head), p);
        const Verdict v = p->verify(sample->head, sample->body, secretFor(provider), Now);
        QVERIFY2(v.valid(), qPrintable(v.summary()));

        const Json json = parse(sample->body);
        QVERIFY(json.is_object());
        // Serialised as the provider does it, and no placeholder left behind (Sentry's own
        // fingerprint "{{ default }}" is real payload text).
        const std::string expected =
            p->bodyStyle() == BodyStyle::Pretty ? json.dump(2) : json.dump();
        QCOMPARE(sample->body, QByteArray::fromStdString(expected));
        QVERIFY2(!QString::fromUtf8(sample->body).contains(QRegularExpression(LeftoverPlaceholder)),
                 sample->body.constData());
    }

    void sentryDeliveriesLookLikeSentrys_data() { everySampleBuildsSignedAndVerifies_data(); }
    void sentryDeliveriesLookLikeSentrys()
    {
        QFETCH(QString, provider);
        QFETCH(QString, event);
        if (provider != u"sentry")
            return;
        const auto sample = buildSample(provider, event, secretFor(provider), Now);
        const Http::Headers &h = sample->head.headers;
        QCOMPARE(h.value("Content-Type"), QByteArray("application/json"));
        QVERIFY(
            QRegularExpression(
                QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$"))
                .match(QString::fromLatin1(h.value("Request-ID")))
                .hasMatch());
        QCOMPARE(h.value("Sentry-Hook-Resource"), event.section(u'.', 0, 0).toLatin1());
        QCOMPARE(h.value("Sentry-Hook-Timestamp"), QByteArray::number(Now));
        QCOMPARE(h.value("Sentry-Hook-Signature").size(), 64);

        const Json json = parse(sample->body);
        QCOMPARE(QString::fromStdString(json["action"].get<std::string>()), event.section(u'.', 1));
        QCOMPARE(json["installation"]["uuid"].get<std::string>().size(), size_t(36));
        QVERIFY(json["data"].is_object() && !json["data"].empty());
        const Json &actor = json["actor"];
        QVERIFY(actor["type"] == "user" || actor["type"] == "application");
        QVERIFY(actor.contains("id") && actor["name"].is_string());
        // Sentry's key order: action, installation, data, actor.
        QCOMPARE(QByteArray::fromStdString(json.begin().key()), QByteArray("action"));
    }

    void idsAndTimesAreFreshButConsistent()
    {
        const auto a = buildSample(QStringLiteral("sentry"), QStringLiteral("issue.created"),
                                   secretFor(QStringLiteral("sentry")), Now);
        const auto b = buildSample(QStringLiteral("sentry"), QStringLiteral("issue.created"),
                                   secretFor(QStringLiteral("sentry")), Now);
        QVERIFY(a->head.headers.value("Request-ID") != b->head.headers.value("Request-ID"));
        const Json ja = parse(a->body);
        const Json jb = parse(b->body);
        QVERIFY(ja["installation"]["uuid"] != jb["installation"]["uuid"]);
        QVERIFY(ja["data"]["issue"]["id"] != jb["data"]["issue"]["id"]);

        const Json &issue = ja["data"]["issue"];
        const std::string id = issue["id"].get<std::string>();
        QCOMPARE(id.size(), size_t(10));
        QVERIFY(issue["web_url"].get<std::string>().find(id) != std::string::npos);
        QCOMPARE(isoSeconds(issue["lastSeen"]), Now - 30);
        QCOMPARE(isoSeconds(issue["firstSeen"]), Now - 86400);

        const auto later = buildSample(QStringLiteral("sentry"), QStringLiteral("issue.created"),
                                       secretFor(QStringLiteral("sentry")), Now + 3600);
        QCOMPARE(isoSeconds(parse(later->body)["data"]["issue"]["lastSeen"]), Now + 3600 - 30);
    }

    void numbersStayNumbers()
    {
        const Json error = parse(
            sampleBody(QStringLiteral("sentry"), QStringLiteral("error.created"), Now).value());
        QVERIFY(error["data"]["error"]["project"].is_number_integer());
        QVERIFY(error["data"]["error"]["received"].is_number_float());
        QCOMPARE(qint64(error["data"]["error"]["timestamp"].get<double>()), Now - 2);
        QVERIFY(error["data"]["error"]["fingerprint"][0] == "{{ default }}");
        const Json stripe = parse(
            sampleBody(QStringLiteral("stripe"), QStringLiteral("payment_intent.succeeded"), Now)
                .value());
        QCOMPARE(stripe["created"].get<qint64>(), Now);
        QVERIFY(stripe["type"] == "payment_intent.succeeded");
        const Json push =
            parse(sampleBody(QStringLiteral("github"), QStringLiteral("push"), Now).value());
        const std::string after = push["after"].get<std::string>();
        QVERIFY(push["compare"].get<std::string>().ends_with("..." + after.substr(0, 7)));
    }

    void providerHeadersOfOtherSamples()
    {
        const auto push = buildSample(QStringLiteral("github"), QStringLiteral("push"), "s", Now);
        QCOMPARE(push->head.headers.value("X-GitHub-Event"), QByteArray("push"));
        QVERIFY(push->head.headers.value("User-Agent").startsWith("GitHub-Hookshot/"));
        const auto order =
            buildSample(QStringLiteral("shopify"), QStringLiteral("orders/create"), "s", Now);
        QCOMPARE(order->head.headers.value("X-Shopify-Topic"), QByteArray("orders/create"));
        QCOMPARE(order->head.headers.value("X-Shopify-Triggered-At"),
                 QByteArray("2024-05-01T12:00:00.000Z"));
        const auto stripe =
            buildSample(QStringLiteral("stripe"), QStringLiteral("payment_intent.succeeded"),
                        secretFor(QStringLiteral("stripe")), Now);
        QVERIFY(stripe->body.startsWith("{\n  \"id\": \"evt_"));
    }

    void everyResourceIsInTheCatalog()
    {
        QStringList catalogued;
        for (const SampleEvent &e : sampleEvents())
            catalogued.append(e.provider + u'/' + QString(e.event).replace(u'/', u'.') + u".json");
        QStringList found;
        QDirIterator it(QStringLiteral(":/webhooks"), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            found.append(it.next().mid(QStringLiteral(":/webhooks/").size()));
        catalogued.sort();
        found.sort();
        QCOMPARE(found, catalogued);
    }

    void unknownNamesListTheKnownOnes()
    {
        const auto provider =
            buildSample(QStringLiteral("gitlab"), QStringLiteral("push"), "s", Now);
        QVERIFY(!provider);
        QVERIFY2(provider.error().contains(QStringLiteral("unknown provider 'gitlab'")) &&
                     provider.error().contains(QStringLiteral("sentry, github")),
                 qPrintable(provider.error()));
        const auto event =
            buildSample(QStringLiteral("sentry"), QStringLiteral("issue.exploded"), "s", Now);
        QVERIFY(!event);
        QVERIFY2(event.error().contains(QStringLiteral("'issue.exploded'")) &&
                     event.error().contains(QStringLiteral("issue.resolved, issue.assigned")),
                 qPrintable(event.error()));
        const auto secret =
            buildSample(QStringLiteral("sentry"), QStringLiteral("issue.created"), {}, Now);
        QVERIFY(!secret);
    }

    void templateErrorsNameThePlaceholder()
    {
        auto unknown = expandSampleTemplate(UnknownPlaceholder, Now, BodyStyle::Compact);
        QVERIFY(!unknown);
        QVERIFY2(unknown.error().contains(QStringLiteral("{{bogus:x}}")),
                 qPrintable(unknown.error()));
        QVERIFY(!expandSampleTemplate(NumberInsideText, Now, BodyStyle::Compact));
        QVERIFY(!expandSampleTemplate(OffsetNotANumber, Now, BodyStyle::Compact));
        QVERIFY(!expandSampleTemplate("{not json", Now, BodyStyle::Compact));
        const auto ok = expandSampleTemplate(GoodTemplate, Now, BodyStyle::Compact);
        QVERIFY2(ok, qPrintable(ok.error()));
        const Json json = parse(*ok);
        QCOMPARE(json["n"].get<qint64>(), Now - 10);
        const QString s = QString::fromStdString(json["s"].get<std::string>());
        QCOMPARE(s.section(u' ', 1, 1), s.section(u' ', 3, 3));
        QVERIFY(json["t"] == "2024-05-01T12:00:00Z");
    }
};

QTEST_GUILESS_MAIN(TestSamples)
#include "tst_samples.moc"
