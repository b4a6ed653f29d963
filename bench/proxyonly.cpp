// The capture proxy alone, without the store: every exchange is captured and counted, then
// dropped. Run wrk against it next to the full `hookscope http` to tell the proxy's cost from
// the store's.
//
// Usage: hookscope_proxyonly UPSTREAM [LISTEN=127.0.0.1:8080]   (prints the count on SIGINT/SIGTERM)
#include "proxy/captureproxy.h"
#include "proxy/endpoints.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Hookscope;

namespace {
int g_signalPipe[2];
void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: proxyonly UPSTREAM [LISTEN]\n");
        return 2;
    }
    const auto upstream = Proxy::UpstreamTarget::parse(args[0]);
    const auto listen = Proxy::parseListenAddress(args.value(1, QStringLiteral("127.0.0.1:8080")));
    if (!upstream || !listen) {
        std::fprintf(stderr, "proxyonly: %s\n",
                     qPrintable(!upstream ? upstream.error() : listen.error()));
        return 2;
    }
    std::atomic<qint64> count{0};
    std::atomic<qint64> errors{0};
    Proxy::ProxyOptions options;
    options.listenAddress = listen->host;
    options.listenPort = listen->port;
    options.upstream = *upstream;
    options.sink = [&](Store::Exchange e) {
        ++count;
        if (!e.error.isEmpty())
            ++errors;
    };
    Proxy::CaptureProxy proxy(options);
    if (const Status s = proxy.start(); !s) {
        std::fprintf(stderr, "proxyonly: %s\n", qPrintable(s.error()));
        return 1;
    }
    if (::pipe(g_signalPipe) != 0)
        return 1;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    std::printf("proxyonly: %s -> %s\n", qPrintable(proxy.listenAuthority()),
                qPrintable(upstream->url()));
    std::fflush(stdout);
    app.exec();
    proxy.stop();
    std::printf("proxyonly: %lld exchanges captured, %lld with errors\n", count.load(),
                errors.load());
    return 0;
}
