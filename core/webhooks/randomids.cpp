#include "randomids.h"

#include <QRandomGenerator>
#include <QUuid>

namespace Hookscope::Webhooks::RandomIds {

namespace {
QByteArray pick(const char *alphabet, int alphabetSize, int count)
{
    QByteArray out(count, Qt::Uninitialized);
    for (int i = 0; i < count; ++i)
        out[i] = alphabet[QRandomGenerator::global()->bounded(alphabetSize)];
    return out;
}
} // namespace

QByteArray uuid()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QByteArray hex(int digits)
{
    return pick("0123456789abcdef", 16, digits);
}

QByteArray digits(int count)
{
    if (count <= 0)
        return {};
    return pick("123456789", 9, 1) + pick("0123456789", 10, count - 1);
}

QByteArray alphanumeric(int count)
{
    return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 62, count);
}

QByteArray upperAlphanumeric(int count)
{
    return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 36, count);
}

} // namespace Hookscope::Webhooks::RandomIds
