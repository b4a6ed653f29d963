#pragma once

#include "common/result.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace Hookscope::Proxy {

struct ListenAddress
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString toString() const; // "127.0.0.1:8080", "[::1]:8080"
};

// The upstream as the user names it: "3000", "localhost:3000", "http://127.0.0.1:3000/base".
// A bare port means 127.0.0.1. Only http:// upstreams are supported.
Result<QUrl> parseUpstream(const QString &text);

// "ADDR:PORT", ":PORT", "PORT" or "[v6]:PORT". A host name is resolved only for "localhost".
Result<ListenAddress> parseListenAddress(const QString &text);

} // namespace Hookscope::Proxy
