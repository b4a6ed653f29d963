#include "posthead.h"
#include "webhooks/shopifyprovider.h"

#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Webhooks;
using Testing::postHead;

namespace {
// Computed independently with Python's hmac and base64 modules.
const QByteArray Secret = "shpss_0123456789abcdef0123456789abcdef";
const QByteArray Body =
    R"({"id":820982911946154508,"email":"jon@example.com","total_price":"403.00"})";
const QByteArray Signature = "Lb0SaKRbyciMJZhXm2z6V0REIqh7GyioAnd2vpBErp0=";

Http::RequestHead shopifyHead(const QByteArray &signature = Signature)
{
    return postHead({{"X-Shopify-Topic", "orders/create"}, {"X-Shopify-Hmac-Sha256", signature}});
}
} // namespace

class TestShopifyProvider : public QObject
{
    Q_OBJECT
    ShopifyProvider m_shopify;

private Q_SLOTS:
    void knownAnswerVerifies()
    {
        const Verdict v = m_shopify.verify(shopifyHead(), Body, Secret, 0);
        QVERIFY2(v.valid(), qPrintable(v.summary()));
    }

    void signReproducesTheKnownAnswer()
    {
        QCOMPARE(m_shopify.sign(postHead({}), Body, Secret, 0)->value("X-Shopify-Hmac-Sha256"),
                 Signature);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("hex") << QByteArray::fromBase64(Signature).toHex();
        QTest::newRow("unpadded") << Signature.chopped(1);
        QTest::newRow("url-safe alphabet") << Signature.chopped(3) + "-_=";
        QTest::newRow("31 bytes") << QByteArray::fromBase64(Signature).chopped(1).toBase64();
    }
    void malformed()
    {
        QFETCH(QByteArray, value);
        QCOMPARE(m_shopify.verify(shopifyHead(value), Body, Secret, 0).reason,
                 Reason::MalformedHeader);
    }

    void noTimestampToGoStale()
    {
        QVERIFY(m_shopify.verify(shopifyHead(), Body, Secret, 4'000'000'000).valid());
    }

    void accessTokenInsteadOfSecret()
    {
        const Verdict v = m_shopify.verify(shopifyHead(), Body, "shpat_0123456789abcdef", 0);
        QCOMPARE(v.reason, Reason::SignatureMismatch);
        QVERIFY2(v.hint.contains(QStringLiteral("Shopify Admin API access token")),
                 qPrintable(v.hint));
    }
};

QTEST_GUILESS_MAIN(TestShopifyProvider)
#include "tst_shopifyprovider.moc"
