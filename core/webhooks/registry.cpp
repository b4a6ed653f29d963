#include "registry.h"

#include "githubprovider.h"
#include "sentryprovider.h"
#include "shopifyprovider.h"
#include "slackprovider.h"
#include "standardwebhooksprovider.h"
#include "stripeprovider.h"

namespace Hookscope::Webhooks {

namespace {

QString canonicalName(QStringView name)
{
    const QString lower = name.toString().toLower();
    return lower == u"svix" ? QStringLiteral("standard-webhooks") : lower;
}

std::unique_ptr<Provider> create(const QString &name, int tolerance)
{
    if (name == u"sentry")
        return std::make_unique<SentryProvider>(tolerance);
    if (name == u"github")
        return std::make_unique<GitHubProvider>(tolerance);
    if (name == u"stripe")
        return std::make_unique<StripeProvider>(tolerance);
    if (name == u"slack")
        return std::make_unique<SlackProvider>(tolerance);
    if (name == u"shopify")
        return std::make_unique<ShopifyProvider>(tolerance);
    if (name == u"standard-webhooks")
        return std::make_unique<StandardWebhooksProvider>(tolerance);
    return nullptr;
}

const QStringList &names()
{
    static const QStringList all{QStringLiteral("sentry"),  QStringLiteral("github"),
                                 QStringLiteral("stripe"),  QStringLiteral("slack"),
                                 QStringLiteral("shopify"), QStringLiteral("standard-webhooks")};
    return all;
}

const std::vector<std::unique_ptr<Provider>> &instances()
{
    static const std::vector<std::unique_ptr<Provider>> all = [] {
        std::vector<std::unique_ptr<Provider>> out;
        for (const QString &name : names())
            out.push_back(create(name, Provider::DefaultToleranceSeconds));
        return out;
    }();
    return all;
}

} // namespace

QList<const Provider *> providers()
{
    QList<const Provider *> out;
    for (const auto &p : instances())
        out.append(p.get());
    return out;
}

QStringList providerNames()
{
    return names();
}

const Provider *findProvider(QStringView name)
{
    const QString canonical = canonicalName(name);
    for (const auto &p : instances()) {
        if (p->name() == canonical)
            return p.get();
    }
    return nullptr;
}

std::unique_ptr<Provider> makeProvider(QStringView name, int toleranceSeconds)
{
    return create(canonicalName(name), toleranceSeconds);
}

const Provider *detectProvider(const Http::RequestHead &head)
{
    for (const auto &p : instances()) {
        if (p->looksLike(head))
            return p.get();
    }
    return nullptr;
}

} // namespace Hookscope::Webhooks
