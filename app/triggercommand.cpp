#include "cli.h"
#include "commands.h"
#include "http/serializer.h"
#include "webhooks/registry.h"
#include "webhooks/samples.h"
#include "webhooks/webhooksender.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QUrl>
#include <cstdio>

namespace Hookscope::App {

namespace {

const QString CommandName = QStringLiteral("trigger");

void printCatalog(const QString &onlyProvider)
{
    for (const QString &provider : Webhooks::providerNames()) {
        if (!onlyProvider.isEmpty() && provider != onlyProvider)
            continue;
        std::printf("%s\n", qPrintable(provider));
        for (const Webhooks::SampleEvent &e : Webhooks::sampleEvents(provider))
            std::printf("  %-26s %s\n", qPrintable(e.event), qPrintable(e.description));
    }
}

void writeOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
}

} // namespace

int runTrigger(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sends one signed sample webhook and prints the response.\n"
                       "Exits 0 when the answer is below 400, 1 when it is 400 or more or the "
                       "request could not be sent, 2 on bad usage."));
    parser.addPositionalArgument(QStringLiteral("provider"),
                                 Webhooks::providerNames().join(QStringLiteral(", ")));
    parser.addPositionalArgument(QStringLiteral("event"),
                                 QStringLiteral("e.g. issue.resolved (see --list)"));
    const QCommandLineOption to(
        QStringLiteral("to"), QStringLiteral("Where to send it (default http://127.0.0.1:8080/)."),
        QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8080/"));
    const QCommandLineOption secret(
        QStringLiteral("secret"),
        QStringLiteral("The signing secret (default: Hookscope's demo secret for the provider)."),
        QStringLiteral("secret"));
    const QCommandLineOption list(QStringLiteral("list"),
                                  QStringLiteral("List the providers and events it knows."));
    parser.addOptions({to, secret, list});
    if (const int code = parseArguments(parser, CommandName, app.arguments()); code >= 0)
        return code;

    const QStringList args = parser.positionalArguments();
    if (parser.isSet(list)) {
        if (args.size() > 1)
            return usageError(CommandName, QStringLiteral("--list takes at most a provider"));
        const QString only = args.isEmpty() ? QString() : args.first();
        if (!only.isEmpty() && !Webhooks::findProvider(only))
            return usageError(CommandName, QStringLiteral("unknown provider '%1': use one of %2")
                                               .arg(only, Webhooks::providerNames().join(u", ")));
        printCatalog(only.isEmpty() ? QString() : Webhooks::findProvider(only)->name());
        return ExitOk;
    }
    if (args.size() != 2)
        return usageError(CommandName,
                          QStringLiteral("give a PROVIDER and an EVENT, e.g. 'sentry "
                                         "issue.resolved' (see 'hookscope trigger --list')"));

    const QUrl url = QUrl::fromUserInput(parser.value(to));
    if (const QString problem = Webhooks::WebhookSender::checkUrl(url); !problem.isEmpty())
        return usageError(CommandName, QStringLiteral("--to %1").arg(problem));
    const QByteArray key =
        parser.isSet(secret) ? parser.value(secret).toUtf8() : Webhooks::demoSecret(args[0]);
    auto sample = Webhooks::buildSample(args[0], args[1], key, QDateTime::currentSecsSinceEpoch());
    if (!sample)
        return usageError(CommandName, sample.error());

    Webhooks::WebhookSender sender(url, sample->head, sample->body);
    QEventLoop loop;
    QObject::connect(&sender, &Webhooks::WebhookSender::finished, &loop, &QEventLoop::quit);
    sender.start();
    loop.exec();

    std::printf("%s %s %s %s (%lld bytes, signed with %s)\n", sample->head.method.constData(),
                qPrintable(url.toString()), qPrintable(args[0]), qPrintable(args[1]),
                static_cast<long long>(sample->body.size()),
                parser.isSet(secret) ? "the given secret" : "the demo secret");
    if (!sender.response())
        return runtimeError(CommandName, sender.error());
    const auto &response = *sender.response();
    std::printf("HTTP/%d.%d %d %s\n", response.head.version.major, response.head.version.minor,
                response.head.status, response.head.reason.constData());
    writeOut(response.body);
    if (!response.body.isEmpty() && !response.body.endsWith('\n'))
        writeOut("\n");
    std::fflush(stdout);
    return response.head.status < 400 ? ExitOk : ExitFailure;
}

} // namespace Hookscope::App
