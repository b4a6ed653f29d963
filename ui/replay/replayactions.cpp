#include "replayactions.h"

#include "editresenddialog.h"
#include "exchangelistview.h"
#include "format/displayformat.h"
#include "models/exchangelistmodel.h"
#include "replaycontroller.h"
#include "store/exchangestore.h"
#include "webhooks/provider.h"
#include "webhooks/registry.h"

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
}

ReplayActions::~ReplayActions() = default;

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
        m_controller->resend(dialog->edited(), dialog->resignWith());
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

void ReplayActions::report(int, const Replay::ReplayOutcome &outcome)
{
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
}

void ReplayActions::selectWhenListed()
{
    if (m_selectId && m_list->listModel()->rowOf(m_selectId) >= 0) {
        m_list->selectId(std::exchange(m_selectId, 0));
    }
}

} // namespace Hookscope::Gui
