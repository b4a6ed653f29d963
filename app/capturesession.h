#pragma once

#include "api/inspectionapi.h"
#include "proxy/captureproxy.h"
#include "proxy/endpoints.h"
#include "replay/replayer.h"
#include "store/exchangewriter.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <atomic>
#include <memory>

namespace Hookscope::App {

// The options every capturing command shares (`http`, `demo`): where to listen, the database,
// how much of each body to keep, and webhook verification.
struct CaptureOptions
{
    QCommandLineOption listen{QStringLiteral("listen"),
                              QStringLiteral("Proxy address (default 127.0.0.1:8080)."),
                              QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8080")};
    QCommandLineOption db{QStringLiteral("db"),
                          QStringLiteral("Capture database (default: %1).")
                              .arg(QStringLiteral("<data dir>/captures.sqlite")),
                          QStringLiteral("PATH")};
    QCommandLineOption maxBodySize{
        QStringLiteral("max-body-size"),
        QStringLiteral("How much of each body is stored, in bytes (default 10485760); the whole "
                       "body is always forwarded."),
        QStringLiteral("BYTES"), QStringLiteral("10485760")};
    QCommandLineOption retain{QStringLiteral("retain"),
                              QStringLiteral("Keep only the newest N exchanges (default: all)."),
                              QStringLiteral("N"), QStringLiteral("0")};
    QCommandLineOption verifyWebhook{
        QStringLiteral("verify-webhook"),
        QStringLiteral("Verify webhook signatures of this provider and answer 403 to invalid "
                       "ones (sentry, github, stripe, slack, shopify, standard-webhooks)."),
        QStringLiteral("PROVIDER")};
    QCommandLineOption verifyWebhookSecret{QStringLiteral("verify-webhook-secret"),
                                           QStringLiteral("The provider's signing secret."),
                                           QStringLiteral("SECRET")};
    QCommandLineOption webAddr{QStringLiteral("web-addr"),
                               QStringLiteral("Local inspection API address (default "
                                              "127.0.0.1:4040), or 'off'."),
                               QStringLiteral("ADDR:PORT|off"), QStringLiteral("127.0.0.1:4040")};

    void addTo(QCommandLineParser &parser) const;
};

// Everything a capture needs, checked and ready.
struct CaptureConfig
{
    Proxy::ProxyOptions proxy;
    QString databasePath;
    Store::WriterOptions writer;
    QString webAddr;                         // "127.0.0.1:4040" or "off"
    std::optional<Proxy::ListenAddress> web; // where the inspection API listens; none when off
    // --verify-webhook PROVIDER and its secret, for re-signing replays in the window.
    QString webhookProvider;
    QByteArray webhookSecret;
};

// Reads and checks the values of CaptureOptions' flags; the error names the flag and what it takes
// (a usage error, exit 2).
Result<CaptureConfig> captureConfig(const QCommandLineParser &parser, const CaptureOptions &options,
                                    const Proxy::UpstreamTarget &upstream);

// A running capture: the store's writer and the proxy in front of the upstream, wired so every
// exchange the proxy finishes is queued for the writer; and the local inspection API over them
// (unless --web-addr off), which lists, replays (through replayer()) and clears captures.
class CaptureSession
{
public:
    // Opens the database and starts the proxy and the API; the error is a runtime failure
    // (exit 1).
    static Result<std::unique_ptr<CaptureSession>> start(CaptureConfig config);
    // Opens the database only; startProxy() and startApi() follow (the window opens in between,
    // so it can offer another address when the first one is taken).
    static Result<std::unique_ptr<CaptureSession>> open(CaptureConfig config);
    // Starts the proxy, or restarts it on another address. The error names the address and a
    // way out.
    Status startProxy();
    Status startProxy(const Proxy::ListenAddress &listen);
    // Starts (or restarts, for a new proxy address) the inspection API unless --web-addr off.
    Status startApi();
    bool isCapturing() const { return m_proxy && m_proxy->isRunning(); }
    // Whether finished exchanges are recorded; requests are forwarded either way.
    void setRecording(bool on) { m_recording->store(on); }
    bool isRecording() const { return m_recording->load(); }
    ~CaptureSession(); // stop()s
    // Stops the proxy (exchanges in flight are recorded as failed), then commits everything it
    // captured. The writer's last signals are posted to the caller's thread.
    void stop();

    Proxy::CaptureProxy &proxy() { return *m_proxy; }
    Store::ExchangeWriter &writer() { return *m_writer; }
    // Replays (window, API) go to the session's upstream and are recorded through the writer.
    // It lives on the thread that opened the session.
    Replay::Replayer &replayer() { return *m_replayer; }
    // The running inspection API, or null with --web-addr off.
    Api::InspectionApi *api() { return m_api.get(); }
    const CaptureConfig &config() const { return m_config; }

private:
    CaptureSession() = default;
    Api::ApiBackend apiBackend();
    CaptureConfig m_config;
    std::unique_ptr<Store::ExchangeWriter> m_writer;
    std::unique_ptr<Proxy::CaptureProxy> m_proxy;
    std::unique_ptr<Replay::Replayer> m_replayer;
    std::unique_ptr<Api::InspectionApi> m_api;
    // Shared with the proxy thread's sink.
    std::shared_ptr<std::atomic<bool>> m_recording = std::make_shared<std::atomic<bool>>(true);
};

} // namespace Hookscope::App
