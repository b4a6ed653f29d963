#pragma once

#include <QtGlobal>
#include <chrono>

namespace Hookscope::Proxy {

// A point in time read from both clocks: the wall clock for the record, the steady clock for
// durations that must not jump with it.
struct Moment
{
    qint64 epochUs = 0;
    qint64 steadyNs = 0;

    static Moment now()
    {
        using namespace std::chrono;
        return {duration_cast<microseconds>(system_clock::now().time_since_epoch()).count(),
                duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count()};
    }
    static qint64 steadyNowNs()
    {
        using namespace std::chrono;
        return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
    }
    qint64 microsecondsSince() const { return (steadyNowNs() - steadyNs) / 1000; }
};

} // namespace Hookscope::Proxy
