#pragma once

#include "store/exchange.h"

#include <random>

namespace Hookscope::Bench {

// Realistic captured traffic for scale benchmarks: Sentry, GitHub and Stripe webhooks with
// 1–2 KiB JSON bodies and signature verdicts, API GETs (some gzip-encoded), errors, replays.
// Deterministic for a seed; the n-th call describes the exchange that gets id n in a fresh file.
class SyntheticExchanges
{
public:
    explicit SyntheticExchanges(quint32 seed = 1, qint64 firstStartUs = 1'700'000'000'000'000);
    Store::Exchange next();

private:
    Store::Exchange sentry();
    Store::Exchange github();
    Store::Exchange stripe();
    Store::Exchange apiGet();
    void respond(Store::Exchange &e, int status, const QByteArray &body,
                 const QByteArray &contentType = "application/json");
    int pick(int n) { return int(m_random() % quint32(n)); }
    QByteArray hex(int bytes);
    QByteArray uuid();
    QByteArray words(int n);

    std::mt19937 m_random;
    qint64 m_clockUs = 0;
    qint64 m_count = 0;
};

} // namespace Hookscope::Bench
