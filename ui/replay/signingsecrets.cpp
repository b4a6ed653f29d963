#include "signingsecrets.h"

#include "webhooks/provider.h"
#include "webhooks/registry.h"

namespace Hookscope::Gui {

void SigningSecrets::set(const QString &providerName, const QByteArray &secret)
{
    // Registry names, so that "svix" and "standard-webhooks" are one provider.
    const Webhooks::Provider *provider = Webhooks::findProvider(providerName);
    if (!provider)
        return;
    if (secret.isEmpty())
        m_secrets.remove(provider->name());
    else
        m_secrets.insert(provider->name(), secret);
}

QByteArray SigningSecrets::secretFor(const Webhooks::Provider *provider) const
{
    return provider ? m_secrets.value(provider->name()) : QByteArray();
}

bool SigningSecrets::has(const Webhooks::Provider *provider) const
{
    return provider && m_secrets.contains(provider->name());
}

const Webhooks::Provider *SigningSecrets::signerFor(const Http::RequestHead &head) const
{
    for (const Webhooks::Provider *provider : Webhooks::providers()) {
        if (m_secrets.contains(provider->name()) && provider->hasSignature(head))
            return provider;
    }
    return nullptr;
}

} // namespace Hookscope::Gui
