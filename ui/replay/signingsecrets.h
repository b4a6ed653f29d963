#pragma once

#include "http/message.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace Hookscope::Webhooks {
class Provider;
}

namespace Hookscope::Gui {

// The webhook signing secrets known in this session, one per provider: the one `--verify-webhook`
// was given, and those typed into Edit & Resend. They live in memory only and are never written
// to the database, the settings or a log. A plain value: copies cross threads.
class SigningSecrets
{
public:
    void set(const QString &providerName, const QByteArray &secret);
    // The secret known for this provider, or an empty array.
    QByteArray secretFor(const Webhooks::Provider *provider) const;
    bool has(const Webhooks::Provider *provider) const;
    bool isEmpty() const { return m_secrets.isEmpty(); }
    // The provider whose signature the request carries and whose secret is known, or null.
    const Webhooks::Provider *signerFor(const Http::RequestHead &head) const;

private:
    QHash<QString, QByteArray> m_secrets; // by provider name, lower case
};

} // namespace Hookscope::Gui
