#pragma once

#include "signingsecrets.h"
#include "store/exchange.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Hookscope::Webhooks {
class Provider;
}

namespace Hookscope::Gui {

class BodyEditor;
class HeadersEditor;

// Edit & Resend: the method, path and query, header fields and body of a captured request, to send
// again as a new exchange linked to the original. Content-Length follows the body. For a webhook
// of a known provider, "Re-sign with a fresh timestamp" signs the request as sent (on by default
// once the body is changed) with the session's secret or one typed here, which is kept for this
// session only. The dialog only edits: whoever opened it sends edited() when it is accepted.
class EditResendDialog : public QDialog
{
    Q_OBJECT
public:
    EditResendDialog(const Store::Exchange &original, const SigningSecrets &secrets,
                     QWidget *parent = nullptr);

    // The original with the edits (its id kept, so the resend links to it).
    Store::Exchange edited() const;
    // The provider to re-sign with (null when not re-signing) and a secret typed here (empty when
    // the session's is used).
    const Webhooks::Provider *resignWith() const;
    QByteArray typedSecret() const;
    // Where Send goes ("http://127.0.0.1:3000"), as the window's replays do.
    void setDestination(const QString &upstreamUrl);
    // Whether what the dialog holds can be sent; why not otherwise.
    QString problem() const;

    // The request as it would go out now, re-signed when asked, as a curl command line.
    QString curlCommand(qint64 now) const;

    QComboBox *methodBox() const { return m_method; }
    QLineEdit *targetEdit() const { return m_target; }
    HeadersEditor *headersEditor() const { return m_headers; }
    BodyEditor *bodyEditor() const { return m_body; }
    QCheckBox *resignBox() const { return m_resign; }
    QLineEdit *secretEdit() const { return m_secret; }
    QPushButton *sendButton() const { return m_send; }

private:
    void updateState();

    Store::Exchange m_original;
    SigningSecrets m_secrets;
    const Webhooks::Provider *m_provider = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_target = nullptr;
    HeadersEditor *m_headers = nullptr;
    BodyEditor *m_body = nullptr;
    QCheckBox *m_resign = nullptr;
    QLineEdit *m_secret = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_problem = nullptr;
    QString m_destination;
    QPushButton *m_send = nullptr;
    QPushButton *m_curl = nullptr;
    bool m_resignTouched = false; // the user chose; the body no longer decides
};

} // namespace Hookscope::Gui
