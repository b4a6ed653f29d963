#include "syntheticexchanges.h"

#include "http/contentencoding.h"

#include <QHash>
#include <iterator>

namespace Hookscope::Bench {

namespace {

const char *const errorTitles[] = {
    "ZeroDivisionError: division by zero",
    "TypeError: Cannot read properties of undefined (reading 'map')",
    "KeyError: 'customer_id'",
    "ConnectionResetError: [Errno 104] Connection reset by peer",
    "IntegrityError: duplicate key value violates unique constraint \"orders_pkey\"",
    "TimeoutError: upstream request timed out after 30s",
    "ValueError: invalid literal for int() with base 10: 'abc'",
    "NullPointerException in CheckoutService.applyCoupon",
    "RangeError: Maximum call stack size exceeded",
    "OperationalError: database is locked",
};
const char *const vocabulary[] = {
    "checkout", "invoice", "payment", "customer", "refund",  "shipping", "coupon",   "session",
    "billing",  "account", "webhook", "retry",    "timeout", "gateway",  "database", "cache",
    "queue",    "worker",  "deploy",  "release",  "branch",  "merge",    "review",   "tenant",
};
const char *const sentryResources[] = {"issue",       "error",        "comment",
                                       "event_alert", "metric_alert", "installation"};
const char *const sentryActions[] = {"created", "resolved", "assigned",
                                     "ignored", "archived", "unresolved"};
const char *const githubEvents[] = {"push",         "pull_request",  "issues",
                                    "workflow_run", "issue_comment", "release"};
const char *const stripeEvents[] = {
    "payment_intent.succeeded",   "charge.refunded",       "invoice.paid", "customer.created",
    "checkout.session.completed", "invoice.payment_failed"};
const char *const apiPaths[] = {"/api/health",    "/api/users/", "/api/orders/",
                                "/static/app.js", "/api/search", "/favicon.ico"};

template<typename T, size_t N>
const char *oneOf(const T (&list)[N], int index)
{
    return list[size_t(index) % N];
}

QByteArray gzip(const QByteArray &input)
{
    return Http::encodeContent(input, "gzip").value();
}

} // namespace

SyntheticExchanges::SyntheticExchanges(quint32 seed, qint64 firstStartUs)
    : m_random(seed)
    , m_clockUs(firstStartUs)
{}

QByteArray SyntheticExchanges::hex(int bytes)
{
    static const char digits[] = "0123456789abcdef";
    QByteArray out(bytes * 2, Qt::Uninitialized);
    for (int i = 0; i < out.size(); ++i)
        out[i] = digits[m_random() & 15];
    return out;
}

QByteArray SyntheticExchanges::uuid()
{
    const QByteArray h = hex(16);
    return h.mid(0, 8) + '-' + h.mid(8, 4) + '-' + h.mid(12, 4) + '-' + h.mid(16, 4) + '-' +
           h.mid(20, 12);
}

QByteArray SyntheticExchanges::words(int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i) {
        if (i)
            out += ' ';
        out += oneOf(vocabulary, pick(1000));
    }
    return out;
}

void SyntheticExchanges::respond(Store::Exchange &e, int status, const QByteArray &body,
                                 const QByteArray &contentType)
{
    Http::ResponseHead head;
    head.status = status;
    static const QHash<int, QByteArray> reasons = {
        {200, "OK"},           {201, "Created"},
        {204, "No Content"},   {400, "Bad Request"},
        {401, "Unauthorized"}, {403, "Forbidden"},
        {404, "Not Found"},    {500, "Internal Server Error"},
        {502, "Bad Gateway"},  {504, "Gateway Timeout"}};
    head.reason = reasons.value(status, "OK");
    head.headers = {{"Content-Type", contentType},
                    {"Content-Length", QByteArray::number(body.size())},
                    {"Date", "Tue, 14 Nov 2023 22:13:20 GMT"},
                    {"X-Request-Id", uuid()}};
    e.response = head;
    e.responseBody = {body, body.size(), false};
}

Store::Exchange SyntheticExchanges::sentry()
{
    Store::Exchange e;
    const QByteArray resource = oneOf(sentryResources, pick(100));
    const QByteArray action = oneOf(sentryActions, pick(100));
    const QByteArray issueId = QByteArray::number(1'100'000'000 + pick(90'000'000));
    const QByteArray title = oneOf(errorTitles, pick(100));
    const QByteArray body =
        R"({"action":")" + action + R"(","installation":{"uuid":")" + uuid() +
        R"("},"data":{"issue":{"id":")" + issueId + R"(","shareId":null,"shortId":"BACKEND-)" +
        QByteArray::number(pick(5000)) + R"(","title":")" + title + R"(","culprit":")" + words(3) +
        R"(","permalink":null,"logger":null,"level":"error","status":")" +
        (action == "resolved" ? "resolved" : "unresolved") +
        R"(","statusDetails":{},"isPublic":false,"platform":"python","project":{"id":"2","name":"backend","slug":"backend","platform":"python"},"type":"error","metadata":{"value":")" +
        words(12) + R"(","type":"Error","filename":"app/)" + oneOf(vocabulary, pick(100)) +
        R"(.py","function":"handle_)" + oneOf(vocabulary, pick(100)) +
        R"("},"numComments":0,"assignedTo":null,"isBookmarked":false,"isSubscribed":false,"hasSeen":false,"annotations":[],"count":")" +
        QByteArray::number(1 + pick(900)) + R"(","userCount":)" + QByteArray::number(pick(90)) +
        R"(,"firstSeen":"2023-11-14T21:59:12.123456Z","lastSeen":"2023-11-14T22:13:20.654321Z","url":"https://sentry.io/api/0/organizations/acme/issues/)" +
        issueId + R"(/","web_url":"https://sentry.io/organizations/acme/issues/)" + issueId +
        R"(/","project_url":"https://sentry.io/organizations/acme/issues/?project=2"}},"actor":{"type":"user","id":)" +
        QByteArray::number(pick(50)) + R"(,"name":"Jane Doe"}})";
    e.request.method = "POST";
    e.request.target = "/webhooks/sentry";
    e.request.headers = {{"Host", "127.0.0.1:8080"},
                         {"User-Agent", "sentry-app/1.0"},
                         {"Content-Type", "application/json"},
                         {"Content-Length", QByteArray::number(body.size())},
                         {"Request-ID", uuid()},
                         {"Sentry-Hook-Resource", resource},
                         {"Sentry-Hook-Timestamp", QByteArray::number(m_clockUs / 1'000'000)},
                         {"Sentry-Hook-Signature", hex(32)},
                         {"X-Forwarded-For", "35.184.238.160"},
                         {"X-Forwarded-Proto", "https"}};
    e.requestBody = {body, body.size(), false};
    e.verdictProvider = QStringLiteral("sentry");
    return e;
}

Store::Exchange SyntheticExchanges::github()
{
    Store::Exchange e;
    const QByteArray event = oneOf(githubEvents, pick(100));
    const QByteArray repo = QByteArray("acme/") + oneOf(vocabulary, pick(100));
    const QByteArray body =
        R"({"action":")" + QByteArray(pick(2) ? "opened" : "closed") + R"(","number":)" +
        QByteArray::number(pick(4000)) + R"(,"ref":"refs/heads/)" + oneOf(vocabulary, pick(100)) +
        R"(","before":")" + hex(20) + R"(","after":")" + hex(20) + R"(","repository":{"id":)" +
        QByteArray::number(100000 + pick(900000)) + R"(,"name":")" + repo.mid(5) +
        R"(","full_name":")" + repo + R"(","private":true,"html_url":"https://github.com/)" + repo +
        R"(","description":")" + words(8) + R"(","default_branch":"main"},"head_commit":{"id":")" +
        hex(20) + R"(","message":")" + words(10) +
        R"(","timestamp":"2023-11-14T22:13:20+01:00","author":{"name":"Jane Doe","email":"jane@example.com","username":"jdoe"}},"sender":{"login":"jdoe","id":)" +
        QByteArray::number(pick(100000)) +
        R"(,"type":"User","site_admin":false,"html_url":"https://github.com/jdoe"}})";
    e.request.method = "POST";
    e.request.target = "/webhooks/github";
    e.request.headers = {{"Host", "127.0.0.1:8080"},
                         {"User-Agent", "GitHub-Hookshot/" + hex(4).left(7)},
                         {"Content-Type", "application/json"},
                         {"Content-Length", QByteArray::number(body.size())},
                         {"X-GitHub-Event", event},
                         {"X-GitHub-Delivery", uuid()},
                         {"X-GitHub-Hook-ID", QByteArray::number(400000000 + pick(1000))},
                         {"X-Hub-Signature-256", "sha256=" + hex(32)},
                         {"X-Forwarded-For", "140.82.115.10"}};
    e.requestBody = {body, body.size(), false};
    e.verdictProvider = QStringLiteral("github");
    return e;
}

Store::Exchange SyntheticExchanges::stripe()
{
    Store::Exchange e;
    const QByteArray type = oneOf(stripeEvents, pick(100));
    const QByteArray body =
        R"({"id":"evt_)" + hex(12) + R"(","object":"event","api_version":"2023-10-16","created":)" +
        QByteArray::number(m_clockUs / 1'000'000) + R"(,"type":")" + type +
        R"(","livemode":false,"pending_webhooks":1,"request":{"id":"req_)" + hex(7) +
        R"(","idempotency_key":")" + uuid() + R"("},"data":{"object":{"id":"pi_)" + hex(12) +
        R"(","object":"payment_intent","amount":)" + QByteArray::number(100 + pick(100000)) +
        R"(,"currency":"eur","customer":"cus_)" + hex(7) + R"(","description":")" + words(6) +
        R"(","status":"succeeded","payment_method_types":["card"],"metadata":{"order_id":")" +
        QByteArray::number(pick(1000000)) + R"("}}}})";
    e.request.method = "POST";
    e.request.target = "/webhooks/stripe";
    e.request.headers = {
        {"Host", "127.0.0.1:8080"},
        {"User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"},
        {"Content-Type", "application/json; charset=utf-8"},
        {"Content-Length", QByteArray::number(body.size())},
        {"Stripe-Signature", "t=" + QByteArray::number(m_clockUs / 1'000'000) + ",v1=" + hex(32)}};
    e.requestBody = {body, body.size(), false};
    e.verdictProvider = QStringLiteral("stripe");
    return e;
}

Store::Exchange SyntheticExchanges::apiGet()
{
    Store::Exchange e;
    QByteArray path = oneOf(apiPaths, pick(100));
    if (path.endsWith('/'))
        path += QByteArray::number(pick(10000));
    if (path == "/api/search")
        path += "?q=" + QByteArray(oneOf(vocabulary, pick(100)));
    e.request.method = pick(10) == 0 ? "DELETE" : "GET";
    e.request.target = path;
    e.request.headers = {{"Host", "127.0.0.1:8080"},
                         {"User-Agent", "curl/7.88.1"},
                         {"Accept", "*/*"},
                         {"Accept-Encoding", "gzip, deflate, br"}};
    return e;
}

Store::Exchange SyntheticExchanges::next()
{
    ++m_count;
    m_clockUs += 20'000 + pick(80'000);
    const int kind = pick(100);
    Store::Exchange e = kind < 40   ? sentry()
                        : kind < 60 ? github()
                        : kind < 80 ? stripe()
                                    : apiGet();
    e.startedUs = m_clockUs;
    e.durationUs = 300 + pick(pick(50) == 0 ? 5'000'000 : 40'000);
    e.clientAddress = "127.0.0.1:" + QString::number(40000 + pick(20000));
    e.upstream = QStringLiteral("http://127.0.0.1:3000");

    const bool webhook = !e.verdictProvider.isEmpty();
    if (webhook) {
        const int v = pick(100);
        e.verdict = v < 80   ? Store::Verdict::Valid
                    : v < 95 ? Store::Verdict::Invalid
                             : Store::Verdict::None;
        if (e.verdict == Store::Verdict::Invalid) {
            e.verdictReason = pick(2) ? QStringLiteral("signature mismatch")
                                      : QStringLiteral("stale timestamp (412 s old)");
            e.blocked = pick(2) == 0;
        } else if (e.verdict == Store::Verdict::None) {
            e.verdictProvider.clear();
        }
    }
    if (m_count > 10 && pick(50) == 0)
        e.replayOf = m_count - 1 - pick(int(std::min<qint64>(m_count - 1, 1000)));

    const int s = pick(1000);
    if (e.blocked) {
        respond(e, 403, R"({"error":"webhook signature rejected by Hookscope"})");
    } else if (s < 10) {
        e.error = QStringLiteral("upstream http://127.0.0.1:3000 refused the connection");
        respond(e, 502, "Hookscope: upstream http://127.0.0.1:3000 refused the connection\n",
                "text/plain; charset=utf-8");
    } else if (s < 15) {
        e.error = QStringLiteral("client closed the connection before the response");
        e.response.reset();
    } else if (s < 60) {
        respond(e, 500, R"({"error":"internal error","detail":")" + words(6) + R"("})");
    } else if (s < 110) {
        respond(e, 404, R"({"error":"not found"})");
    } else if (s < 150) {
        respond(e, 400, R"({"error":"bad request","field":")" + words(1) + R"("})");
    } else if (!webhook && s < 400) {
        // Compressed API answers exercise content decoding in the index.
        const QByteArray json = R"({"items":[{"name":")" + words(4) + R"(","id":)" +
                                QByteArray::number(pick(10000)) + R"(,"tags":[")" + words(1) +
                                R"("]}],"next":null})";
        respond(e, 200, gzip(json));
        e.response->headers.set("Content-Encoding", "gzip");
        e.response->headers.set("Content-Length", QByteArray::number(e.responseBody.size));
    } else {
        respond(e, webhook ? 200 : (pick(2) ? 200 : 204),
                webhook ? QByteArray(R"({"message":"Thank you for the message"})")
                        : R"({"status":"ok","user":")" + words(1) + R"("})");
    }
    return e;
}

} // namespace Hookscope::Bench
