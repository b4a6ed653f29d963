#include "format/formparams.h"

#include <QTest>

using namespace Hookscope::Gui;

class TestFormParams : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void urlEncoded()
    {
        const QList<Param> params = parseUrlEncoded("a=1&b=two+words&c&d=%E2%98%95%26&a=2&&");
        const QList<Param> expected{
            {"a", "1"}, {"b", "two words"}, {"c", ""}, {"d", "☕&"}, {"a", "2"}};
        QCOMPARE(params, expected);
    }
    void query()
    {
        QCOMPARE(parseQuery("/hooks?x=1&y=%20#frag"), (QList<Param>{{"x", "1"}, {"y", " "}}));
        QVERIFY(parseQuery("/hooks").isEmpty());
        QCOMPARE(targetPath("/hooks/sentry?x=1"), QByteArray("/hooks/sentry"));
    }
    void headerParameters()
    {
        QCOMPARE(headerParameter("multipart/form-data; boundary=\"abc def\"", "BOUNDARY"),
                 QByteArray("abc def"));
        QCOMPARE(headerParameter("text/plain;charset=utf-8", "charset"), QByteArray("utf-8"));
        QVERIFY(headerParameter("text/plain", "charset").isEmpty());
    }
    void multipart()
    {
        const QByteArray body =
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"payload\"\r\n\r\n"
            "{\"a\":1}\r\n"
            "--XyZ\r\n"
            "Content-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\n"
            "Content-Type: image/png\r\n\r\n"
            "\x89PNG1234\r\n"
            "--XyZ--\r\n";
        const QList<Param> expected{{"payload", "{\"a\":1}"}, {"file", "p.png (image/png, 8 B)"}};
        QCOMPARE(parseMultipart(body, "XyZ"), expected);
    }
};

QTEST_GUILESS_MAIN(TestFormParams)
#include "tst_formparams.moc"
