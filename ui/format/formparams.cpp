#include "formparams.h"

#include "displayformat.h"

#include <QUrl>

namespace Hookscope::Gui {

namespace {

QString decodeComponent(QByteArrayView part)
{
    QByteArray bytes = part.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace

QList<Param> parseUrlEncoded(QByteArrayView text)
{
    QList<Param> params;
    for (const QByteArrayView pair : QByteArray::fromRawData(text.data(), text.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            params.append({decodeComponent(pair), {}});
        else
            params.append({decodeComponent(pair.first(eq)), decodeComponent(pair.sliced(eq + 1))});
    }
    return params;
}

QList<Param> parseQuery(QByteArrayView target)
{
    const qsizetype q = target.indexOf('?');
    if (q < 0)
        return {};
    QByteArrayView query = target.sliced(q + 1);
    if (const qsizetype hash = query.indexOf('#'); hash >= 0)
        query = query.first(hash);
    return parseUrlEncoded(query);
}

QByteArray targetPath(QByteArrayView target)
{
    const qsizetype q = target.indexOf('?');
    return (q < 0 ? target : target.first(q)).toByteArray();
}

QByteArray headerParameter(QByteArrayView headerValue, QByteArrayView name)
{
    const QList<QByteArray> parts =
        QByteArray::fromRawData(headerValue.data(), headerValue.size()).split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts[i].trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq < 0 || part.first(eq).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        QByteArray value = part.sliced(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.sliced(1, value.size() - 2);
        return value;
    }
    return {};
}

QList<Param> parseMultipart(QByteArrayView body, QByteArrayView boundary)
{
    QList<Param> params;
    if (boundary.isEmpty())
        return params;
    const QByteArray delimiter = "--" + boundary.toByteArray();
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        qsizetype partStart = pos + delimiter.size();
        if (body.sliced(partStart).startsWith("--"))
            break;
        const qsizetype next = body.indexOf(delimiter, partStart);
        const qsizetype partEnd = next < 0 ? body.size() : next;
        if (body.sliced(partStart).startsWith("\r\n"))
            partStart += 2;
        QByteArrayView part = body.sliced(partStart, partEnd - partStart);
        if (part.endsWith("\r\n"))
            part.chop(2);
        const qsizetype headEnd = part.indexOf("\r\n\r\n");
        const QByteArrayView head = headEnd < 0 ? part : part.first(headEnd);
        const QByteArrayView content = headEnd < 0 ? QByteArrayView() : part.sliced(headEnd + 4);
        QByteArray disposition, type;
        for (const QByteArray &line :
             QByteArray::fromRawData(head.data(), head.size()).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.first(colon).trimmed().toLower();
            if (name == "content-disposition")
                disposition = line.sliced(colon + 1).trimmed();
            else if (name == "content-type")
                type = line.sliced(colon + 1).trimmed();
        }
        const QString name = QString::fromUtf8(headerParameter(disposition, "name"));
        const QByteArray filename = headerParameter(disposition, "filename");
        if (!filename.isEmpty() || !type.isEmpty()) {
            QString description = QString::fromUtf8(filename);
            description += QLatin1String(" (") +
                           (type.isEmpty() ? QStringLiteral("no type") : QString::fromUtf8(type)) +
                           QLatin1String(", ") + formatSize(content.size()) + u')';
            params.append({name, description.trimmed()});
        } else {
            params.append({name, QString::fromUtf8(content)});
        }
        pos = next;
    }
    return params;
}

} // namespace Hookscope::Gui
