#include "makeexchange.h"

#include "store/exchangeimport.h"

namespace Hookscope::Testing {

Store::Exchange makeExchange(qint64 startedUs)
{
    Store::Exchange e;
    e.startedUs = startedUs;
    e.durationUs = 1'250;
    e.clientAddress = QStringLiteral("127.0.0.1:50123");
    e.upstream = QStringLiteral("http://127.0.0.1:3000");
    const QByteArray body =
        R"({"action":"resolved","installation":{"uuid":"7a485448-a9e2-4c85-8a3c-4f44175783c9"},"data":{"issue":{"id":"1170820242","title":"ZeroDivisionError: division by zero"}},"actor":{"type":"user","id":1,"name":"Jane"}})";
    e.request.method = "POST";
    e.request.target = "/webhooks/sentry?source=test";
    e.request.headers = {{"Host", "127.0.0.1:8080"},
                         {"Content-Type", "application/json"},
                         {"Request-ID", "e4b6c5d1-0f3a-4a8e-9d55-8f5a8c7b1e20"},
                         {"Sentry-Hook-Resource", "issue"},
                         {"Sentry-Hook-Timestamp", "1700000000"},
                         {"Sentry-Hook-Signature", "0123456789abcdef"},
                         {"Content-Length", QByteArray::number(body.size())}};
    e.requestBody = {body, body.size(), false};
    Http::ResponseHead response;
    const QByteArray answer = R"({"message":"Thank you for the message"})";
    response.headers = {{"Content-Type", "application/json; charset=utf-8"},
                        {"Content-Length", QByteArray::number(answer.size())}};
    e.response = response;
    e.responseBody = {answer, answer.size(), false};
    return e;
}

QList<qint64> importDeliveries(const QString &db, const QString &upstream,
                               const QList<QByteArray> &targets)
{
    QList<Store::Exchange> exchanges;
    for (const QByteArray &target : targets) {
        Store::Exchange e = makeExchange();
        e.upstream = upstream;
        e.request.target = target;
        exchanges.append(e);
    }
    const Result<QList<qint64>> ids = Store::importExchanges(db, exchanges);
    return ids ? ids.value() : QList<qint64>{};
}

} // namespace Hookscope::Testing
