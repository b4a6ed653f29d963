#include "cli.h"
#include "commands.h"
#include "mainwindow.h"
#include "store/exchangestore.h"
#include "store/exchangewriter.h"

#include <QApplication>
#include <QMessageBox>

namespace Hookscope::App {

int runWindow(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("hookscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Hookscope"));
    QApplication::setDesktopFileName(QStringLiteral("hookscope"));
    const QString command = QStringLiteral("window");
    const QString path = Store::defaultDatabasePath();

    auto writer = Store::ExchangeWriter::open(path);
    auto store = writer ? Store::ExchangeStore::open(path)
                        : Result<std::unique_ptr<Store::ExchangeStore>>(Error{writer.error()});
    if (!store) {
        QMessageBox::critical(nullptr, QStringLiteral("Hookscope cannot open its captures"),
                              store.error());
        return runtimeError(command, store.error());
    }
    Gui::MainWindow window(std::move(store).value(), writer->get());
    window.show();
    return app.exec();
}

} // namespace Hookscope::App
