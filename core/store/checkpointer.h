#pragma once

#include "common/result.h"

#include <QString>
#include <memory>

namespace Hookscope::Store {

// Copies a capture database's write-ahead log back into the file, on a thread and connection of
// its own, when asked. The writer appends to the log meanwhile (a passive checkpoint never takes
// the write lock), so neither the copy nor its syncs to disk hold up a capture; the log starts
// over once everything in it is copied and no reader still reads from it; in idle time it is
// also cut back to nothing, so that a burst's log does not keep its disk space.
class Checkpointer
{
public:
    static Result<std::unique_ptr<Checkpointer>> open(const QString &path);
    // Finishes the checkpoint under way, if any, then stops.
    ~Checkpointer();
    Checkpointer(const Checkpointer &) = delete;
    Checkpointer &operator=(const Checkpointer &) = delete;

    enum class Mode {
        Copy,           // copy what is in the log, never holding up the writer
        CopyAndTruncate // then, unless the writer or a reader uses the log, empty its file
    };
    // Asks for a checkpoint without waiting for it. Asked while one runs, another follows it;
    // asked several times meanwhile, one follows, truncating when any of them asked for that.
    void request(Mode mode);

private:
    Checkpointer() = default;
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace Hookscope::Store
