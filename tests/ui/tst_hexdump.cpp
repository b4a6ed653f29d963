#include "format/hexdump.h"

#include <QTest>

using namespace Hookscope::Gui;

class TestHexDump : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hexDumpLines()
    {
        const QString dump = hexDump(QByteArray("{\"a\":1}\n\x00\xff"
                                                "0123456789",
                                                20),
                                     0x10);
        const QStringList lines = dump.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0],
                 QStringLiteral("00000010  7b 22 61 22 3a 31 7d 0a  00 ff 30 31 32 33 34 35  "
                                "|{\"a\":1}...012345|"));
        QCOMPARE(lines[1],
                 QStringLiteral("00000020  36 37 38 39                                       "
                                "|6789|"));
    }
    void empty() { QVERIFY(hexDump({}).isEmpty()); }
};

QTEST_GUILESS_MAIN(TestHexDump)
#include "tst_hexdump.moc"
