#pragma once

#include "provider.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <memory>

// The providers Hookscope knows, by the name users type ("sentry", "github", "stripe", "slack",
// "shopify", "standard-webhooks").
namespace Hookscope::Webhooks {

// Every provider with the default tolerance, in a fixed order (Sentry first).
QList<const Provider *> providers();
QStringList providerNames();
// The shared instance (default tolerance), or nullptr for an unknown name. Case-insensitive;
// "svix" names Standard Webhooks.
const Provider *findProvider(QStringView name);
// A new instance with another timestamp tolerance, or nullptr for an unknown name.
std::unique_ptr<Provider> makeProvider(QStringView name, int toleranceSeconds);
// The first provider whose headers the request carries, or nullptr.
const Provider *detectProvider(const Http::RequestHead &head);

} // namespace Hookscope::Webhooks
