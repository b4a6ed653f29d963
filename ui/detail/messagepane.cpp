#include "messagepane.h"

#include "bodyview.h"
#include "format/displayformat.h"
#include "format/formparams.h"
#include "http/serializer.h"
#include "keyvaluetable.h"
#include "models/keyvaluemodel.h"
#include "summaryview.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

QList<Param> headerRows(const Http::Headers &headers)
{
    QList<Param> rows;
    rows.reserve(headers.size());
    for (const Http::HeaderField &f : headers)
        rows.append({QString::fromLatin1(f.name), QString::fromUtf8(f.value)});
    return rows;
}

QString bodyFact(const Store::CapturedBody &body, const Http::Headers &headers)
{
    if (body.size == 0)
        return QStringLiteral("none");
    QString fact = formatSize(body.size);
    if (const QByteArray type = headers.value("Content-Type"); !type.isEmpty())
        fact += QStringLiteral(" · ") + QString::fromLatin1(type);
    if (const QByteArray encoding = headers.value("Content-Encoding"); !encoding.isEmpty())
        fact += QStringLiteral(" · ") + QString::fromLatin1(encoding);
    if (body.truncated)
        fact += QStringLiteral(" (first %1 stored)").arg(formatSize(body.bytes.size()));
    return fact;
}

QString verdictFact(const Store::Exchange &e)
{
    const QString provider = e.verdictProvider.isEmpty() ? QString() : e.verdictProvider + u' ';
    QString fact;
    switch (e.verdict) {
    case Store::Verdict::None:
        return {};
    case Store::Verdict::Valid:
        fact = QStringLiteral("✓ valid %1signature").arg(provider);
        break;
    case Store::Verdict::Invalid:
        fact = QStringLiteral("✗ invalid %1signature").arg(provider);
        break;
    }
    if (!e.verdictReason.isEmpty())
        fact += QLatin1String(": ") + e.verdictReason;
    return fact;
}

QString requestUrl(const Store::Exchange &e)
{
    const QByteArray &target = e.request.target;
    if (!target.startsWith('/'))
        return QString::fromUtf8(target); // absolute-form, authority-form or '*'
    const QByteArray host = e.request.headers.value("Host");
    if (host.isEmpty())
        return QString::fromUtf8(target);
    return QLatin1String("http://") + QString::fromLatin1(host) + QString::fromUtf8(target);
}

} // namespace

MessagePane::MessagePane(MessageSide side, QWidget *parent)
    : QWidget(parent)
    , m_side(side)
{
    m_pool.setMaxThreadCount(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs);

    m_summary = new SummaryView(m_tabs);
    m_tabs->addTab(m_summary, QStringLiteral("Summary"));

    m_headersModel = new KeyValueModel(QStringLiteral("Name"), QStringLiteral("Value"), this);
    m_headersTable = new KeyValueTable(m_tabs);
    m_headersTable->setModel(m_headersModel);
    m_tabs->addTab(m_headersTable, QStringLiteral("Headers"));

    m_body = new BodyView(m_tabs);
    m_tabs->addTab(m_body, QStringLiteral("Body"));

    auto *raw = new QWidget(m_tabs);
    auto *rawLayout = new QVBoxLayout(raw);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->setSpacing(0);
    m_raw = new QPlainTextEdit(raw);
    m_raw->setReadOnly(true);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_raw->setFrameShape(QFrame::NoFrame);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    rawLayout->addWidget(m_raw, 1);
    m_rawNote = new QLabel(raw);
    m_rawNote->setContentsMargins(6, 3, 6, 3);
    m_rawNote->setForegroundRole(QPalette::PlaceholderText);
    m_rawNote->hide();
    rawLayout->addWidget(m_rawNote);
    m_tabs->addTab(raw, QStringLiteral("Raw"));

    connect(m_body, &BodyView::showAllRequested, this,
            [this] { render({.textLimit = 0, .hexLimit = 0}); });
    showNothing(QString());
}

MessagePane::~MessagePane()
{
    ++m_generation;
    m_pool.waitForDone();
}

void MessagePane::showNothing(const QString &why)
{
    ++m_generation;
    m_rendering = false;
    m_input = {};
    m_summary->clear();
    if (!why.isEmpty())
        m_summary->setFields({{QString(), why}});
    m_headersModel->setRows({});
    m_body->clear();
    m_raw->clear();
    m_rawNote->hide();
}

void MessagePane::showExchange(const Store::Exchange &exchange)
{
    if (m_side == MessageSide::Request)
        fillRequest(exchange);
    else
        fillResponse(exchange);
    render({});
}

void MessagePane::fillRequest(const Store::Exchange &e)
{
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("Request"), QString::fromLatin1(e.request.method) + u' ' + requestUrl(e)},
        {QStringLiteral("Time"), formatDateTime(e.startedUs)},
        {QStringLiteral("Client"), e.clientAddress},
        {QStringLiteral("Body"), bodyFact(e.requestBody, e.request.headers)},
    };
    if (const QString verdict = verdictFact(e); !verdict.isEmpty())
        fields.append({QStringLiteral("Signature"), verdict});
    if (e.replayOf)
        fields.append({QStringLiteral("Replay of"), QStringLiteral("#%1").arg(e.replayOf)});
    fields.append({QStringLiteral("Exchange"), QStringLiteral("#%1").arg(e.id)});
    m_summary->setFields(fields);
    m_summary->setQueryParameters(parseQuery(e.request.target));

    const QByteArray type = e.request.headers.value("Content-Type");
    const QByteArray media = type.split(';').first().trimmed().toLower();
    if (media == "application/x-www-form-urlencoded")
        m_summary->setFormParameters(parseUrlEncoded(e.requestBody.bytes),
                                     QStringLiteral("Form parameters"));
    else if (media == "multipart/form-data")
        m_summary->setFormParameters(
            parseMultipart(e.requestBody.bytes, headerParameter(type, "boundary")),
            QStringLiteral("Form parts"));
    else
        m_summary->setFormParameters({}, QString());

    m_headersModel->setRows(headerRows(e.request.headers));
    m_input = {Http::serializeRequestHead(e.request), e.request.headers, e.requestBody, {}};
}

void MessagePane::fillResponse(const Store::Exchange &e)
{
    QList<QPair<QString, QString>> fields;
    if (e.response) {
        const Http::ResponseHead &r = *e.response;
        fields.append({QStringLiteral("Status"), QString::fromLatin1(r.version.toBytes()) + u' ' +
                                                     QString::number(r.status) + u' ' +
                                                     QString::fromLatin1(r.reason)});
    } else {
        fields.append({QStringLiteral("Status"), e.durationUs < 0 ? QStringLiteral("pending")
                                                                  : QStringLiteral("no response")});
    }
    if (!e.error.isEmpty())
        fields.append({QStringLiteral("Error"), e.error});
    if (e.blocked)
        fields.append({QStringLiteral("Blocked"),
                       QStringLiteral("Hookscope answered 403; the app never saw this request")});
    fields.append({QStringLiteral("Duration"), formatDuration(e.durationUs)});
    fields.append({QStringLiteral("Upstream"), e.upstream});
    if (e.upgraded)
        fields.append({QStringLiteral("Upgrade"),
                       QStringLiteral("switched protocols; only the handshake is recorded")});
    const Http::Headers headers = e.response ? e.response->headers : Http::Headers{};
    if (e.response)
        fields.append({QStringLiteral("Body"), bodyFact(e.responseBody, headers)});
    m_summary->setFields(fields);
    m_summary->setQueryParameters({});
    m_summary->setFormParameters({}, QString());
    m_headersModel->setRows(headerRows(headers));
    m_input = {e.response ? Http::serializeResponseHead(*e.response) : QByteArray(),
               headers,
               e.responseBody,
               {}};
}

void MessagePane::render(BodyFormatOptions options)
{
    const int generation = ++m_generation;
    m_rendering = true;
    m_input.options = options;
    m_body->showPending();
    m_pool.start(new MessageRenderJob(m_input, [this, generation](MessageRendering result) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, result = std::move(result)]() mutable {
                if (generation != m_generation)
                    return;
                m_rendering = false;
                m_body->showBody(std::move(result.body));
                m_raw->setPlainText(result.raw);
                m_rawNote->setText(QStringLiteral("Showing the first part of the body; the Body "
                                                  "tab shows all of it."));
                m_rawNote->setVisible(result.rawClipped);
                Q_EMIT rendered();
            },
            Qt::QueuedConnection);
    }));
}

QString MessagePane::rawText() const
{
    return m_raw->toPlainText();
}

void MessagePane::copyBody() const
{
    m_body->copyToClipboard();
}

void MessagePane::copyHeaders() const
{
    QApplication::clipboard()->setText(m_headersModel->toText());
}

} // namespace Hookscope::Gui
