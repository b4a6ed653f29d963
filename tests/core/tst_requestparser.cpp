#include "http/requestparser.h"
#include "parsetranscript.h"

#include <QTest>

using Hookscope::Http::ParserLimits;
using Hookscope::Http::ParseStatus;
using Hookscope::Http::RequestParser;
namespace T = Hookscope::Testing;

// Every row runs whole, byte by byte and at random split points: the transcript must not change.
class TestRequestParser : public QObject
{
    Q_OBJECT
private:
    static void row(const char *name, const QByteArray &input, const QStringList &expected,
                    bool closed = false)
    {
        QTest::newRow(name) << input << closed << expected;
    }

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("closed");
        QTest::addColumn<QStringList>("expected");

        row("get", "GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n",
            {"HEAD GET /a?b=1 HTTP/1.1", "  Host: x",
             "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("post with length",
            "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: 11\r\n\r\n{\"a\":\"b\"}\r\n",
            {"HEAD POST /hook HTTP/1.1", "  Host: x", "  Content-Type: application/json",
             "  Content-Length: 11", "  framing=length:11 keepalive=1 upgrade=0 continue=0",
             "BODY {\"a\":\"b\"}\\r\\n", "END"});
        row("field order, spelling and duplicates kept, OWS trimmed",
            "PUT /x HTTP/1.1\r\nhost: x\r\nX-B:  2 \t\r\nx-a: 1\r\nX-B: 3\r\nContent-Length: "
            "0\r\n\r\n",
            {"HEAD PUT /x HTTP/1.1", "  host: x", "  X-B: 2", "  x-a: 1", "  X-B: 3",
             "  Content-Length: 0", "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("chunked with extensions and trailers",
            "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n",
            {"HEAD POST /c HTTP/1.1", "  Host: x", "  Transfer-Encoding: chunked",
             "  framing=chunked keepalive=1 upgrade=0 continue=0", "TRAILER X-Checksum: abc",
             "TRAILER X-Other: d", "BODY hello, world", "END"});
        row("http/1.0 closes by default", "GET / HTTP/1.0\r\n\r\n",
            {"HEAD GET / HTTP/1.0", "  framing=none keepalive=0 upgrade=0 continue=0", "END"});
        row("http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            {"HEAD GET / HTTP/1.0", "  Connection: keep-alive",
             "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("http/1.1 connection close", "GET / HTTP/1.1\r\nConnection: Close\r\n\r\n",
            {"HEAD GET / HTTP/1.1", "  Connection: Close",
             "  framing=none keepalive=0 upgrade=0 continue=0", "END"});
        row("pipelined requests are delivered one at a time",
            "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            "\r\nGET /3 HTTP/1.1\r\n\r\n",
            {"HEAD GET /1 HTTP/1.1", "  Host: x", "  framing=none keepalive=1 upgrade=0 continue=0",
             "END", "HEAD POST /2 HTTP/1.1", "  Content-Length: 3",
             "  framing=length:3 keepalive=1 upgrade=0 continue=0", "BODY abc", "END",
             "HEAD GET /3 HTTP/1.1", "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("expect 100-continue",
            "POST /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
            {"HEAD POST /u HTTP/1.1", "  Expect: 100-continue", "  Content-Length: 2",
             "  framing=length:2 keepalive=1 upgrade=0 continue=1", "BODY ok", "END"});
        row("expect is ignored on http/1.0",
            "POST /u HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
            {"HEAD POST /u HTTP/1.0", "  Expect: 100-continue", "  Content-Length: 0",
             "  framing=none keepalive=0 upgrade=0 continue=0", "END"});
        row("websocket upgrade leaves the rest unparsed",
            "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
            "\x81\x02hi",
            {"HEAD GET /ws HTTP/1.1", "  Host: x", "  Connection: Upgrade", "  Upgrade: websocket",
             "  framing=none keepalive=1 upgrade=1 continue=0", "END", "REST \\x81\\x02hi"});
        row("upgrade header without connection upgrade is no upgrade",
            "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            {"HEAD GET / HTTP/1.1", "  Upgrade: websocket",
             "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("empty lines before a request are ignored", "\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            {"HEAD GET / HTTP/1.1", "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
        row("nothing at all, then close", "", {}, true);

        row("content-length with transfer-encoding",
            "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            {"ERROR Content-Length together with Transfer-Encoding (ambiguous framing)"});
        row("transfer-encoding with content-length",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello",
            {"ERROR Content-Length together with Transfer-Encoding (ambiguous framing)"});
        row("differing content-length",
            "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            {"ERROR more than one Content-Length"});
        row("repeated content-length",
            "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            {"ERROR more than one Content-Length"});
        row("content-length list", "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\nhello!",
            {"ERROR invalid Content-Length"});
        row("negative content-length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            {"ERROR invalid Content-Length"});
        row("transfer-encoding not ending in chunked",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabc",
            {"ERROR a Transfer-Encoding that does not end in chunked"});
        row("obs-fold", "GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\r\n",
            {"ERROR obsolete line folding in a header field"});
        row("obs-fold with tab", "GET / HTTP/1.1\r\nX-A: one\r\n\ttwo\r\n\r\n",
            {"ERROR obsolete line folding in a header field"});
        row("bad chunk size",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            {"HEAD POST / HTTP/1.1", "  Transfer-Encoding: chunked",
             "  framing=chunked keepalive=1 upgrade=0 continue=0",
             "ERROR invalid chunk size in a chunked body"});
        row("oversized head", "GET / HTTP/1.1\r\nX-Big: " + QByteArray(65 * 1024, 'a') + "\r\n\r\n",
            {"ERROR the request head is larger than 64 KiB"});
        row("control character in a value", QByteArray("GET / HTTP/1.1\r\nX-A: a\x01z\r\n\r\n"),
            {"ERROR invalid character in a header field"});
        row("nul in a value", QByteArray("GET / HTTP/1.1\r\nX-A: a\0z\r\n\r\n", 31),
            {"ERROR invalid character in a header field"});
        row("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
            {"ERROR invalid character in a header field"});
        row("garbage start line", "HELLO\r\n\r\n",
            {"ERROR malformed request: invalid HTTP method"});
        row("bad version", "GET / HTTP/x.1\r\n\r\n",
            {"ERROR malformed request: invalid HTTP version"});
        row("closed in the middle of the body", "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
            {"HEAD POST / HTTP/1.1", "  Content-Length: 10",
             "  framing=length:10 keepalive=1 upgrade=0 continue=0",
             "ERROR the connection closed before the request was complete"},
            true);
        row("closed in the middle of the head", "GET / HTTP/1.1\r\nHost:",
            {"ERROR the connection closed before the request was complete"}, true);
        row("the caller decides to close after connection close",
            "GET /1 HTTP/1.1\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
            {"HEAD GET /1 HTTP/1.1", "  Connection: close",
             "  framing=none keepalive=0 upgrade=0 continue=0", "END", "HEAD GET /2 HTTP/1.1",
             "  framing=none keepalive=1 upgrade=0 continue=0", "END"});
    }

    void parses()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, closed);
        QFETCH(QStringList, expected);
        {
            RequestParser parser;
            QCOMPARE(T::transcribe(parser, T::inOnePiece(input), closed).join(u"\n"),
                     expected.join(u"\n"));
        }
        {
            RequestParser parser;
            QCOMPARE(T::transcribe(parser, T::byteByByte(input), closed).join(u"\n"),
                     expected.join(u"\n"));
        }
        for (quint32 seed = 1; seed <= 20; ++seed) {
            RequestParser parser;
            QCOMPARE(T::transcribe(parser, T::atRandomPoints(input, seed), closed).join(u"\n"),
                     expected.join(u"\n"));
        }
    }

    void headLimitIsConfigurable()
    {
        RequestParser parser(ParserLimits{128});
        const QByteArray head = "GET / HTTP/1.1\r\nX-A: " + QByteArray(200, 'a') + "\r\n\r\n";
        QCOMPARE(parser.feed(head).status, ParseStatus::Error);
        QCOMPARE(parser.error(), QStringLiteral("the request head is larger than 128 bytes"));
        RequestParser roomy(ParserLimits{4096});
        QCOMPARE(roomy.feed(head).status, ParseStatus::MessageComplete);
    }

    void bodyPiecesPointIntoTheFedBytes()
    {
        RequestParser parser;
        const QByteArray bytes = "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody";
        const auto &r = parser.feed(bytes);
        QCOMPARE(r.status, ParseStatus::MessageComplete);
        QCOMPARE(r.consumed, bytes.size());
        QCOMPARE(r.events.size(), 3u);
        QCOMPARE(r.events[1].data.data(), bytes.constData() + bytes.size() - 4);
        QCOMPARE(parser.bodySize(), 4);
    }

    void failedParserStaysFailed()
    {
        RequestParser parser;
        QCOMPARE(parser.feed("GET / HTTP/1.1\r\nA\r\n b\r\n\r\n").status, ParseStatus::Error);
        QVERIFY(parser.hasFailed());
        const auto &again = parser.feed("GET / HTTP/1.1\r\n\r\n");
        QCOMPARE(again.status, ParseStatus::Error);
        QCOMPARE(again.consumed, 0);
    }

    void rejectedFramingKeepsTheHead_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("kept");
        QTest::newRow("cl then te") << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 5\r\n"
                                                  "Transfer-Encoding: chunked\r\n\r\n")
                                    << true;
        QTest::newRow("te then cl")
            << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                          "Content-Length: 5\r\n\r\n")
            << true;
        QTest::newRow("te not chunked")
            << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << true;
        QTest::newRow("obs-fold") << QByteArray("POST /a HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << false;
        QTest::newRow("bad method") << QByteArray("P@ST /a HTTP/1.1\r\n\r\n") << false;
    }

    void rejectedFramingKeepsTheHead()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, kept);
        for (const auto &pieces : {T::inOnePiece(input), T::byteByByte(input)}) {
            RequestParser parser;
            ParseStatus status = ParseStatus::NeedMore;
            for (const QByteArray &piece : pieces) {
                status = parser.feed(piece).status;
                if (status == ParseStatus::Error)
                    break;
            }
            QCOMPARE(status, ParseStatus::Error);
            QCOMPARE(parser.hasHead(), kept);
            if (kept) {
                QCOMPARE(parser.head().target, QByteArray("/a"));
                QCOMPARE(parser.head().headers.size(), input.count(':'));
            }
        }
    }

    void inMessageTracksProgress()
    {
        RequestParser parser;
        QVERIFY(!parser.inMessage());
        parser.feed("\r\n");
        QVERIFY(!parser.inMessage());
        parser.feed("POST / HTTP/1.1\r\nContent-");
        QVERIFY(parser.inMessage());
        parser.feed("Length: 1\r\n\r\n");
        QVERIFY(parser.inMessage());
        QCOMPARE(parser.feed("x").status, ParseStatus::MessageComplete);
        QVERIFY(!parser.inMessage());
    }
};

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
