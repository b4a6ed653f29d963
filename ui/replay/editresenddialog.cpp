#include "editresenddialog.h"

#include "bodyeditor.h"
#include "headersbodysplit.h"
#include "headerseditor.h"
#include "interchange/curlcommand.h"
#include "requestedits.h"
#include "webhooks/provider.h"
#include "webhooks/registry.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QVBoxLayout>

namespace Hookscope::Gui {

namespace {

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+.^_`|~-").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

QByteArray mediaTypeOf(const Http::Headers &headers)
{
    return headers.value(QByteArrayLiteral("Content-Type")).split(';').first().trimmed().toLower();
}

} // namespace

EditResendDialog::EditResendDialog(const Store::Exchange &original, const SigningSecrets &secrets,
                                   QWidget *parent)
    : QDialog(parent)
    , m_original(original)
    , m_secrets(secrets)
    , m_provider(Webhooks::detectProvider(original.request))
    , m_destination(original.upstream)
{
    setWindowTitle(QStringLiteral("Edit & Resend #%1").arg(original.id));
    setObjectName(QStringLiteral("editResendDialog"));

    m_title = new QLabel(this);
    m_title->setWordWrap(true);

    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setCurrentText(QString::fromLatin1(original.request.method));
    m_method->setMinimumContentsLength(8);
    m_target = new QLineEdit(QString::fromLatin1(original.request.target), this);
    m_target->setObjectName(QStringLiteral("target"));
    m_target->setPlaceholderText(QStringLiteral("/path?query"));
    auto *line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_target, 1);

    m_headers = new HeadersEditor(this);
    m_body = new BodyEditor(this);
    auto *headersBox = new QGroupBox(QStringLiteral("Headers"), this);
    (new QVBoxLayout(headersBox))->addWidget(m_headers);
    auto *bodyBox = new QGroupBox(QStringLiteral("Body"), this);
    (new QVBoxLayout(bodyBox))->addWidget(m_body);
    QSplitter *split = headersOverBody(headersBox, bodyBox, this);

    m_resign = new QCheckBox(this);
    m_resign->setObjectName(QStringLiteral("resign"));
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(QStringLiteral("secret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setClearButtonEnabled(true);
    auto *signRow = new QHBoxLayout;
    signRow->addWidget(m_resign);
    signRow->addWidget(m_secret, 1);
    if (m_provider) {
        m_resign->setText(
            QStringLiteral("Re-sign as %1 with a fresh timestamp").arg(m_provider->displayName()));
        m_resign->setToolTip(QStringLiteral("Sign the request as sent, so that a receiver that "
                                            "checks %1 signatures accepts it")
                                 .arg(m_provider->displayName()));
        m_secret->setPlaceholderText(
            QStringLiteral("%1 secret: %2 (kept for this session only)")
                .arg(m_provider->displayName(), m_provider->secretDescription()));
        m_secret->setVisible(!m_secrets.has(m_provider));
    } else {
        m_resign->setVisible(false);
        m_secret->setVisible(false);
    }
    connect(m_resign, &QCheckBox::clicked, this, [this] {
        m_resignTouched = true;
        updateState();
    });

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(this);
    m_send = buttons->addButton(QStringLiteral("Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_curl = buttons->addButton(QStringLiteral("Copy as cURL"), QDialogButtonBox::ActionRole);
    m_curl->setToolTip(QStringLiteral("A curl command that sends the request as it would go now"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_curl, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(curlCommand(QDateTime::currentSecsSinceEpoch()));
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(line);
    layout->addWidget(split, 1);
    layout->addLayout(signRow);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    m_headers->setHeaders(original.request.headers);
    m_body->setBody(original.requestBody.bytes, mediaTypeOf(original.request.headers),
                    original.request.headers.contains(QByteArrayLiteral("Content-Encoding")));
    m_headers->setBodySize(m_body->body().size());

    connect(m_method, &QComboBox::currentTextChanged, this, &EditResendDialog::updateState);
    connect(m_target, &QLineEdit::textChanged, this, &EditResendDialog::updateState);
    connect(m_secret, &QLineEdit::textChanged, this, &EditResendDialog::updateState);
    connect(m_headers, &HeadersEditor::headersChanged, this, &EditResendDialog::updateState);
    connect(m_body, &BodyEditor::bodyChanged, this, [this] {
        m_headers->setBodySize(m_body->body().size());
        updateState();
    });
    setDestination(m_destination);
    resize(900, 760);
    m_body->editor()->setFocus();
}

void EditResendDialog::setDestination(const QString &upstreamUrl)
{
    m_destination = upstreamUrl;
    m_title->setText(QStringLiteral("Change request #%1 and send it again to <b>%2</b>. The "
                                    "original stays as it is; the answer is recorded as a new "
                                    "exchange linked to it.")
                         .arg(m_original.id)
                         .arg(upstreamUrl.toHtmlEscaped()));
    updateState();
}

Store::Exchange EditResendDialog::edited() const
{
    RequestEdits edits;
    edits.method = m_method->currentText().trimmed().toLatin1();
    edits.target = m_target->text().trimmed().toLatin1();
    edits.headers = m_headers->headers();
    edits.body = m_body->body();
    return editedExchange(m_original, std::move(edits));
}

const Webhooks::Provider *EditResendDialog::resignWith() const
{
    return m_provider && m_resign->isChecked() ? m_provider : nullptr;
}

QByteArray EditResendDialog::typedSecret() const
{
    return m_secret->isVisible() || !m_secrets.has(m_provider) ? m_secret->text().toUtf8()
                                                               : QByteArray();
}

QString EditResendDialog::problem() const
{
    const QByteArray method = m_method->currentText().trimmed().toLatin1();
    if (!isToken(method))
        return QStringLiteral("The method must be one word of letters (GET, POST, …).");
    const QString target = m_target->text().trimmed();
    if (target.isEmpty() || !(target.startsWith(u'/') || target == u'*') ||
        target.contains(QRegularExpression(QStringLiteral("[\\s\\x00-\\x1f]"))))
        return QStringLiteral("The path must start with / and contain no spaces (encode them as "
                              "%20).");
    if (m_original.requestBody.truncated)
        return QStringLiteral("Only the first %L1 of the %L2 body bytes were stored; capture it "
                              "again with a larger --max-body-size to resend it.")
            .arg(m_original.requestBody.bytes.size())
            .arg(m_original.requestBody.size);
    if (resignWith()) {
        const QByteArray secret =
            m_secrets.has(m_provider) ? m_secrets.secretFor(m_provider) : m_secret->text().toUtf8();
        if (secret.isEmpty())
            return QStringLiteral("Enter the %1 secret to re-sign, or leave re-signing off.")
                .arg(m_provider->displayName());
        if (const Status usable = m_provider->checkSecret(secret); !usable)
            return usable.error();
    }
    return {};
}

QString EditResendDialog::curlCommand(qint64 now) const
{
    Store::Exchange exchange = edited();
    exchange.upstream = m_destination;
    if (const Webhooks::Provider *provider = resignWith()) {
        const QByteArray secret =
            m_secrets.has(provider) ? m_secrets.secretFor(provider) : m_secret->text().toUtf8();
        if (Result<Http::RequestHead> head =
                provider->signRequest(exchange.request, exchange.requestBody.bytes, secret, now))
            exchange.request = std::move(head).value();
    }
    const Result<QByteArray> command = Interchange::curlCommand(exchange);
    return command ? QString::fromUtf8(*command) : QString();
}

void EditResendDialog::updateState()
{
    if (m_provider && !m_resignTouched) {
        // Changed content carries a signature that no longer matches: re-sign unless told not to.
        const QSignalBlocker block(m_resign);
        m_resign->setChecked(m_body->isChanged());
    }
    m_secret->setEnabled(m_resign->isChecked());
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_send->setEnabled(why.isEmpty());
    m_curl->setEnabled(!m_original.requestBody.truncated);
}

} // namespace Hookscope::Gui
