#include "http/responseparser.h"
#include "parsetranscript.h"

#include <QTest>

using Hookscope::Http::ParseStatus;
using Hookscope::Http::ResponseParser;
namespace T = Hookscope::Testing;

// Every row runs whole, byte by byte and at random split points: the transcript must not change.
class TestResponseParser : public QObject
{
    Q_OBJECT
private:
    static void row(const char *name, const QByteArray &input, const QStringList &expected,
                    bool closed = false, const QByteArray &method = "GET")
    {
        QTest::newRow(name) << input << closed << method << expected;
    }

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QStringList>("expected");

        row("ok with length",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 39\r\n\r\n"
            "{\"message\":\"Thank you for the message\"}",
            {"HEAD HTTP/1.1 200 OK", "  Content-Type: application/json", "  Content-Length: 39",
             "  framing=length:39 keepalive=1 upgrade=0 interim=0",
             "BODY {\"message\":\"Thank you for the message\"}", "END"});
        row("reason phrase with spaces and empty reason",
            "HTTP/1.1 404 Not Found Here\r\nContent-Length: 0\r\n\r\nHTTP/1.1 204 \r\n\r\n",
            {"HEAD HTTP/1.1 404 Not Found Here", "  Content-Length: 0",
             "  framing=none keepalive=1 upgrade=0 interim=0", "END", "HEAD HTTP/1.1 204 ",
             "  framing=none keepalive=1 upgrade=0 interim=0", "END"});
        row("chunked with trailers",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
            "3\r\nabc\r\n1\r\nd\r\n0\r\nX-Sum: 4\r\n\r\n",
            {"HEAD HTTP/1.1 200 OK", "  Transfer-Encoding: chunked", "  Trailer: X-Sum",
             "  framing=chunked keepalive=1 upgrade=0 interim=0", "TRAILER X-Sum: 4", "BODY abcd",
             "END"});
        row("body until close",
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this\r\nuntil the end",
            {"HEAD HTTP/1.1 200 OK", "  Content-Type: text/plain",
             "  framing=close keepalive=0 upgrade=0 interim=0",
             "BODY all of this\\r\\nuntil the end", "END"},
            true);
        row("body until close, still open", "HTTP/1.0 200 OK\r\n\r\nsome",
            {"HEAD HTTP/1.0 200 OK", "  framing=close keepalive=0 upgrade=0 interim=0"});
        row("head response has no body",
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
            "5\r\n\r\n",
            {"HEAD HTTP/1.1 200 OK", "  Content-Length: 100",
             "  framing=none keepalive=1 upgrade=0 interim=0", "END", "HEAD HTTP/1.1 200 OK",
             "  Content-Length: 5", "  framing=none keepalive=1 upgrade=0 interim=0", "END"},
            false, "HEAD");
        row("204 and 304 have no body",
            "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n",
            {"HEAD HTTP/1.1 204 No Content", "  framing=none keepalive=1 upgrade=0 interim=0",
             "END", "HEAD HTTP/1.1 304 Not Modified", "  Content-Length: 7",
             "  framing=none keepalive=1 upgrade=0 interim=0", "END"});
        row("100 continue then the final response",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
            {"HEAD HTTP/1.1 100 Continue", "  framing=none keepalive=1 upgrade=0 interim=1", "END",
             "HEAD HTTP/1.1 201 Created", "  Content-Length: 2",
             "  framing=length:2 keepalive=1 upgrade=0 interim=0", "BODY ok", "END"});
        row("101 switches protocols",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x05hello",
            {"HEAD HTTP/1.1 101 Switching Protocols", "  Upgrade: websocket",
             "  Connection: Upgrade", "  Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
             "  framing=none keepalive=0 upgrade=1 interim=0", "END", "REST \\x81\\x05hello"});
        row("http/1.0 keep-alive with length",
            "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
            {"HEAD HTTP/1.0 200 OK", "  Connection: keep-alive", "  Content-Length: 1",
             "  framing=length:1 keepalive=1 upgrade=0 interim=0", "BODY x", "END"});
        row("connection close with length",
            "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: "
            "4\r\n\r\noops",
            {"HEAD HTTP/1.1 500 Internal Server Error", "  Connection: close",
             "  Content-Length: 4", "  framing=length:4 keepalive=0 upgrade=0 interim=0",
             "BODY oops", "END"});

        row("closed before the body ended", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            {"HEAD HTTP/1.1 200 OK", "  Content-Length: 10",
             "  framing=length:10 keepalive=1 upgrade=0 interim=0",
             "ERROR the connection closed before the response was complete"},
            true);
        row("closed before the last chunk",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
            {"HEAD HTTP/1.1 200 OK", "  Transfer-Encoding: chunked",
             "  framing=chunked keepalive=1 upgrade=0 interim=0",
             "ERROR the connection closed before the response was complete"},
            true);
        row("obs-fold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n",
            {"ERROR obsolete line folding in a header field"});
        row("not http", "SSH-2.0-OpenSSH_9.2\r\n\r\n",
            {"ERROR malformed response: invalid constant string"});
        row("bad status", "HTTP/1.1 2x0 OK\r\n\r\n",
            {"ERROR malformed response: invalid HTTP status code"});
        row("bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
            {"HEAD HTTP/1.1 200 OK", "  Transfer-Encoding: chunked",
             "  framing=chunked keepalive=1 upgrade=0 interim=0",
             "ERROR invalid chunk size in a chunked body"});
    }

    void parses()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, closed);
        QFETCH(QByteArray, method);
        QFETCH(QStringList, expected);
        auto parser = [&] {
            auto p = std::make_unique<ResponseParser>();
            p->setRequestMethod(method);
            return p;
        };
        QCOMPARE(T::transcribe(*parser(), T::inOnePiece(input), closed).join(u"\n"),
                 expected.join(u"\n"));
        QCOMPARE(T::transcribe(*parser(), T::byteByByte(input), closed).join(u"\n"),
                 expected.join(u"\n"));
        for (quint32 seed = 1; seed <= 20; ++seed)
            QCOMPARE(T::transcribe(*parser(), T::atRandomPoints(input, seed), closed).join(u"\n"),
                     expected.join(u"\n"));
    }

    void methodAppliesPerResponse()
    {
        ResponseParser parser;
        parser.setRequestMethod("HEAD");
        const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";
        QCOMPARE(parser.feed(head).status, ParseStatus::MessageComplete);
        parser.setRequestMethod("GET");
        QCOMPARE(parser.feed(QByteArray(head + "abc")).status, ParseStatus::MessageComplete);
        QCOMPARE(parser.bodySize(), 3);
    }
};

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
