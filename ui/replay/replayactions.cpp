#include "replayactions.h"

#include "comparisonview.h"
#include "editresenddialog.h"
#include "exchangelistview.h"
#include "format/displayformat.h"
#include "models/exchangelistmodel.h"
#include "replaycontroller.h"
#include "responsediffview.h"
#include "store/exchangestore.h"
#include "webhooks/provider.h"
#include "webhooks/registry.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>

namespace Hookscope::Gui {

namespace {

QString describe(const Store::Exchange &e)
{
    QString text;
    if (e.response)
        text = QStringLiteral("%1 %2")
                   .arg(e.response->status)
                   .arg(QString::fromLatin1(e.response->reason));
    else
        text = QStringLiteral("no response");
    if (e.durationUs >= 0)
        text += QStringLiteral(" in %1").arg(formatDuration(e.durationUs));
    if (!e.error.isEmpty())
        text += QStringLiteral(" (%1)").arg(e.error);
    if (e.verdict != Store::Verdict::None) {
        const Webhooks::Provider *provider = Webhooks::findProvider(e.verdictProvider);
        const QString name = provider ? provider->displayName() : e.verdictProvider;
        text += e.verdict == Store::Verdict::Valid
                    ? QStringLiteral(" · %1 signature valid").arg(name)
                    : QStringLiteral(" · %1 signature invalid: %2").arg(name, e.verdictReason);
    }
    return text;
}

} // namespace

ReplayActions::ReplayActions(Store::ExchangeStore *store, Store::ExchangeWriter *writer,
                             ExchangeListView *list, QWidget *window)
    : QObject(window)
    , m_store(store)
    , m_writer(writer)
    , m_list(list)
    , m_window(window)
{
    m_controller = new ReplayController(store->path(), writer, this);
    connect(m_controller, &ReplayController::needsDecision, this, &ReplayActions::askAboutStale);
    connect(m_controller, &ReplayController::replayed, this, &ReplayActions::report);
    connect(m_controller, &ReplayController::failed, this, [this](int, const QString &why) {
        Q_EMIT problem(QStringLiteral("Nothing was replayed"), why);
    });
    connect(m_controller, &ReplayController::finished, this, [this] {
        if (!m_controller->isBusy())
            Q_EMIT idle();
    });
    connect(m_list->listModel(), &QAbstractItemModel::rowsInserted, this,
            &ReplayActions::selectWhenListed);
    connect(m_list->listModel(), &QAbstractItemModel::modelReset, this,
            &ReplayActions::selectWhenListed);

    m_compareAction = new QAction(QStringLiteral("Compare with Original"), this);
    m_compareAction->setShortcut(QKeySequence(Qt::Key_D));
    m_compareAction->setToolTip(QStringLiteral("How the response of this replay differs from "
                                               "its original's (D)"));
    connect(m_compareAction, &QAction::triggered, this,
            [this] { compareWithOriginal(m_list->currentId()); });
    m_compareAllAction = new QAction(QStringLiteral("Replay All and Compare…"), this);
    m_compareAllAction->setToolTip(QStringLiteral("Replay the selected exchanges (or all the "
                                                  "list shows) and list which responses "
                                                  "changed"));
    connect(m_compareAllAction, &QAction::triggered, this, [this] {
        QList<qint64> ids = m_list->selectedIds();
        if (ids.size() <= 1)
            ids = m_list->listModel()->idsOldestFirst();
        replayAllAndCompare(ids);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ReplayActions::updateCompareAction);
    connect(m_list->listModel(), &QAbstractItemModel::modelReset, this,
            &ReplayActions::updateCompareAction);
    updateCompareAction();
    connect(m_controller, &ReplayController::compared, this,
            [this](int batch, const Replay::ComparedReplay &result) {
                if (batch != m_comparing || !m_comparison)
                    return;
                const std::optional<Store::ExchangeSummary> s =
                    m_list->listModel()->summaryAt(m_list->listModel()->rowOf(result.originalId));
                m_comparison->add(result, s ? QString::fromLatin1(s->method) + u' ' +
                                                  QString::fromUtf8(s->target)
                                            : QString());
            });
    connect(m_controller, &ReplayController::finished, this, [this](int batch) {
        if (batch != m_comparing)
            return;
        m_comparing = 0;
        m_compareAllAction->setEnabled(true);
        if (m_comparison)
            m_comparison->finish();
    });
}

ReplayActions::~ReplayActions() = default;

ResponseDiffView *ReplayActions::diffView() const
{
    return m_diff;
}

ComparisonView *ReplayActions::comparisonView() const
{
    return m_comparison;
}

template<typename W>
W *ReplayActions::openWindow(W *widget)
{
    // A window of its own over the main one, gone when closed.
    widget->setParent(m_window, Qt::Window);
    widget->setAttribute(Qt::WA_DeleteOnClose);
    widget->show();
    return widget;
}

void ReplayActions::updateCompareAction()
{
    const int row = m_list->currentIndex().row();
    const std::optional<Store::ExchangeSummary> s =
        row >= 0 ? m_list->listModel()->summaryAt(row) : std::nullopt;
    m_compareAction->setEnabled(s && s->replayOf > 0);
}

bool ReplayActions::compareWithOriginal(qint64 replayId)
{
    const std::optional<Store::Exchange> replay =
        replayId ? m_store->exchange(replayId) : std::nullopt;
    if (!replay || !replay->replayOf) {
        Q_EMIT message(QStringLiteral("#%1 is not a replay: select one marked ↻ to compare it "
                                      "with its original")
                           .arg(replayId),
                       10'000);
        return false;
    }
    showDiff(replay->replayOf, replayId);
    return true;
}

void ReplayActions::showDiff(qint64 originalId, qint64 replayId)
{
    const std::optional<Store::Exchange> original = m_store->exchange(originalId);
    const std::optional<Store::Exchange> replay = m_store->exchange(replayId);
    if (!original || !replay) {
        Q_EMIT problem(QStringLiteral("Cannot compare"),
                       QStringLiteral("Exchange %1 is no longer in the database.")
                           .arg(original ? replayId : originalId));
        return;
    }
    if (!m_diff)
        m_diff = openWindow(new ResponseDiffView);
    m_diff->showDiff(*original, *replay);
    m_diff->resize(980, 720);
    m_diff->raise();
    m_diff->activateWindow();
}

void ReplayActions::replayAllAndCompare(const QList<qint64> &ids)
{
    if (ids.isEmpty() || m_comparing)
        return;
    if (ids.size() > 100 &&
        QMessageBox::question(m_window, QStringLiteral("Replay %L1 exchanges?").arg(ids.size()),
                              QStringLiteral("Each of the %L1 exchanges is sent to the app again "
                                             "and its response compared with the original's.")
                                  .arg(ids.size()),
                              QMessageBox::Yes | QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    if (m_comparison)
        m_comparison->close();
    m_comparison = openWindow(new ComparisonView(int(ids.size())));
    m_comparing = m_controller->replayAndCompare(ids);
    m_compareAllAction->setEnabled(false);
    connect(m_comparison, &ComparisonView::diffRequested, this, &ReplayActions::showDiff);
    connect(m_comparison, &ComparisonView::cancelRequested, this, [this] {
        if (m_comparing)
            m_controller->stopComparing(m_comparing);
    });
}

EditResendDialog *ReplayActions::editDialog() const
{
    return m_dialog;
}

void ReplayActions::setSession(const QString &upstreamUrl, const QString &webhookProvider,
                               const QByteArray &webhookSecret)
{
    std::optional<Proxy::UpstreamTarget> to;
    if (!upstreamUrl.isEmpty()) {
        if (Result<Proxy::UpstreamTarget> parsed = Proxy::UpstreamTarget::parse(upstreamUrl))
            to = *parsed;
    }
    m_controller->setUpstream(to);
    if (!webhookProvider.isEmpty())
        m_controller->secrets().set(webhookProvider, webhookSecret);
}

void ReplayActions::replay(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    m_controller->replay(ids);
    Q_EMIT message(ids.size() == 1 ? QStringLiteral("Replaying #%1…").arg(ids.first())
                                   : QStringLiteral("Replaying %L1 exchanges…").arg(ids.size()),
                   0);
}

void ReplayActions::editAndResend(qint64 id)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    const std::optional<Store::Exchange> original = m_store->exchange(id);
    if (!original) {
        Q_EMIT problem(QStringLiteral("Cannot edit #%1").arg(id),
                       QStringLiteral("Exchange %1 is no longer in the database.").arg(id));
        return;
    }
    if (original->upgraded) {
        Q_EMIT problem(QStringLiteral("Cannot edit #%1").arg(id),
                       QStringLiteral("Exchange %1 switched protocols (WebSocket); only its "
                                      "handshake was recorded and it cannot be sent again.")
                           .arg(id));
        return;
    }
    auto *dialog = new EditResendDialog(*original, m_controller->secrets(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const std::optional<Proxy::UpstreamTarget> to = m_controller->upstream())
        dialog->setDestination(to->url());
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const Webhooks::Provider *provider = dialog->resignWith()) {
            if (const QByteArray typed = dialog->typedSecret(); !typed.isEmpty())
                m_controller->secrets().set(provider->name(), typed);
        }
        m_resends.insert(m_controller->resend(dialog->edited(), dialog->resignWith()));
        Q_EMIT message(QStringLiteral("Sending the edited #%1…").arg(dialog->edited().id), 0);
    });
    dialog->show();
}

void ReplayActions::askAboutStale(int batch, const QStringList &warnings)
{
    auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Stale webhook signature"),
                                QStringLiteral("A receiver that checks signatures will refuse "
                                               "this replay: its signature is too old."),
                                QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("staleSignature"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    box->setInformativeText(QStringLiteral("Re-sign it with a fresh timestamp using the secret "
                                           "this session knows, or send it exactly as captured."));
    box->setDetailedText(warnings.join(u'\n'));
    QPushButton *resign =
        box->addButton(QStringLiteral("Re-sign and replay"), QMessageBox::AcceptRole);
    resign->setObjectName(QStringLiteral("resign"));
    QPushButton *asIs =
        box->addButton(QStringLiteral("Replay as is"), QMessageBox::DestructiveRole);
    asIs->setObjectName(QStringLiteral("asIs"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(resign);
    connect(box, &QMessageBox::buttonClicked, this, [this, batch, resign, asIs](auto *button) {
        if (button == resign)
            m_controller->decide(batch, true);
        else if (button == asIs)
            m_controller->decide(batch, false);
        else
            m_controller->cancel(batch);
    });
    box->show();
}

void ReplayActions::report(int batch, const Replay::ReplayOutcome &outcome)
{
    const bool resend = m_resends.remove(batch);
    if (!outcome.exchange) {
        Q_EMIT problem(QStringLiteral("Replay of #%1 failed").arg(outcome.originalId),
                       outcome.error);
        return;
    }
    const Store::Exchange &replay = *outcome.exchange;
    QString text = QStringLiteral("#%1 replayed as #%2: %3")
                       .arg(outcome.originalId)
                       .arg(replay.id)
                       .arg(describe(replay));
    for (const QString &warning : outcome.warnings)
        text += QStringLiteral(" · ") + warning;
    Q_EMIT message(text, 20'000);
    m_selectId = replay.id;
    // Without a writer (whose committed() lists it) the replay was written by another
    // connection: the list looks for it.
    if (!m_writer)
        m_list->listModel()->refreshNewer();
    selectWhenListed();
    Q_EMIT replayRecorded(outcome.originalId, replay.id);
    // An edited resend is sent to see what the app answers now: show how that differs.
    if (resend)
        showDiff(outcome.originalId, replay.id);
}

void ReplayActions::selectWhenListed()
{
    if (m_selectId && m_list->listModel()->rowOf(m_selectId) >= 0) {
        m_list->selectId(std::exchange(m_selectId, 0));
    }
}

} // namespace Hookscope::Gui
