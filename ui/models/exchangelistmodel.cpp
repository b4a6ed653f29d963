#include "exchangelistmodel.h"

#include "exchangelistloader.h"
#include "format/displayformat.h"
#include "http/serializer.h"
#include "store/exchangestore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <algorithm>

namespace Hookscope::Gui {

namespace {

// Rows read synchronously when the list is (re)built, so that the first screen never waits for
// the background loader.
constexpr int firstPageSize = 512;
// Summaries read per cache miss, and how many are cached before the cache starts over.
constexpr int blockSize = 128;
constexpr qsizetype cacheLimit = 16'384;

ExchangeColumn columnOf(const QModelIndex &index)
{
    return ExchangeColumn(index.column());
}

bool isNumeric(ExchangeColumn column)
{
    switch (column) {
    case ExchangeColumn::Id:
    case ExchangeColumn::Duration:
    case ExchangeColumn::RequestSize:
    case ExchangeColumn::ResponseSize:
        return true;
    default:
        return false;
    }
}

QString verdictText(const Store::ExchangeSummary &s)
{
    switch (s.verdict) {
    case Store::Verdict::Valid:
        return QStringLiteral("✓ valid");
    case Store::Verdict::Invalid:
        // The reason says more than "invalid" (the Status column already says "blocked").
        return QStringLiteral("✗ ") +
               (s.verdictReason.isEmpty() ? QStringLiteral("invalid") : s.verdictReason);
    case Store::Verdict::None:
        break;
    }
    return {};
}

} // namespace

QList<Store::ExchangeSummary> ExchangeListModel::pageBelow(qint64 beforeId, int limit) const
{
    return m_filter.isEmpty() ? m_store->page(beforeId, limit)
                              : m_store->page(m_filter, beforeId, limit);
}

ExchangeListModel::ExchangeListModel(Store::ExchangeStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    qRegisterMetaType<QList<Hookscope::Store::ExchangeSummary>>();
    m_pool.setMaxThreadCount(1);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &ExchangeListModel::flushCaptured);
    startLoading();
}

ExchangeListModel::~ExchangeListModel()
{
    m_liveGeneration->store(-1);
    m_pool.waitForDone();
}

int ExchangeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ExchangeListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : exchangeColumnCount;
}

qsizetype ExchangeListModel::indexOfRow(int row) const
{
    return m_reversed ? m_ids.size() - 1 - row : row;
}

int ExchangeListModel::rowOfIndex(qsizetype index) const
{
    return int(m_reversed ? m_ids.size() - 1 - index : index);
}

bool ExchangeListModel::newestOnTop() const
{
    return !m_columnSorted && !m_reversed;
}

qint64 ExchangeListModel::idAt(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return 0;
    return m_ids.at(indexOfRow(row));
}

QList<qint64> ExchangeListModel::idsOldestFirst() const
{
    QList<qint64> ids = m_ids;
    std::sort(ids.begin(), ids.end());
    return ids;
}

int ExchangeListModel::rowOf(qint64 id) const
{
    qsizetype index = -1;
    if (m_columnSorted) {
        index = m_ids.indexOf(id);
    } else {
        const auto it = std::lower_bound(m_ids.begin(), m_ids.end(), id, std::greater<>());
        if (it != m_ids.end() && *it == id)
            index = it - m_ids.begin();
    }
    return index < 0 ? -1 : rowOfIndex(index);
}

std::optional<Store::ExchangeSummary> ExchangeListModel::summaryAt(int row) const
{
    if (const Store::ExchangeSummary *s = summary(row))
        return *s;
    return std::nullopt;
}

const Store::ExchangeSummary *ExchangeListModel::summary(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return nullptr;
    const qsizetype index = indexOfRow(row);
    auto it = m_cache.constFind(m_ids.at(index));
    if (it == m_cache.cend() && !m_columnSorted) {
        loadBlock(index);
        it = m_cache.constFind(m_ids.at(index));
    }
    return it == m_cache.cend() ? nullptr : &*it;
}

void ExchangeListModel::loadBlock(qsizetype index) const
{
    // Ids are listed newest first, so the block's summaries are exactly the page below its first
    // id: one query by key, however deep in the list.
    const qsizetype start = index / blockSize * blockSize;
    const qsizetype end = std::min(start + blockSize, m_ids.size());
    if (m_cache.size() + blockSize > cacheLimit)
        m_cache.clear();
    const QList<Store::ExchangeSummary> page = pageBelow(m_ids.at(start) + 1, int(end - start));
    for (const Store::ExchangeSummary &s : page)
        m_cache.insert(s.id, s);
    // Rows the database no longer holds stay blank until their removal arrives, instead of being
    // asked for again on every paint.
    for (qsizetype i = start; i < end; ++i) {
        if (!m_cache.contains(m_ids.at(i))) {
            Store::ExchangeSummary gone;
            gone.id = m_ids.at(i);
            m_cache.insert(gone.id, gone);
        }
    }
}

QVariant ExchangeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExchangeColumn column = columnOf(index);
    if (role == IdRole)
        return idAt(index.row());
    if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(Qt::AlignVCenter |
                                   (isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::ToolTipRole &&
        role != SortRole)
        return {};
    const Store::ExchangeSummary *s = summary(index.row());
    if (!s || s->method.isEmpty())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*s, column);
    case Qt::ForegroundRole:
        if (column == ExchangeColumn::Status)
            return s->durationUs < 0 && !s->hasError ? m_palette.muted
                                                     : m_palette.forStatus(s->status);
        if (column == ExchangeColumn::Verdict && s->verdict != Store::Verdict::None)
            return s->verdict == Store::Verdict::Valid ? m_palette.success : m_palette.server;
        return {};
    case Qt::ToolTipRole:
        if (column == ExchangeColumn::Time)
            return formatDateTime(s->startedUs);
        if (column == ExchangeColumn::Path)
            return QString::fromUtf8(s->target);
        if (column == ExchangeColumn::Status && s->status == 0 && s->hasError)
            return QStringLiteral("No response: select it to see the error");
        if (column == ExchangeColumn::Verdict && s->verdict == Store::Verdict::Invalid) {
            return QStringLiteral("Invalid signature%1%2")
                .arg(s->verdictReason.isEmpty() ? QString()
                                                : QStringLiteral(": ") + s->verdictReason,
                     s->blocked
                         ? QStringLiteral("; Hookscope answered 403 and the app never saw it")
                         : QString());
        }
        return {};
    case SortRole:
        switch (column) {
        case ExchangeColumn::Id:
            return s->id;
        case ExchangeColumn::Time:
            return s->startedUs;
        case ExchangeColumn::Method:
            return s->method;
        case ExchangeColumn::Path:
            return s->target;
        case ExchangeColumn::Status:
            return s->status;
        case ExchangeColumn::Duration:
            return s->durationUs;
        case ExchangeColumn::RequestSize:
            return s->requestSize;
        case ExchangeColumn::ResponseSize:
            return s->responseSize;
        case ExchangeColumn::ContentType:
            return s->responseContentType;
        case ExchangeColumn::Verdict:
            return int(s->verdict);
        case ExchangeColumn::Replay:
            return s->replayOf;
        }
    }
    return {};
}

QVariant ExchangeListModel::display(const Store::ExchangeSummary &s, ExchangeColumn column) const
{
    switch (column) {
    case ExchangeColumn::Id:
        return s.id;
    case ExchangeColumn::Time:
        return formatClock(s.startedUs);
    case ExchangeColumn::Method:
        return QString::fromLatin1(s.method);
    case ExchangeColumn::Path:
        return QString::fromUtf8(s.target);
    case ExchangeColumn::Status:
        if (s.status == 0)
            return s.hasError ? QStringLiteral("error") : QStringLiteral("pending");
        if (s.blocked)
            return QString(QString::number(s.status) + QLatin1String(" blocked"));
        return QString(QString::number(s.status) + u' ' +
                       QString::fromLatin1(Http::reasonPhrase(s.status)));
    case ExchangeColumn::Duration:
        return formatDuration(s.durationUs);
    case ExchangeColumn::RequestSize:
        return formatSize(s.requestSize);
    case ExchangeColumn::ResponseSize:
        return s.status == 0 ? QString() : formatSize(s.responseSize);
    case ExchangeColumn::ContentType:
        return QString::fromLatin1(s.responseContentType.split(';').first());
    case ExchangeColumn::Verdict:
        return verdictText(s);
    case ExchangeColumn::Replay:
        return s.replayOf ? QStringLiteral("↻ #%1").arg(s.replayOf) : QString();
    }
    return {};
}

QVariant ExchangeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= exchangeColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto column = ExchangeColumn(section);
    if (role == Qt::DisplayRole)
        return columnTitle(column);
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignVCenter |
                                   (isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft));
    if (role == Qt::ToolTipRole && !columnFollowsCaptureOrder(column))
        return QStringLiteral("Sorts lists of up to %L1 exchanges; filter first for more")
            .arg(m_sortLimit);
    return {};
}

void ExchangeListModel::sort(int section, Qt::SortOrder order)
{
    if (section < 0 || section >= exchangeColumnCount)
        return;
    const auto column = ExchangeColumn(section);
    const bool sameRows =
        column == m_sortColumn || (!m_columnSorted && columnFollowsCaptureOrder(column));
    if (sameRows) {
        m_sortColumn = column;
        if (order != m_sortOrder) {
            m_sortOrder = order;
            reverseRows();
        }
        return;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    startLoading();
}

void ExchangeListModel::reverseRows()
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    const int last = int(m_ids.size()) - 1;
    for (const QModelIndex &i : before)
        after.append(index(last - i.row(), i.column()));
    changePersistentIndexList(before, after);
    m_reversed = !m_reversed;
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ExchangeListModel::setStatusPalette(const StatusPalette &palette)
{
    m_palette = palette;
    if (!m_ids.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, exchangeColumnCount - 1),
                           {Qt::ForegroundRole});
}

void ExchangeListModel::setFilter(const Store::Filter &filter)
{
    m_filter = filter;
    startLoading();
}

void ExchangeListModel::reload()
{
    startLoading();
}

void ExchangeListModel::startLoading()
{
    m_liveGeneration->store(++m_generation);
    beginResetModel();
    m_ids.clear();
    m_cache.clear();
    m_columnSorted = !columnFollowsCaptureOrder(m_sortColumn);
    m_reversed = (m_sortOrder == Qt::AscendingOrder) != m_columnSorted;
    m_total = m_store->count();
    m_matched = m_filter.isEmpty() ? m_total : -1;
    m_matchedAtLeast = false;
    // Everything above this id is a live capture; reading the first page below it keeps a
    // capture committed meanwhile from being listed twice.
    m_newestListed = m_store->newestId();
    ListLoad load;
    load.databasePath = m_store->path();
    load.filter = m_filter;
    load.sortColumn = m_sortColumn;
    load.sortLimit = m_sortLimit;
    bool complete = false;
    if (!m_columnSorted) {
        const QList<Store::ExchangeSummary> first = pageBelow(m_newestListed + 1, firstPageSize);
        m_ids.reserve(std::max<qint64>(m_total, first.size()));
        for (const Store::ExchangeSummary &s : first) {
            m_ids.append(s.id);
            m_cache.insert(s.id, s);
        }
        complete = first.size() < firstPageSize;
        load.beforeId = first.isEmpty() ? 0 : first.last().id;
    }
    endResetModel();

    const bool wasLoading = m_loading;
    m_loading = !complete;
    if (complete) {
        m_matched = m_ids.size();
        if (wasLoading)
            Q_EMIT loadingChanged(false);
        Q_EMIT countsChanged();
        flushCaptured();
        return;
    }
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
    Q_EMIT countsChanged();
    const int generation = m_generation;
    auto cancelled = [live = m_liveGeneration, generation] { return live->load() != generation; };
    auto sink = [this, generation](ListLoadEvent event) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, event = std::move(event)]() mutable {
                receive(generation, std::move(event));
            },
            Qt::QueuedConnection);
    };
    m_pool.start(new ExchangeListLoader(std::move(load), std::move(cancelled), std::move(sink)));
}

void ExchangeListModel::receive(int generation, ListLoadEvent event)
{
    if (generation != m_generation)
        return;
    switch (event.kind) {
    case ListLoadEvent::Counted:
        m_matched = event.count;
        m_matchedAtLeast = event.atLeast;
        Q_EMIT countsChanged();
        break;
    case ListLoadEvent::Ids: {
        const int n = int(event.ids.size());
        if (n == 0)
            break;
        const int first = m_reversed ? 0 : int(m_ids.size());
        beginInsertRows({}, first, first + n - 1);
        m_ids.append(event.ids);
        endInsertRows();
        if (m_matchedAtLeast && m_ids.size() > m_matched) {
            m_matched = m_ids.size();
            Q_EMIT countsChanged();
        }
        break;
    }
    case ListLoadEvent::SortedRows: {
        const int n = int(event.rows.size());
        if (n == 0)
            break;
        beginInsertRows({}, 0, n - 1);
        m_ids.reserve(n);
        for (Store::ExchangeSummary &s : event.rows) {
            m_ids.append(s.id);
            m_cache.insert(s.id, std::move(s));
        }
        endInsertRows();
        break;
    }
    case ListLoadEvent::Finished:
        finishLoading();
        break;
    case ListLoadEvent::Failed:
        Q_EMIT problem(event.error);
        if (m_columnSorted) {
            // Back to the order that works at any size.
            m_sortColumn = ExchangeColumn::Time;
            m_sortOrder = Qt::DescendingOrder;
            startLoading();
        } else {
            finishLoading();
        }
        break;
    }
}

void ExchangeListModel::finishLoading()
{
    m_loading = false;
    m_matchedAtLeast = false;
    m_matched = m_ids.size();
    Q_EMIT loadingChanged(false);
    Q_EMIT countsChanged();
    flushCaptured();
}

bool ExchangeListModel::waitForLoaded(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_loading && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return !m_loading;
}

void ExchangeListModel::refreshNewer()
{
    QList<Store::ExchangeSummary> newer = m_store->newerThan(m_newestListed, 4096);
    if (!newer.isEmpty())
        addCaptured(newer);
}

void ExchangeListModel::addCaptured(const QList<Store::ExchangeSummary> &added)
{
    m_captured.append(added);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ExchangeListModel::flushCaptured()
{
    // A column sort inserts into the loaded rows; until they are there, captures wait.
    if (m_captured.isEmpty() || (m_loading && m_columnSorted))
        return;
    qint64 newest = m_newestListed;
    qsizetype unseen = 0;
    for (const Store::ExchangeSummary &s : std::as_const(m_captured)) {
        if (s.id > m_newestListed) {
            ++unseen;
            newest = std::max(newest, s.id);
        }
    }
    QList<Store::ExchangeSummary> fresh;
    if (m_filter.isEmpty()) {
        for (Store::ExchangeSummary &s : m_captured) {
            if (s.id > m_newestListed)
                fresh.append(std::move(s));
        }
    } else if (unseen > 0) {
        // Which of them match is the store's to say (it searches headers and bodies the
        // summaries do not carry). Ids are committed in order, so everything up to the newest
        // capture announced so far is visible to this read.
        for (;;) {
            const qint64 after = fresh.isEmpty() ? m_newestListed : fresh.last().id;
            const QList<Store::ExchangeSummary> more = m_store->newerThan(m_filter, after, 4096);
            fresh.append(more);
            if (more.size() < 4096)
                break;
        }
        if (!fresh.isEmpty())
            newest = std::max(newest, fresh.last().id);
    }
    m_captured.clear();
    m_total += unseen;
    m_newestListed = newest;
    if (m_columnSorted) {
        fresh.removeIf([this](const Store::ExchangeSummary &s) { return m_cache.contains(s.id); });
    }
    if (fresh.isEmpty()) {
        if (unseen)
            Q_EMIT countsChanged();
        return;
    }
    std::sort(fresh.begin(), fresh.end(), [](const auto &a, const auto &b) { return a.id < b.id; });

    if (m_columnSorted) {
        const ExchangeColumn column = m_sortColumn;
        for (Store::ExchangeSummary &s : fresh) {
            const auto it =
                std::lower_bound(m_ids.begin(), m_ids.end(), s, [&](qint64 id, const auto &v) {
                    return columnLessThan(column, m_cache.value(id), v);
                });
            const qsizetype index = it - m_ids.begin();
            const int row = m_reversed ? int(m_ids.size() - index) : int(index);
            beginInsertRows({}, row, row);
            m_ids.insert(index, s.id);
            m_cache.insert(s.id, std::move(s));
            endInsertRows();
        }
    } else {
        const int n = int(fresh.size());
        const int first = m_reversed ? int(m_ids.size()) : 0;
        beginInsertRows({}, first, first + n - 1);
        // Newest first: the last capture of the batch goes to the very front.
        for (Store::ExchangeSummary &s : fresh) {
            m_ids.prepend(s.id);
            if (m_cache.size() < cacheLimit)
                m_cache.insert(s.id, std::move(s));
        }
        endInsertRows();
    }
    if (m_matched >= 0)
        m_matched += fresh.size();
    Q_EMIT countsChanged();
}

void ExchangeListModel::removeExchanges(const QList<qint64> &ids, bool all)
{
    if (all) {
        m_captured.clear();
        startLoading();
        return;
    }
    QList<qsizetype> indexes;
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            indexes.append(indexOfRow(row));
        m_cache.remove(id);
    }
    m_total = std::max<qint64>(0, m_total - ids.size());
    // Highest index first, in runs of neighbours: one removal per run keeps the view cheap when
    // retention drops thousands of the oldest rows at once.
    std::sort(indexes.begin(), indexes.end(), std::greater<>());
    for (qsizetype i = 0; i < indexes.size();) {
        qsizetype j = i;
        while (j + 1 < indexes.size() && indexes[j + 1] == indexes[j] - 1)
            ++j;
        const qsizetype low = indexes[j];
        const qsizetype count = indexes[i] - low + 1;
        const int firstRow = m_reversed ? rowOfIndex(indexes[i]) : rowOfIndex(low);
        beginRemoveRows({}, firstRow, firstRow + int(count) - 1);
        m_ids.remove(low, count);
        endRemoveRows();
        i = j + 1;
    }
    if (m_matched >= 0)
        m_matched = std::max<qint64>(0, m_matched - indexes.size());
    Q_EMIT countsChanged();
}

} // namespace Hookscope::Gui
