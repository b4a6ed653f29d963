#pragma once

#include "http/requestparser.h"
#include "http/responseparser.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace Hookscope::Testing {

// Ways to cut a byte stream into the pieces a socket might deliver.
QList<QByteArray> inOnePiece(const QByteArray &bytes);
QList<QByteArray> byteByByte(const QByteArray &bytes);
QList<QByteArray> atRandomPoints(const QByteArray &bytes, quint32 seed);

// Feeds the pieces to a parser the way a connection would (keeping unconsumed bytes for the next
// message, stopping at an error or a protocol switch, finish() at the end when `closed`) and writes
// down what it saw, one line per fact, so that runs over different splits compare equal:
//   HEAD GET /a HTTP/1.1 | "  Name: value" per field | "  framing=… keepalive=… upgrade=…"
//   BODY <escaped>  (all pieces joined) | TRAILER Name: value | END | ERROR <reason> | REST
//   <escaped>
QStringList transcribe(Http::RequestParser &parser, const QList<QByteArray> &pieces, bool closed);
QStringList transcribe(Http::ResponseParser &parser, const QList<QByteArray> &pieces, bool closed);

// Printable form of bytes used in transcripts: C-style escapes for CR, LF, NUL and the rest.
QString escaped(const QByteArray &bytes);

} // namespace Hookscope::Testing
