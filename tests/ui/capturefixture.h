#pragma once

#include "mainwindow.h"
#include "store/exchange.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"

#include <QList>
#include <QTemporaryDir>
#include <memory>

namespace Hookscope::Testing {

// A real capture database in a temporary directory, written through the real writer.
class CaptureFixture
{
public:
    CaptureFixture();

    QString path() const { return m_path; }
    Store::ExchangeWriter *writer() const { return m_writer.get(); }
    // Writes the exchanges (in order) and waits until they are committed; returns their ids.
    QList<qint64> write(const QList<Store::Exchange> &exchanges);
    std::unique_ptr<Store::ExchangeStore> openStore() const;

    enum class WindowWait { Exposed, Active };
    // A main window on this database, shown, its list loaded; null when it never got exposed
    // (or active, for tests that type into it).
    std::unique_ptr<Gui::MainWindow> openWindow(Gui::CaptureSetup setup = {},
                                                WindowWait wait = WindowWait::Exposed);

    // A varied stream: Sentry JSON webhooks, a GitHub form post, a 404, an upstream failure.
    static QList<Store::Exchange> sampleExchanges(int count);
    // The Sentry client secret the replay and edit tests sign and verify with.
    static inline const QByteArray sentrySecret = "5fb1c3f6a2e04d8b9c7e1a2b3c4d5e6f";
    // makeExchange()'s Sentry delivery to `upstream` at `target`, signed with `secret` at
    // `signedAt` (Unix seconds) as Sentry signs.
    static Store::Exchange signedSentry(const QString &upstream, const QByteArray &target,
                                        const QByteArray &secret, qint64 signedAt);

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Store::ExchangeWriter> m_writer;
};

} // namespace Hookscope::Testing
