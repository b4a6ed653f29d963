#include "capturesession.h"

#include "api/webaddress.h"
#include "proxy/endpoints.h"
#include "store/exchangestore.h"
#include "webhooks/signaturegate.h"

#include <QDateTime>

namespace Hookscope::App {

void CaptureOptions::addTo(QCommandLineParser &parser) const
{
    for (const QCommandLineOption *o :
         {&listen, &db, &maxBodySize, &retain, &verifyWebhook, &verifyWebhookSecret, &webAddr})
        parser.addOption(*o);
}

namespace {

Result<qint64> nonNegative(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < 0)
        return Error{QStringLiteral("--%1 '%2' is not a whole number of 0 or more")
                         .arg(option.names().first(), parser.value(option))};
    return value;
}

} // namespace

Result<CaptureConfig> captureConfig(const QCommandLineParser &parser, const CaptureOptions &options,
                                    const Proxy::UpstreamTarget &upstream)
{
    CaptureConfig config;
    const auto listen = Proxy::parseListenAddress(parser.value(options.listen));
    if (!listen)
        return Error{QStringLiteral("--listen: ") + listen.error()};
    config.proxy.listenAddress = listen->host;
    config.proxy.listenPort = listen->port;
    config.proxy.upstream = upstream;

    const auto maxBody = nonNegative(parser, options.maxBodySize);
    if (!maxBody)
        return Error{maxBody.error()};
    config.proxy.maxBodySize = *maxBody;
    const auto retain = nonNegative(parser, options.retain);
    if (!retain)
        return Error{retain.error()};
    config.writer.retainCount = *retain;

    const QString provider = parser.value(options.verifyWebhook);
    const QByteArray secret = parser.value(options.verifyWebhookSecret).toUtf8();
    if (!provider.isEmpty() && secret.isEmpty())
        return Error{QStringLiteral("--verify-webhook %1 needs --verify-webhook-secret SECRET "
                                    "(the provider's signing secret)")
                         .arg(provider)};
    if (provider.isEmpty() && !secret.isEmpty())
        return Error{QStringLiteral("--verify-webhook-secret needs --verify-webhook PROVIDER")};
    if (!provider.isEmpty()) {
        auto gate = Webhooks::SignatureGate::create(provider, secret);
        if (!gate)
            return Error{QStringLiteral("--verify-webhook: ") + gate.error()};
        config.proxy.gate = std::shared_ptr<const Proxy::RequestGate>(std::move(gate).value());
        config.webhookProvider = provider;
        config.webhookSecret = secret;
    }

    config.webAddr = parser.value(options.webAddr);
    const auto web = Api::parseWebAddress(config.webAddr);
    if (!web)
        return Error{web.error()};
    config.web = *web;

    config.databasePath =
        parser.isSet(options.db) ? parser.value(options.db) : Store::defaultDatabasePath();
    return config;
}

Result<std::unique_ptr<CaptureSession>> CaptureSession::start(CaptureConfig config)
{
    auto opened = open(std::move(config));
    if (!opened)
        return opened;
    CaptureSession &session = *opened.value();
    if (const Status started = session.startProxy(); !started)
        return Error{started.error()};
    if (const Status started = session.startApi(); !started)
        return Error{started.error()};
    return opened;
}

Result<std::unique_ptr<CaptureSession>> CaptureSession::open(CaptureConfig config)
{
    std::unique_ptr<CaptureSession> session(new CaptureSession);
    auto writer = Store::ExchangeWriter::open(config.databasePath, config.writer);
    if (!writer)
        return Error{writer.error()};
    session->m_writer = std::move(writer).value();
    Store::ExchangeWriter *sink = session->m_writer.get();
    config.proxy.sink = [sink, recording = session->m_recording](Store::Exchange exchange) {
        if (recording->load())
            sink->submit(std::move(exchange));
    };
    Replay::ReplayOptions replay;
    replay.to = config.proxy.upstream;
    replay.connectTimeoutMs = config.proxy.connectTimeoutMs;
    replay.responseTimeoutMs = config.proxy.responseTimeoutMs;
    replay.maxBodySize = config.proxy.maxBodySize;
    session->m_replayer = std::make_unique<Replay::Replayer>(
        replay, Replay::Replayer::recordThrough(session->m_writer.get()));
    session->m_config = std::move(config);
    return session;
}

Status CaptureSession::startProxy()
{
    // The API replays through the proxy from its own thread; it comes back with startApi().
    if (m_api)
        m_api->stop();
    if (m_proxy && m_proxy->isRunning())
        m_proxy->stop();
    m_proxy = std::make_unique<Proxy::CaptureProxy>(m_config.proxy);
    return m_proxy->start();
}

Status CaptureSession::startProxy(const Proxy::ListenAddress &listen)
{
    m_config.proxy.listenAddress = listen.host;
    m_config.proxy.listenPort = listen.port;
    return startProxy();
}

Status CaptureSession::startApi()
{
    if (!m_config.web)
        return {};
    if (m_api)
        m_api->stop();
    m_api = std::make_unique<Api::InspectionApi>(apiBackend());
    return m_api->start(m_config.web->host, m_config.web->port);
}

CaptureSession::~CaptureSession()
{
    stop();
}

Api::ApiBackend CaptureSession::apiBackend()
{
    const CaptureConfig &config = m_config;
    Api::ApiBackend backend;
    backend.databasePath = config.databasePath;
    backend.version = QStringLiteral(HOOKSCOPE_VERSION);
    backend.publicUrl = QStringLiteral("http://") + m_proxy->listenAuthority();
    backend.upstream = config.proxy.upstream.url();
    Store::ExchangeWriter *writer = m_writer.get();
    backend.clear = [writer] {
        writer->clear();
        writer->flush();
        return Status();
    };
    // Checked at once so the caller hears why a replay cannot be sent; sent in turn by the
    // replayer on its own thread.
    Replay::Replayer *replayer = m_replayer.get();
    const Replay::ReplayOptions options = replayer->options();
    backend.replay = [replayer, options](const Store::Exchange &e) -> Status {
        const Result<Replay::PreparedReplay> prepared =
            Replay::Replayer::prepare(e, options, QDateTime::currentSecsSinceEpoch());
        if (!prepared)
            return Error{prepared.error()};
        QMetaObject::invokeMethod(replayer, [replayer, e] { replayer->replay({e}); });
        return {};
    };
    return backend;
}

void CaptureSession::stop()
{
    if (m_api)
        m_api->stop();
    if (m_proxy && m_proxy->isRunning())
        m_proxy->stop();
    if (m_writer)
        m_writer->flush();
}

} // namespace Hookscope::App
