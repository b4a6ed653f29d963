#pragma once

#include "http/message.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <optional>

namespace Hookscope::Store {

// The signature verdict of a webhook: none when no verifier applied to the request.
enum class Verdict : int { None = 0, Valid = 1, Invalid = 2 };

// A body as stored: the bytes after de-chunking and before content decoding, capped at the
// configured maximum. `size` is the full size that crossed the wire; `truncated` says the stored
// bytes are only its first part.
struct CapturedBody
{
    QByteArray bytes;
    qint64 size = 0;
    bool truncated = false;
};

// One request and its response as captured: a plain value that crosses threads.
struct Exchange
{
    qint64 id = 0;          // 0 until the store has written it
    qint64 startedUs = 0;   // Unix epoch microseconds at the request's first byte
    qint64 durationUs = -1; // to the end of the response; -1 while pending
    QString clientAddress;  // "127.0.0.1:54321"
    QString upstream;       // where it was sent, "http://127.0.0.1:3000"
    Http::RequestHead request;
    CapturedBody requestBody;
    std::optional<Http::ResponseHead> response; // none when no response was sent at all
    CapturedBody responseBody;
    QString error; // what went wrong (upstream refused, timed out, client vanished…), else empty
    Verdict verdict = Verdict::None;
    QString verdictProvider; // "sentry", "github", …
    QString verdictReason;   // for a person: "signature mismatch (body looks re-serialised)"
    bool blocked = false;    // answered by Hookscope with 403; never reached the app
    qint64 replayOf = 0;     // the original's id when this is a replay or an edited resend
    bool upgraded = false;   // switched protocols (WebSocket); only the handshake is recorded
};

// What the exchange list shows: a row without bodies or headers.
struct ExchangeSummary
{
    qint64 id = 0;
    qint64 startedUs = 0;
    qint64 durationUs = -1;
    QByteArray method;
    QByteArray target;
    int status = 0; // 0 when there was no response
    qint64 requestSize = 0;
    qint64 responseSize = 0;
    QByteArray responseContentType;
    Verdict verdict = Verdict::None;
    QString verdictReason; // in brief, as far as its first ':' ("signature mismatch"), or empty
    bool blocked = false;
    qint64 replayOf = 0;
    bool hasError = false;
};

ExchangeSummary summarize(const Exchange &exchange);

// A verdict reason in brief: the part before its first ':' ("missing signature header").
QString briefVerdictReason(const QString &reason);

} // namespace Hookscope::Store

Q_DECLARE_METATYPE(Hookscope::Store::Exchange)
Q_DECLARE_METATYPE(Hookscope::Store::ExchangeSummary)
