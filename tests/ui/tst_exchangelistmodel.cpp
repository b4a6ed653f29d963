#include "capturefixture.h"
#include "makeexchange.h"
#include "models/exchangelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Hookscope;
using namespace Hookscope::Gui;
using Hookscope::Testing::CaptureFixture;

namespace {

QModelIndex cell(const ExchangeListModel &m, int row, ExchangeColumn column)
{
    return m.index(row, int(column));
}

QString text(const ExchangeListModel &m, int row, ExchangeColumn column)
{
    return cell(m, row, column).data().toString();
}

QList<qint64> listedIds(const ExchangeListModel &m)
{
    QList<qint64> ids;
    for (int row = 0; row < m.rowCount(); ++row)
        ids.append(m.idAt(row));
    return ids;
}

} // namespace

class TestExchangeListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsNewestFirstAcrossPages()
    {
        CaptureFixture db;
        // More than the first synchronous page, so the background loader adds the rest.
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(1500));
        QCOMPARE(ids.size(), 1500);
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.rowCount(), 1500);
        QCOMPARE(model.totalCount(), 1500);
        QCOMPARE(model.matchedCount(), 1500);
        QList<qint64> newestFirst(ids.rbegin(), ids.rend());
        QCOMPARE(listedIds(model), newestFirst);
        // A row deep in the list is read by key on demand.
        const int deep = 1400;
        QCOMPARE(cell(model, deep, ExchangeColumn::Id).data().toLongLong(), ids[1500 - 1 - deep]);
        QVERIFY(!text(model, deep, ExchangeColumn::Method).isEmpty());
        QCOMPARE(model.rowOf(ids.first()), 1499);
    }

    void formatsCells()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(4));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        StatusPalette palette;
        palette.success = Qt::green;
        palette.client = Qt::yellow;
        palette.server = Qt::red;
        model.setStatusPalette(palette);
        // Rows: 3 = the Sentry webhook, 2 = the form post, 1 = the 404, 0 = the refused upstream.
        QCOMPARE(text(model, 3, ExchangeColumn::Method), QStringLiteral("POST"));
        QCOMPARE(text(model, 3, ExchangeColumn::Path),
                 QStringLiteral("/webhooks/sentry?source=test"));
        QCOMPARE(text(model, 3, ExchangeColumn::Status), QStringLiteral("200 OK"));
        QCOMPARE(cell(model, 3, ExchangeColumn::Status).data(Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::green));
        QCOMPARE(text(model, 3, ExchangeColumn::Duration), QStringLiteral("1.3 ms"));
        QCOMPARE(text(model, 1, ExchangeColumn::Status), QStringLiteral("404 Not Found"));
        QCOMPARE(cell(model, 1, ExchangeColumn::Status).data(Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::yellow));
        QCOMPARE(text(model, 0, ExchangeColumn::Status), QStringLiteral("error"));
        QCOMPARE(cell(model, 0, ExchangeColumn::Status).data(Qt::ForegroundRole).value<QColor>(),
                 QColor(Qt::red));
        QCOMPARE(text(model, 0, ExchangeColumn::ResponseSize), QString());
        QCOMPARE(cell(model, 0, ExchangeColumn::Id).data(ExchangeListModel::IdRole).toLongLong(),
                 ids[3]);
        QCOMPARE(model.headerData(int(ExchangeColumn::Status), Qt::Horizontal).toString(),
                 QStringLiteral("Status"));
    }

    void showsVerdictsAndReplays()
    {
        CaptureFixture db;
        Store::Exchange valid = Testing::makeExchange();
        valid.verdict = Store::Verdict::Valid;
        Store::Exchange blocked = Testing::makeExchange();
        blocked.verdict = Store::Verdict::Invalid;
        blocked.verdictReason = QStringLiteral("missing signature header: no X-Sig header");
        blocked.blocked = true;
        blocked.response->status = 403;
        const QList<qint64> ids = db.write({valid, blocked});
        Store::Exchange replay = Testing::makeExchange();
        replay.replayOf = ids[0];
        db.write({replay});
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QCOMPARE(text(model, 2, ExchangeColumn::Verdict), QStringLiteral("✓ valid"));
        QCOMPARE(text(model, 1, ExchangeColumn::Verdict),
                 QStringLiteral("✗ missing signature header"));
        QVERIFY(model.index(1, int(ExchangeColumn::Verdict))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("403")));
        QCOMPARE(text(model, 1, ExchangeColumn::Status), QStringLiteral("403 blocked"));
        QCOMPARE(text(model, 0, ExchangeColumn::Replay), QStringLiteral("↻ #%1").arg(ids[0]));
    }

    void sortsByTimeBothWaysAndByOtherColumns()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(8));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        QPersistentModelIndex newest = model.index(0, 0);

        model.sort(int(ExchangeColumn::Time), Qt::AscendingOrder);
        QCOMPARE(listedIds(model), ids);
        QVERIFY(!model.newestOnTop());
        QCOMPARE(newest.row(), 7); // persistent indexes follow the rows

        model.sort(int(ExchangeColumn::Status), Qt::DescendingOrder);
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.rowCount(), 8);
        QList<int> statuses;
        for (int row = 0; row < model.rowCount(); ++row)
            statuses.append(
                cell(model, row, ExchangeColumn::Status).data(ExchangeListModel::SortRole).toInt());
        QCOMPARE(statuses, (QList<int>{404, 404, 200, 200, 200, 200, 0, 0}));

        // New captures go where the sort puts them.
        Store::Exchange teapot = Testing::makeExchange();
        teapot.response->status = 418;
        connect(db.writer(), &Store::ExchangeWriter::committed, &model,
                &ExchangeListModel::addCaptured);
        const qint64 teapotId = db.write({teapot}).value(0);
        QTRY_COMPARE(model.rowCount(), 9);
        QCOMPARE(model.idAt(0), teapotId);

        model.sort(int(ExchangeColumn::Id), Qt::DescendingOrder);
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.idAt(0), teapotId);
        QVERIFY(model.newestOnTop());
    }

    void refusesColumnSortsOverTheLimit()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(3));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QSignalSpy problem(&model, &ExchangeListModel::problem);
        model.setSortLimitForTesting(2);
        model.sort(int(ExchangeColumn::Duration), Qt::AscendingOrder);
        QVERIFY(problem.wait());
        QVERIFY(problem.first().first().toString().contains(QStringLiteral("filter")));
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.sortColumn(), ExchangeColumn::Time);
        QCOMPARE(model.rowCount(), 3);
    }

    void filters()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(12));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        model.setFilter(Store::Filter::parse(QStringLiteral("method:GET")));
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.matchedCount(), 3);
        QCOMPARE(model.totalCount(), 12);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(text(model, row, ExchangeColumn::Method), QStringLiteral("GET"));

        model.setFilter(Store::Filter::parse(QStringLiteral("ZeroDivisionError")));
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.rowCount(), 6); // the Sentry body, in three webhooks and three failures

        // Live captures are listed only when they match.
        connect(db.writer(), &Store::ExchangeWriter::committed, &model,
                &ExchangeListModel::addCaptured);
        const QList<Store::Exchange> more = CaptureFixture::sampleExchanges(4);
        db.write(more);
        QTRY_COMPARE(model.totalCount(), 16);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.matchedCount(), 8);

        model.setFilter({});
        QVERIFY(model.waitForLoaded());
        QCOMPARE(model.rowCount(), 16);
        Q_UNUSED(ids);
    }

    void insertsLiveCapturesInOneBatch()
    {
        CaptureFixture db;
        db.write(CaptureFixture::sampleExchanges(2));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<Store::ExchangeSummary> batch;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(5));
        for (const qint64 id : ids) {
            Store::ExchangeSummary s = store->page(id + 1, 1).value(0);
            model.addCaptured({s});
        }
        QVERIFY(inserted.wait());
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 4);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.idAt(0), ids.last());
        // Already listed: not inserted twice.
        model.addCaptured({store->page(ids.last() + 1, 1)});
        QTest::qWait(20);
        QCOMPARE(model.rowCount(), 7);
    }

    void removesAndClears()
    {
        CaptureFixture db;
        const QList<qint64> ids = db.write(CaptureFixture::sampleExchanges(10));
        auto store = db.openStore();
        ExchangeListModel model(store.get());
        QAbstractItemModelTester tester(&model);
        connect(db.writer(), &Store::ExchangeWriter::removed, &model,
                &ExchangeListModel::removeExchanges);
        db.writer()->remove({ids[0], ids[1], ids[5]});
        QTRY_COMPARE(model.rowCount(), 7);
        QCOMPARE(model.rowOf(ids[5]), -1);
        QCOMPARE(model.totalCount(), 7);
        QCOMPARE(model.idAt(6), ids[2]);

        db.writer()->clear();
        QTRY_COMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), 0);
    }
};

QTEST_MAIN(TestExchangeListModel)
#include "tst_exchangelistmodel.moc"
