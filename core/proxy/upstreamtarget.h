#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Hookscope::Proxy {

// Where captured requests go: a plain-HTTP origin, optionally with a base path that prefixes
// every request target ("http://127.0.0.1:3000/api" sends "/hook" to "/api/hook").
struct UpstreamTarget
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 3000;
    QByteArray basePath; // "" or "/api" (never ends with '/')

    QString authority() const; // "127.0.0.1:3000"
    QString url() const;       // "http://127.0.0.1:3000" plus the base path

    // From an http:// URL as parseUpstream() (endpoints.h) gives it: host, port, optional path.
    static UpstreamTarget fromUrl(const QUrl &url);
    // parseUpstream() then fromUrl(): "3000", "host:port" or "http://host[:port][/path]".
    static Result<UpstreamTarget> parse(const QString &text);

    friend bool operator==(const UpstreamTarget &, const UpstreamTarget &) = default;
};

} // namespace Hookscope::Proxy
