#include "messageparser.h"

#include <array>
#include <cstring>
#include <http_parser.h>
#include <limits>

namespace Hookscope::Http {

namespace {
bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArray trimmedOws(QByteArray value)
{
    qsizetype end = value.size();
    while (end > 0 && isOws(value.at(end - 1)))
        --end;
    value.truncate(end);
    return value;
}

bool isNamed(const QByteArray &name, QByteArrayView expected)
{
    return name.size() == expected.size() && name.compare(expected, Qt::CaseInsensitive) == 0;
}

// The method as the library names it, shared instead of allocated for every request.
QByteArray methodName(unsigned method)
{
    static const auto names = [] {
        std::array<QByteArray, 64> out;
        for (unsigned m = 0; m < out.size(); ++m)
            out[m] = QByteArray(http_method_str(static_cast<http_method>(m)));
        return out;
    }();
    return method < names.size() ? names[method]
                                 : QByteArray(http_method_str(static_cast<http_method>(method)));
}

// Field names most messages carry, shared instead of allocated for every message.
QByteArray internedName(const char *data, qsizetype size)
{
    static const QByteArray names[] = {
        QByteArrayLiteral("Host"),
        QByteArrayLiteral("Content-Type"),
        QByteArrayLiteral("Content-Length"),
        QByteArrayLiteral("User-Agent"),
        QByteArrayLiteral("Accept"),
        QByteArrayLiteral("Accept-Encoding"),
        QByteArrayLiteral("Connection"),
        QByteArrayLiteral("Date"),
        QByteArrayLiteral("Server"),
        QByteArrayLiteral("Transfer-Encoding"),
        QByteArrayLiteral("Keep-Alive"),
        QByteArrayLiteral("Expect"),
        QByteArrayLiteral("Cache-Control"),
        QByteArrayLiteral("Authorization"),
        QByteArrayLiteral("Upgrade"),
        QByteArrayLiteral("X-Forwarded-For"),
        QByteArrayLiteral("X-Forwarded-Proto"),
        QByteArrayLiteral("X-Forwarded-Host"),
        QByteArrayLiteral("content-type"),
        QByteArrayLiteral("content-length"),
        QByteArrayLiteral("host"),
        QByteArrayLiteral("user-agent"),
        QByteArrayLiteral("accept"),
        QByteArrayLiteral("connection"),
        QByteArrayLiteral("date"),
        QByteArrayLiteral("x-forwarded-for"),
    };
    for (const QByteArray &name : names) {
        if (name.size() == size && std::memcmp(name.constData(), data, size_t(size)) == 0)
            return name;
    }
    return QByteArray(data, size);
}

// Adds a piece of a start line or field value. Most come whole, in one piece: those get an array
// of their exact size at once, without append()'s growth (this runs for every field of every
// message).
void appendPiece(QByteArray &to, const char *at, size_t len)
{
    if (to.isEmpty())
        to = QByteArray(at, qsizetype(len));
    else
        to.append(at, qsizetype(len));
}

// RFC 9112 §9.3: HTTP/1.1 persists unless told to close; HTTP/1.0 only when asked to.
bool connectionPersists(const Version &version, const Headers &headers)
{
    if (headers.hasToken(QByteArrayLiteral("Connection"), QByteArrayLiteral("close")))
        return false;
    if (version.major > 1 || (version.major == 1 && version.minor >= 1))
        return true;
    return headers.hasToken(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
}

QString sizeText(qsizetype bytes)
{
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QString::number(bytes / 1024) + QStringLiteral(" KiB");
    return QString::number(bytes) + QStringLiteral(" bytes");
}
} // namespace

struct MessageParser::Private
{
    // libhttp-parser accepts obsolete line folding and lets the head grow to 80 KiB; a small scan
    // of the head bytes in front of it rejects both before the library sees them.
    enum class HeadScan { BeforeStart, InHead, Done };

    Kind kind;
    ParserLimits limits;
    http_parser parser{};
    FeedResult result;
    bool paused = false;
    bool failed = false;
    QString error;

    HeadScan scan = HeadScan::BeforeStart;
    qsizetype headBytes = 0;
    qsizetype lineLength = 0;
    bool firstLine = true;

    bool inMessage = false;
    bool headDone = false;
    bool hasHead = false;
    QByteArray url;
    QByteArray statusText;
    QByteArray field;
    const char *nameStart = nullptr; // a field name seen whole, still inside the fed bytes
    qsizetype nameSize = 0;
    QByteArray value;
    bool valuePending = false;
    Headers headers;
    Headers trailers;
    RequestHead requestHead;
    ResponseHead responseHead;
    QByteArray answeredMethod = "GET";

    BodyFraming framing = BodyFraming::None;
    qint64 contentLength = -1;
    qint64 bodySize = 0;
    bool keepAlive = false;
    bool upgrade = false;
    bool expectsContinue = false;

    Private(Kind k, ParserLimits l)
        : kind(k)
        , limits(l)
    {
        http_parser_init(&parser, k == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
        parser.data = this;
    }

    static Private *self(http_parser *p) { return static_cast<Private *>(p->data); }

    void fail(QString reason)
    {
        failed = true;
        error = std::move(reason);
        result.status = ParseStatus::Error;
    }

    const char *what() const { return kind == Kind::Request ? "request" : "response"; }

    // Scans head bytes; returns how many of `n` belong to the head (all of them while it goes on),
    // or -1 after fail().
    qsizetype scanHead(const char *data, qsizetype n)
    {
        qsizetype i = 0;
        if (scan == HeadScan::BeforeStart) {
            while (i < n && (data[i] == '\r' || data[i] == '\n'))
                ++i;
            if (i == n)
                return n;
            scan = HeadScan::InHead;
            headBytes = 0;
            lineLength = 0;
            firstLine = true;
        }
        while (i < n) {
            const auto *newline =
                static_cast<const char *>(std::memchr(data + i, '\n', size_t(n - i)));
            const qsizetype end = newline ? newline - data : n;
            headBytes += end - i + (newline ? 1 : 0);
            if (headBytes > limits.maxHeadSize) {
                fail(QStringLiteral("the %1 head is larger than %2")
                         .arg(QLatin1StringView(what()), sizeText(limits.maxHeadSize)));
                return -1;
            }
            if (lineLength == 0) {
                qsizetype first = i;
                while (first < end && data[first] == '\r')
                    ++first;
                if (first < end) {
                    if (!firstLine && isOws(data[first])) {
                        fail(QStringLiteral("obsolete line folding in a header field"));
                        return -1;
                    }
                    lineLength = end - first;
                }
            } else {
                lineLength += end - i;
            }
            if (!newline)
                return n;
            if (lineLength == 0) {
                scan = HeadScan::Done;
                return end + 1;
            }
            firstLine = false;
            lineLength = 0;
            i = end + 1;
        }
        return n;
    }

    // Stores the field read so far; false (with `error` set) when its name is not a token. The
    // library lets whitespace before the colon through, which RFC 9112 §5.1 says to reject.
    void resolveName()
    {
        if (nameStart) {
            field = internedName(nameStart, nameSize);
            nameStart = nullptr;
        }
    }

    bool flushField()
    {
        resolveName();
        if (!valuePending && field.isEmpty())
            return true;
        if (field.isEmpty() || field.contains(' ') || field.contains('\t')) {
            error = QStringLiteral("invalid character in a header field");
            return false;
        }
        (headDone ? trailers : headers)
            .fields()
            .append({std::move(field), trimmedOws(std::move(value))});
        field = QByteArray();
        value = QByteArray();
        valuePending = false;
        return true;
    }

    // The request's framing must be unambiguous (RFC 9112 §6.3): the checks are ours so that the
    // reason names the problem whatever the library version does.
    static QString requestFramingProblem(const Headers &headers)
    {
        int lengths = 0;
        bool differing = false;
        const QByteArray *firstLength = nullptr;
        const QByteArray *lastCoding = nullptr;
        for (const HeaderField &f : headers) {
            if (isNamed(f.name, "Content-Length")) {
                ++lengths;
                // A value the library stopped in front of is empty here: only known values count.
                if (!firstLength)
                    firstLength = &f.value;
                else if (!f.value.isEmpty() && f.value != *firstLength)
                    differing = true;
            } else if (isNamed(f.name, "Transfer-Encoding")) {
                lastCoding = &f.value;
            }
        }
        if (lastCoding && lengths > 0)
            return QStringLiteral(
                "Content-Length together with Transfer-Encoding (ambiguous framing)");
        if (lengths > 1) {
            return differing ? QStringLiteral("differing Content-Length values (ambiguous framing)")
                             : QStringLiteral("more than one Content-Length");
        }
        if (lastCoding) {
            const QByteArrayView codings(*lastCoding);
            const QByteArrayView last = codings.sliced(codings.lastIndexOf(',') + 1).trimmed();
            if (last.compare("chunked", Qt::CaseInsensitive) != 0)
                return QStringLiteral("a Transfer-Encoding that does not end in chunked");
        }
        return {};
    }

    QString libraryError(http_errno code)
    {
        if (!flushField())
            return error;
        if (kind == Kind::Request) {
            const QString framing = requestFramingProblem(hasHead ? requestHead.headers : headers);
            if (!framing.isEmpty())
                return framing;
        }
        switch (code) {
        case HPE_INVALID_EOF_STATE:
            return QStringLiteral("the connection closed before the %1 was complete")
                .arg(QLatin1StringView(what()));
        case HPE_HEADER_OVERFLOW:
            return QStringLiteral("the %1 head is too large").arg(QLatin1StringView(what()));
        case HPE_INVALID_CHUNK_SIZE:
            return QStringLiteral("invalid chunk size in a chunked body");
        case HPE_INVALID_CONTENT_LENGTH:
            return QStringLiteral("invalid Content-Length");
        case HPE_UNEXPECTED_CONTENT_LENGTH:
            return QStringLiteral("more than one Content-Length, or Content-Length with "
                                  "Transfer-Encoding");
        case HPE_INVALID_HEADER_TOKEN:
            return QStringLiteral("invalid character in a header field");
        default:
            return QStringLiteral("malformed %1: %2")
                .arg(QLatin1StringView(what()), QLatin1StringView(http_errno_description(code)));
        }
    }

    void beginMessage()
    {
        inMessage = true;
        headDone = false;
        hasHead = false;
        url.clear();
        statusText.clear();
        field = {};
        nameStart = nullptr;
        value = {};
        valuePending = false;
        headers = {};
        headers.fields().reserve(16);
        trailers = {};
        framing = BodyFraming::None;
        contentLength = -1;
        bodySize = 0;
        keepAlive = false;
        upgrade = false;
        expectsContinue = false;
    }

    void takeRequestHead()
    {
        requestHead.method = methodName(parser.method);
        requestHead.target = std::move(url);
        requestHead.version = {parser.http_major, parser.http_minor};
        requestHead.headers = std::move(headers);
        hasHead = true;
    }

    // The library rejects some framing at the very end of the head, before on_headers_complete:
    // the head is whole then, and worth recording with the rejection.
    void keepRejectedHead(http_errno code, bool atHeadEnd)
    {
        if (kind == Kind::Request && atHeadEnd && !hasHead && flushField() &&
            (code == HPE_UNEXPECTED_CONTENT_LENGTH || code == HPE_INVALID_TRANSFER_ENCODING))
            takeRequestHead();
    }

    // 0: go on; 1: the message has no body; 2: no body and the protocol switches; -1: reject.
    int headersComplete()
    {
        if (!flushField())
            return -1;
        headDone = true;
        scan = HeadScan::Done;
        const Version version{parser.http_major, parser.http_minor};
        const bool chunked = (parser.flags & F_CHUNKED) != 0;
        const bool hasLength = (parser.flags & F_CONTENTLENGTH) != 0;
        int verdict = 0;
        if (kind == Kind::Request) {
            takeRequestHead();
            const QString problem = requestFramingProblem(requestHead.headers);
            if (!problem.isEmpty()) {
                error = problem;
                return -1;
            }
            upgrade = parser.upgrade != 0;
            keepAlive = connectionPersists(version, requestHead.headers);
            expectsContinue = (version.major > 1 || (version.major == 1 && version.minor >= 1)) &&
                              requestHead.headers.hasToken(QByteArrayLiteral("Expect"),
                                                           QByteArrayLiteral("100-continue"));
            framing = chunked     ? BodyFraming::Chunked
                      : hasLength ? BodyFraming::ContentLength
                                  : BodyFraming::None;
        } else {
            const int status = parser.status_code;
            responseHead.status = status;
            responseHead.reason = std::move(statusText);
            responseHead.version = version;
            responseHead.headers = std::move(headers);
            hasHead = true;
            keepAlive = connectionPersists(version, responseHead.headers);
            if (status == 101) {
                upgrade = true;
                keepAlive = false;
                verdict = 2;
            } else if (status / 100 == 1 || status == 204 || status == 304 ||
                       answeredMethod == "HEAD") {
                verdict = 1;
            } else {
                framing = chunked     ? BodyFraming::Chunked
                          : hasLength ? BodyFraming::ContentLength
                                      : BodyFraming::UntilClose;
            }
            if (framing == BodyFraming::UntilClose)
                keepAlive = false;
        }
        if (framing == BodyFraming::ContentLength) {
            contentLength = static_cast<qint64>(parser.content_length);
            if (contentLength == 0)
                framing = BodyFraming::None;
        }
        result.events.push_back({ParseEvent::Head, {}});
        return verdict;
    }

    int messageComplete()
    {
        if (!flushField())
            return -1;
        if (!trailers.isEmpty())
            result.events.push_back({ParseEvent::Trailers, {}});
        result.events.push_back({ParseEvent::MessageComplete, {}});
        inMessage = false;
        scan = HeadScan::BeforeStart;
        paused = true;
        http_parser_pause(&parser, 1);
        return 0;
    }

    static int onMessageBegin(http_parser *p)
    {
        self(p)->beginMessage();
        return 0;
    }
    static int onUrl(http_parser *p, const char *at, size_t len)
    {
        appendPiece(self(p)->url, at, len);
        return 0;
    }
    static int onStatus(http_parser *p, const char *at, size_t len)
    {
        appendPiece(self(p)->statusText, at, len);
        return 0;
    }
    static int onHeaderField(http_parser *p, const char *at, size_t len)
    {
        Private *s = self(p);
        if (s->valuePending && !s->flushField())
            return -1;
        if (s->field.isEmpty() && !s->nameStart) {
            s->nameStart = at;
            s->nameSize = qsizetype(len);
            return 0;
        }
        if (s->nameStart) { // the name comes in pieces
            s->field = QByteArray(s->nameStart, s->nameSize);
            s->nameStart = nullptr;
        }
        s->field.append(at, qsizetype(len));
        return 0;
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t len)
    {
        Private *s = self(p);
        s->resolveName();
        appendPiece(s->value, at, len);
        s->valuePending = true;
        return 0;
    }
    static int onHeadersComplete(http_parser *p) { return self(p)->headersComplete(); }
    static int onBody(http_parser *p, const char *at, size_t len)
    {
        Private *s = self(p);
        s->bodySize += qint64(len);
        s->result.events.push_back({ParseEvent::Body, QByteArrayView(at, qsizetype(len))});
        return 0;
    }
    static int onMessageComplete(http_parser *p) { return self(p)->messageComplete(); }

    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings v;
            http_parser_settings_init(&v);
            v.on_message_begin = &onMessageBegin;
            v.on_url = &onUrl;
            v.on_status = &onStatus;
            v.on_header_field = &onHeaderField;
            v.on_header_value = &onHeaderValue;
            v.on_headers_complete = &onHeadersComplete;
            v.on_body = &onBody;
            v.on_message_complete = &onMessageComplete;
            return v;
        }();
        return s;
    }

    void startCall()
    {
        result.events.clear();
        result.consumed = 0;
        result.status = ParseStatus::NeedMore;
        if (paused) {
            paused = false;
            http_parser_pause(&parser, 0);
        }
    }

    // Interprets the library's state after http_parser_execute() stopped.
    bool checkStop(qsizetype position)
    {
        const http_errno code = HTTP_PARSER_ERRNO(&parser);
        if (code == HPE_OK)
            return true;
        result.consumed = position;
        if (code == HPE_PAUSED) {
            result.status = ParseStatus::MessageComplete;
        } else {
            // A callback that refused the input has already set a reason of its own.
            fail(!error.isEmpty() ? error : libraryError(code));
        }
        return false;
    }

    void feed(QByteArrayView data)
    {
        startCall();
        if (failed) {
            result.status = ParseStatus::Error;
            return;
        }
        const char *bytes = data.data();
        const qsizetype n = data.size();
        qsizetype position = 0;
        while (position < n) {
            qsizetype end = n;
            bool headEnds = false;
            if (scan != HeadScan::Done) {
                const qsizetype headPart = scanHead(bytes + position, n - position);
                if (headPart < 0) {
                    result.consumed = position;
                    return;
                }
                end = position + headPart;
                headEnds = scan == HeadScan::Done;
            }
            const size_t parsed =
                http_parser_execute(&parser, &settings(), bytes + position, size_t(end - position));
            position += qsizetype(parsed);
            resolveName(); // the fed bytes may not outlive this call
            const http_errno code = HTTP_PARSER_ERRNO(&parser);
            if (code != HPE_OK && code != HPE_PAUSED)
                keepRejectedHead(code, headEnds && position + 2 >= end);
            if (!checkStop(position))
                return;
            if (position < end) {
                fail(QStringLiteral("malformed %1").arg(QLatin1StringView(what())));
                result.consumed = position;
                return;
            }
        }
        result.consumed = n;
    }

    void finish()
    {
        startCall();
        if (failed) {
            result.status = ParseStatus::Error;
            return;
        }
        http_parser_execute(&parser, &settings(), nullptr, 0);
        if (!checkStop(0))
            return;
        if (inMessage) {
            // The library ignores an end of input in the bytes before the first header byte.
            fail(QStringLiteral("the connection closed before the %1 was complete")
                     .arg(QLatin1StringView(what())));
        }
    }
};

MessageParser::MessageParser(Kind kind, ParserLimits limits)
    : d(std::make_unique<Private>(kind, limits))
{}

MessageParser::~MessageParser() = default;

const FeedResult &MessageParser::feed(QByteArrayView data)
{
    d->feed(data);
    return d->result;
}

const FeedResult &MessageParser::finish()
{
    d->finish();
    return d->result;
}

BodyFraming MessageParser::framing() const
{
    return d->framing;
}

qint64 MessageParser::contentLength() const
{
    return d->framing == BodyFraming::ContentLength ? d->contentLength : -1;
}

bool MessageParser::keepAlive() const
{
    return d->keepAlive;
}

bool MessageParser::isUpgrade() const
{
    return d->upgrade;
}

const Headers &MessageParser::trailers() const
{
    return d->trailers;
}

qint64 MessageParser::bodySize() const
{
    return d->bodySize;
}

bool MessageParser::inMessage() const
{
    return d->inMessage || d->scan == Private::HeadScan::InHead;
}

bool MessageParser::hasHead() const
{
    return d->hasHead;
}

bool MessageParser::hasFailed() const
{
    return d->failed;
}

const QString &MessageParser::error() const
{
    return d->error;
}

const RequestHead &MessageParser::requestHead() const
{
    return d->requestHead;
}

const ResponseHead &MessageParser::responseHead() const
{
    return d->responseHead;
}

bool MessageParser::expectsContinueFlag() const
{
    return d->expectsContinue;
}

void MessageParser::setAnsweredMethod(const QByteArray &method)
{
    d->answeredMethod = method;
}

} // namespace Hookscope::Http
