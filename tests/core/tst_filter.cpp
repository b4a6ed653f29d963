#include "http/contentencoding.h"
#include "makeexchange.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"
#include "store/filter.h"
#include "store/searchtext.h"
#include "store/sqlfunctions.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Hookscope;
using Store::Exchange;
using Store::ExchangeStore;
using Store::Filter;
using Store::FilterTerm;
using Field = FilterTerm::Field;

Q_DECLARE_METATYPE(FilterTerm::Field)

namespace {

QByteArray gzip(const QByteArray &input)
{
    return Http::encodeContent(input, "gzip").value();
}

void respond(Exchange &e, int status, const QByteArray &reason)
{
    e.response->status = status;
    e.response->reason = reason;
}

// Longer than the values the index keeps a facet word for.
const QByteArray longValue = "v1=" + QByteArray(70, 'a') + " tail";

// Turns the fixture into a GET of `target` without a request body.
void makeGet(Exchange &e, const QByteArray &target, const Http::Headers &headers)
{
    e.request.method = "GET";
    e.request.target = target;
    e.request.headers = headers;
    e.requestBody = {};
}

void setBody(Store::CapturedBody &body, const QByteArray &bytes)
{
    body = {bytes, bytes.size(), false};
}

// The fixture's exchanges; ids 1..8 in a fresh file, in this order.
QList<Exchange> fixture()
{
    QList<Exchange> list;
    // 1: a valid Sentry issue.resolved webhook
    Exchange e = Testing::makeExchange(1);
    e.verdict = Store::Verdict::Valid;
    e.verdictProvider = QStringLiteral("sentry");
    list.append(e);
    // 2: a blocked Sentry webhook with a bad signature
    e = Testing::makeExchange(2);
    e.request.headers.set("Sentry-Hook-Resource", "error");
    setBody(e.requestBody, R"({"action":"created","data":{"error":{"title":"KeyError"}}})");
    e.verdict = Store::Verdict::Invalid;
    e.blocked = true;
    respond(e, 403, "Forbidden");
    list.append(e);
    // 3: a plain GET without bodies
    e = Testing::makeExchange(3);
    makeGet(e, "/api/health", {{"Host", "localhost"}, {"Accept", "*/*"}});
    setBody(e.responseBody, "ok");
    e.response->headers = {{"Content-Type", "text/plain"}};
    list.append(e);
    // 4: a GitHub push answered 404, with a phrase in its body
    e = Testing::makeExchange(4);
    e.request.target = "/webhooks/github";
    e.request.headers = {
        {"Host", "localhost"}, {"Content-Type", "application/json"}, {"X-GitHub-Event", "push"}};
    setBody(e.requestBody,
            R"({"head_commit":{"message":"fix ZeroDivisionError: division by zero"}})");
    respond(e, 404, "Not Found");
    list.append(e);
    // 5: a GET whose gzip response mentions "shipped"
    e = Testing::makeExchange(5);
    makeGet(e, "/api/orders/17?expand=items", {{"Host", "localhost"}, {"Accept-Encoding", "gzip"}});
    e.response->headers = {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}};
    setBody(e.responseBody, gzip(R"({"order":17,"state":"shipped"})"));
    list.append(e);
    // 6: a replay of 1 that failed upstream
    e = Testing::makeExchange(6);
    e.replayOf = 1;
    e.verdict = Store::Verdict::Valid;
    respond(e, 500, "Internal Server Error");
    list.append(e);
    // 7: no response at all
    e = Testing::makeExchange(7);
    e.request.target = "/webhooks/stripe";
    e.request.headers = {{"Host", "localhost"},
                         {"Content-Type", "application/x-www-form-urlencoded"},
                         {"Stripe-Signature", "t=1,v1=abc"}};
    setBody(e.requestBody, "payload=%7B%22type%22%3A%22charge.refunded%22%7D&mode=test+mode");
    e.response.reset();
    e.responseBody = {};
    e.error = QStringLiteral("upstream refused the connection");
    list.append(e);
    // 8: a DELETE with an odd path
    e = Testing::makeExchange(8);
    e.request.method = "DELETE";
    e.request.target = "/Hooks/100%_sure?x=1";
    e.request.headers = {{"Host", "localhost"}, {"X-Foo", "Bar Baz"}, {"X-Long", longValue}};
    e.requestBody = {};
    respond(e, 204, "No Content");
    e.responseBody = {};
    e.response->headers = {};
    list.append(e);
    return list;
}

void writeFixture(const QString &path, int indexedCount)
{
    const QList<Exchange> all = fixture();
    {
        auto writer = Store::ExchangeWriter::open(path);
        QVERIFY(writer);
        for (int i = 0; i < indexedCount; ++i)
            (*writer)->submit(all[i]);
        (*writer)->flushAndIndex();
    }
    Store::WriterOptions noIndex;
    noIndex.indexChunk = 0;
    auto writer = Store::ExchangeWriter::open(path, noIndex);
    QVERIFY(writer);
    for (int i = indexedCount; i < all.size(); ++i)
        (*writer)->submit(all[i]);
    (*writer)->flush();
}

QList<qint64> ids(const QList<Store::ExchangeSummary> &summaries)
{
    QList<qint64> out;
    for (const auto &s : summaries)
        out.prepend(s.id);
    return out;
}

} // namespace

class TestFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("terms");
        QTest::addColumn<Field>("field");   // of the last term
        QTest::addColumn<bool>("negated");  // of the last term
        QTest::addColumn<QString>("value"); // of the last term
        QTest::addColumn<qsizetype>("position");

        QTest::newRow("empty") << "" << 0 << Field::Text << false << "" << qsizetype(0);
        QTest::newRow("blank") << "   " << 0 << Field::Text << false << "" << qsizetype(0);
        QTest::newRow("word") << "resolved" << 1 << Field::Text << false << "resolved"
                              << qsizetype(0);
        QTest::newRow("phrase") << R"(  "division by zero")" << 1 << Field::Text << false
                                << "division by zero" << qsizetype(2);
        QTest::newRow("escapes") << "\"say \\\"hi\\\" \\\\ ok\"" << 1 << Field::Text << false
                                 << "say \"hi\" \\ ok" << qsizetype(0);
        QTest::newRow("method") << "method:POST" << 1 << Field::Method << false << "POST"
                                << qsizetype(0);
        QTest::newRow("field name any case")
            << "METHOD:post" << 1 << Field::Method << false << "post" << qsizetype(0);
        QTest::newRow("negated status")
            << "x -status:4xx" << 2 << Field::Status << true << "4xx" << qsizetype(2);
        QTest::newRow("path") << "path:/hooks" << 1 << Field::Path << false << "/hooks"
                              << qsizetype(0);
        QTest::newRow("header quoted value") << R"(header:x-foo="a b")" << 1 << Field::Header
                                             << false << "x-foo=a b" << qsizetype(0);
        QTest::newRow("body") << R"(method:POST body:"resolved")" << 2 << Field::Body << false
                              << "resolved" << qsizetype(12);
        QTest::newRow("verdict") << "verdict:invalid" << 1 << Field::Verdict << false << "invalid"
                                 << qsizetype(0);
        QTest::newRow("replay") << "replay:yes" << 1 << Field::Replay << false << "yes"
                                << qsizetype(0);
        QTest::newRow("all together")
            << R"(method:POST status:4xx path:/hooks header:sentry-hook-resource=issue verdict:invalid body:"resolved" -replay:no)"
            << 7 << Field::Replay << true << "no" << qsizetype(101);
    }
    void parses()
    {
        QFETCH(QString, line);
        QFETCH(int, terms);
        const Filter f = Filter::parse(line);
        QVERIFY2(f.isValid(), f.error() ? qPrintable(f.error()->message) : "");
        QCOMPARE(f.terms().size(), terms);
        QCOMPARE(f.isEmpty(), terms == 0);
        if (!terms)
            return;
        const FilterTerm &last = f.terms().last();
        QTEST(last.field, "field");
        QTEST(last.negated, "negated");
        QTEST(last.value, "value");
        QTEST(last.position, "position");
    }

    void interpretsValues()
    {
        auto term = [](const QString &line) { return Filter::parse(line).terms().value(0); };
        QCOMPARE(term("method:get,Post").methods, (QList<QByteArray>{"GET", "POST"}));
        using Range = FilterTerm::StatusRange;
        QCOMPARE(term("status:404").statuses, (QList<Range>{{404, 404}}));
        QCOMPARE(term("status:4xx").statuses, (QList<Range>{{400, 499}}));
        QCOMPARE(term("status:40X").statuses, (QList<Range>{{400, 409}}));
        QCOMPARE(term("status:200-299,none").statuses, (QList<Range>{{200, 299}, {0, 0}}));
        const FilterTerm header = term("header:Sentry-Hook-Resource=issue");
        QCOMPARE(header.headerName, QByteArray("Sentry-Hook-Resource"));
        QCOMPARE(header.headerValue, std::optional<QByteArray>("issue"));
        QCOMPARE(term("header:x-foo").headerValue, std::nullopt);
        QCOMPARE(term("header:x-foo=").headerValue, std::optional<QByteArray>(""));
        QCOMPARE(term("verdict:valid,blocked").verdicts,
                 (QList<FilterTerm::VerdictValue>{FilterTerm::VerdictValue::Valid,
                                                  FilterTerm::VerdictValue::Blocked}));
        QCOMPARE(term("replay:no").replay, false);
    }

    void reportsErrors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<qsizetype>("position");
        QTest::addColumn<qsizetype>("length");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown field")
            << "ok foo:bar" << qsizetype(3) << qsizetype(4) << "unknown field 'foo:'";
        QTest::newRow("bad status") << "status:abc" << qsizetype(7) << qsizetype(3) << "4xx";
        QTest::newRow("wildcard in the middle")
            << "status:4x0" << qsizetype(7) << qsizetype(3) << "4xx";
        QTest::newRow("backwards range")
            << "status:499-400" << qsizetype(7) << qsizetype(7) << "400-499";
        QTest::newRow("no value") << "method:" << qsizetype(0) << qsizetype(7) << "needs a value";
        QTest::newRow("bad method")
            << "method:PO/ST" << qsizetype(7) << qsizetype(5) << "method name";
        QTest::newRow("unterminated quote")
            << "a \"open" << qsizetype(2) << qsizetype(5) << "closing quote";
        QTest::newRow("bad verdict")
            << "-verdict:maybe" << qsizetype(9) << qsizetype(5) << "valid, invalid";
        QTest::newRow("bad replay")
            << "replay:sometimes" << qsizetype(7) << qsizetype(9) << "yes or no";
        QTest::newRow("bad header name")
            << "header:=x" << qsizetype(7) << qsizetype(2) << "header name";
        QTest::newRow("nothing to search")
            << "{}" << qsizetype(0) << qsizetype(2) << "no letters or digits";
        QTest::newRow("empty body phrase")
            << R"(body:"")" << qsizetype(0) << qsizetype(7) << "needs a value";
    }
    void reportsErrors()
    {
        QFETCH(QString, line);
        const Filter f = Filter::parse(line);
        QVERIFY(!f.isValid());
        QVERIFY(f.terms().isEmpty());
        QTEST(f.error()->position, "position");
        QTEST(f.error()->length, "length");
        QFETCH(QString, says);
        QVERIFY2(f.error()->message.contains(says), qPrintable(f.error()->message));
    }

    void statusFacetsCoverExactlyTheRange()
    {
        using Store::SearchText::statusFacets;
        QCOMPARE(statusFacets(400, 499), (QList<QByteArray>{"hss4xx"}));
        QCOMPARE(statusFacets(404, 404), (QList<QByteArray>{"hss404"}));
        QCOMPARE(statusFacets(0, 0), (QList<QByteArray>{"hssnone"}));
        QCOMPARE(statusFacets(398, 421),
                 (QList<QByteArray>{"hss398", "hss399", "hss40x", "hss41x", "hss420", "hss421"}));
    }

    void matchingRules()
    {
        auto header = [](const char *value, const char *pattern) {
            return Store::headerValueMatches(value, int(qstrlen(value)), pattern,
                                             int(qstrlen(pattern)));
        };
        QVERIFY(header("Issue", "issue"));
        QVERIFY(!header("issue_alert", "issue"));
        QVERIFY(header("issue_alert", "issue*"));
        QVERIFY(header("t=1,v1=abc", "*v1=*"));
        QVERIFY(header("", ""));
        QVERIFY(!header("x", ""));
        QVERIFY(Store::textMatches("fix ZeroDivisionError: division by zero", "Division BY ze*"));
        QVERIFY(!Store::textMatches("fix ZeroDivisionError: division by zero", "Division BY ze"));
        QVERIFY(Store::textMatches("division by zero", "division by zero"));
        QVERIFY(!Store::textMatches("division by zero", "zero division"));
        QVERIFY(!Store::textMatches("resolved", "solved"));
        QVERIFY(Store::textMatches("a-b_c", "b c"));
        // Only the last word may be a prefix, and a match may start after a near miss.
        QVERIFY(!Store::textMatches("divisions by zero", "division by*"));
        QVERIFY(Store::textMatches("division byte division by zero", "division by"));
        QVERIFY(!Store::textMatches("division", "division by"));
        QVERIFY(Store::textMatches("caf\xc3\xa9 ol\xc3\xa9", "CAF\xc3\xa9"));
        QVERIFY(!Store::textMatches("anything", " - "));
    }

    // The same answers whether the full-text index covers every exchange, some or none.
    void queries_data()
    {
        QTest::addColumn<int>("indexed");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QList<qint64>>("expected");
        const struct
        {
            QByteArray line;
            QList<qint64> expected;
        } cases[] = {
            {"", {1, 2, 3, 4, 5, 6, 7, 8}},
            {"method:POST", {1, 2, 4, 6, 7}},
            {"method:get,delete", {3, 5, 8}},
            {"-method:POST", {3, 5, 8}},
            {"status:4xx", {2, 4}},
            {"status:404", {4}},
            {"status:none", {7}},
            {"status:2xx,none", {1, 3, 5, 7, 8}},
            {"-status:4xx", {1, 3, 5, 6, 7, 8}},
            {"path:/webhooks", {1, 2, 4, 6, 7}},
            {"path:/webhooks/sentry", {1, 2, 6}},
            {"path:sentry", {1, 2, 6}},
            {"path:hooks", {1, 2, 4, 6, 7, 8}},
            {"path:100%_", {8}},
            {"path:/api/*/17", {5}},
            {"path:/api/*s", {}},
            {"header:sentry-hook-resource=issue", {1, 6}},
            {"header:SENTRY-HOOK-RESOURCE=ISSUE", {1, 6}},
            {"header:sentry-hook-resource", {1, 2, 6}},
            {"-header:sentry-hook-resource", {3, 4, 5, 7, 8}},
            {"header:x-github-event=push", {4}},
            {"header:stripe-signature=*v1=abc", {7}},
            {"header:x-foo=bar", {}},
            {R"(header:x-foo="bar baz")", {8}},
            {"header:content-type=text/plain", {3}},
            {"verdict:valid", {1, 6}},
            {"verdict:invalid", {2}},
            {"verdict:blocked", {2}},
            {"verdict:none", {3, 4, 5, 7, 8}},
            {"replay:yes", {6}},
            {"replay:no", {1, 2, 3, 4, 5, 7, 8}},
            {"resolved", {1, 6}},
            {"RESOL", {}},
            {"RESOL*", {1, 6}},
            {"-resol*", {2, 3, 4, 5, 7, 8}},
            {"\"division by ze\"*", {1, 4, 6}},
            {"-status:2xx,none", {2, 4, 6}},
            {"-status:none", {1, 2, 3, 4, 5, 6, 8}},
            {"-status:404,500", {1, 2, 3, 5, 7, 8}},
            {"body:resolved", {1, 6}},
            {"body:sentry", {}},
            {"sentry", {1, 2, 6}},
            {"shipped", {5}},
            {"charge.refunded", {7}},
            {"test mode", {7}},
            {R"("division by zero")", {1, 4, 6}},
            {"zero division", {1, 4, 6}},
            {"commit zero", {4}},
            {R"("zero division")", {}},
            {"thank", {1, 2, 4, 6}},
            {"issue", {1, 6}},
            {"-resolved method:POST", {2, 4, 7}},
            {"-resolved -thank", {3, 5, 7, 8}},
            {"health", {3}},
            {"404", {4}},
            {"method:POST status:2xx verdict:valid resolved", {1}},
            {"upstream", {}},
            {"method:POST status:4xx", {2, 4}},
            {"method:POST -status:4xx -status:none", {1, 6}},
            {"-verdict:valid -verdict:none", {2}},
            {"status:400-450", {2, 4}},
            {"status:201-499", {2, 4, 8}},
            {"path:/webhooks -status:4xx", {1, 6, 7}},
            {"path:/webhooks/s", {}},
            {"path:/webhooks/s*", {1, 2, 6, 7}},
            {"path:/webhooks/", {1, 2, 4, 6, 7}},
            {"path:/", {1, 2, 3, 4, 5, 6, 7, 8}},
            {"-path:/webhooks", {3, 5, 8}},
            {"path:/api/orders/17", {5}},
            {"path:/api/orders/1", {}},
            {"-header:x-foo", {1, 2, 3, 4, 5, 6, 7}},
            {"header:x-foo -header:x-foo=*baz", {}},
            {"path:/hooks", {}},
            {"path:/Hooks/100%_sure", {8}},
            {"path:/Hooks/100%_", {}},
            {"header:x-foo=bar* thank", {}},
            {"header:x-long=\"v1=" + QByteArray(70, 'A') + " tall\"", {}},
            {"header:x-long=\"v1=" + QByteArray(70, 'A') + " tail\"", {8}},
            {"header:x-long=v1=*", {8}},
            {"header:x-foo=bar* -method:POST", {8}},
            {"replay:no verdict:valid", {1}},
            {"-replay:no", {6}},
            {"status:4xx0", {}},
        };
        for (int indexed : {8, 4, 0}) {
            for (const auto &c : cases) {
                QTest::addRow("%d indexed: %s", indexed, c.line.constData())
                    << indexed << QString::fromUtf8(c.line) << c.expected;
            }
        }
    }
    void queries()
    {
        QFETCH(int, indexed);
        QFETCH(QString, line);
        QFETCH(QList<qint64>, expected);
        const QString path = m_dir.filePath(QStringLiteral("fixture-%1.sqlite").arg(indexed));
        if (!QFile::exists(path))
            writeFixture(path, indexed);
        auto store = ExchangeStore::open(path);
        QVERIFY2(store, qPrintable(store.error()));
        QCOMPARE((*store)->indexedUpTo(), qint64(indexed));

        const Filter filter = Filter::parse(line);
        QCOMPARE(ids((*store)->page(filter, 0, 100)), expected);
        QVERIFY2((*store)->lastError().isEmpty(), qPrintable((*store)->lastError()));
        QCOMPARE((*store)->count(filter), qint64(expected.size()));
        QCOMPARE((*store)->matchingIds(filter, 100), expected);
        QCOMPARE((*store)->ids(filter), QList<qint64>(expected.rbegin(), expected.rend()));

        // Paging by key, two at a time, crosses from unindexed to indexed exchanges.
        QList<qint64> paged;
        for (qint64 before = 0;;) {
            const auto page = (*store)->page(filter, before, 2);
            if (page.isEmpty())
                break;
            for (const auto &s : page)
                paged.prepend(s.id);
            before = page.last().id;
        }
        QCOMPARE(paged, expected);

        QList<qint64> newer;
        for (const auto &s : (*store)->newerThan(filter, 2, 100))
            newer.append(s.id);
        QList<qint64> expectedNewer;
        for (qint64 id : expected) {
            if (id > 2)
                expectedNewer.append(id);
        }
        QCOMPARE(newer, expectedNewer);
        if (expected.size() > 2)
            QCOMPARE((*store)->count(filter, 2), qint64(2));
    }

    void searchFollowsRemoveAndClear()
    {
        const QString path = m_dir.filePath(QStringLiteral("removal.sqlite"));
        auto writer = Store::ExchangeWriter::open(path);
        QVERIFY(writer);
        for (const Exchange &e : fixture())
            (*writer)->submit(e);
        (*writer)->flushAndIndex();
        auto store = ExchangeStore::open(path);
        QVERIFY(store);
        const Filter resolved = Filter::parse(QStringLiteral("resolved"));
        QCOMPARE((*store)->count(resolved), qint64(2));
        (*writer)->remove({1});
        (*writer)->flush();
        QCOMPARE(ids((*store)->page(resolved, 0, 10)), (QList<qint64>{6}));
        // A removed exchange leaves nothing in the index: its words count no more.
        QCOMPARE((*store)->count(Filter::parse(QStringLiteral("thank"))), qint64(3));
        (*writer)->clear();
        (*writer)->submit(fixture().first());
        (*writer)->flushAndIndex();
        QCOMPARE(ids((*store)->page(resolved, 0, 10)), (QList<qint64>{9}));
    }

    void searchFollowsRetention()
    {
        const QString path = m_dir.filePath(QStringLiteral("retention.sqlite"));
        Store::WriterOptions options;
        options.retainCount = 3;
        auto writer = Store::ExchangeWriter::open(path, options);
        QVERIFY(writer);
        for (const Exchange &e : fixture())
            (*writer)->submit(e);
        (*writer)->flushAndIndex();
        auto store = ExchangeStore::open(path);
        QVERIFY(store);
        QCOMPARE(ids((*store)->page(Filter::parse(QStringLiteral("resolved")), 0, 10)),
                 (QList<qint64>{6}));
        QCOMPARE((*store)->count(Filter::parse(QStringLiteral("localhost"))), qint64(2));
    }

    void invalidFilterMatchesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("fixture-8.sqlite"));
        if (!QFile::exists(path))
            writeFixture(path, 8);
        auto store = ExchangeStore::open(path);
        QVERIFY(store);
        const Filter bad = Filter::parse(QStringLiteral("status:nope"));
        QVERIFY((*store)->page(bad, 0, 10).isEmpty());
        QCOMPARE((*store)->count(bad), qint64(0));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
