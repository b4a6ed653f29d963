#include "schema.h"

#include "sqlfunctions.h"

#include <functional>
#include <sqlite3.h>
#include <vector>

namespace Hookscope::Store {

namespace {

// Version 1: summary columns first so list and filter scans touch few pages; header blocks at
// the end of the row; bodies in their own table keyed by the exchange id.
// AUTOINCREMENT: ids are never reused, so paging by key and replay links stay unambiguous
// after deletes.
const char schemaV1[] = R"(
CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_us INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER,
    request_size INTEGER NOT NULL,
    response_size INTEGER NOT NULL,
    verdict INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0,
    replay_of INTEGER,
    upgraded INTEGER NOT NULL DEFAULT 0,
    request_truncated INTEGER NOT NULL DEFAULT 0,
    response_truncated INTEGER NOT NULL DEFAULT 0,
    target TEXT NOT NULL,
    http_version INTEGER NOT NULL,
    response_version INTEGER,
    reason TEXT,
    request_content_type TEXT,
    response_content_type TEXT,
    client_addr TEXT NOT NULL,
    upstream TEXT NOT NULL,
    error TEXT,
    verdict_provider TEXT,
    verdict_reason TEXT,
    request_headers TEXT NOT NULL,
    response_headers TEXT
);
CREATE TABLE bodies (
    exchange_id INTEGER PRIMARY KEY REFERENCES exchanges(id) ON DELETE CASCADE,
    request BLOB NOT NULL,
    response BLOB NOT NULL
);
CREATE INDEX exchanges_status ON exchanges(status);
CREATE INDEX exchanges_method ON exchanges(method);
CREATE INDEX exchanges_path ON exchanges(path);
CREATE INDEX exchanges_verdict ON exchanges(verdict);
CREATE INDEX exchanges_blocked ON exchanges(blocked) WHERE blocked = 1;
CREATE INDEX exchanges_replay_of ON exchanges(replay_of) WHERE replay_of IS NOT NULL;
)";

// Version 2: a contentless full-text index over the request line, both header blocks, the
// decoded bodies and facet words for the summary columns (see searchtext.h), rowid = exchange
// id. Contentless keeps the file small: the
// text is derived from the stored rows whenever it is needed again. The writer fills it in id
// order, right away when it keeps up and in idle time after bursts; search_state holds the
// highest id below which every exchange is indexed, so queries treat newer ones separately.
const char schemaV2[] = R"(
CREATE VIRTUAL TABLE search USING fts5(line, headers, body, facets, content='', columnsize=0);
INSERT INTO search (search, rank) VALUES ('pgsz', 16000);
CREATE TABLE search_state (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    indexed_up_to INTEGER NOT NULL
);
INSERT INTO search_state (only, indexed_up_to) VALUES (1, 0);
)";

struct Migration
{
    int version;
    std::function<Status(Database &)> apply;
};

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> list = {
        {1, [](Database &db) { return db.exec(schemaV1); }},
        {2, [](Database &db) { return db.exec(schemaV2); }},
    };
    return list;
}

QString describe(const QString &path, const QString &reason)
{
    return QStringLiteral("cannot open capture database %1: %2").arg(path, reason);
}

} // namespace

int currentSchemaVersion()
{
    return migrations().back().version;
}

Status migrate(Database &db, const QString &path, int targetVersion)
{
    if (targetVersion <= 0)
        targetVersion = currentSchemaVersion();
    // Cheap check first so readers of an up-to-date file never take the write lock.
    const qint64 seen = db.queryInt("PRAGMA user_version", -1);
    if (seen < 0)
        return Error{
            describe(path, db.errorMessage() + QStringLiteral(" (is it a Hookscope capture "
                                                              "database? choose another "
                                                              "file with --db)"))};
    if (seen >= targetVersion && seen <= currentSchemaVersion())
        return {};
    if (seen > currentSchemaVersion())
        return Error{describe(path, QStringLiteral("it was written by a newer Hookscope (schema "
                                                   "version %1, this build knows up to %2); use "
                                                   "a newer Hookscope or choose another file "
                                                   "with --db")
                                        .arg(seen)
                                        .arg(currentSchemaVersion()))};

    // IMMEDIATE: two processes opening the same old file migrate one after the other.
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s)
        return Error{describe(path, s.error())};
    const qint64 version = db.queryInt("PRAGMA user_version", 0);
    for (const Migration &m : migrations()) {
        if (m.version <= version || m.version > targetVersion)
            continue;
        Status s = m.apply(db);
        if (s)
            s = db.exec(
                QByteArray("PRAGMA user_version = " + QByteArray::number(m.version)).constData());
        if (!s) {
            db.exec("ROLLBACK");
            return Error{describe(path, QStringLiteral("migrating the schema to version %1 "
                                                       "failed: %2")
                                            .arg(m.version)
                                            .arg(s.error()))};
        }
    }
    if (Status s = db.exec("COMMIT"); !s)
        return Error{describe(path, s.error())};
    return {};
}

Result<Database> openCaptureDatabase(const QString &path, ConnectionRole role)
{
    Result<Database> opened = Database::open(path);
    if (!opened)
        return opened;
    Database db = std::move(opened).value();

    sqlite3_busy_timeout(db.handle(), 5000);
    // Before anything creates the file: with 4 KiB pages a typical 2 KiB body takes a page of its
    // own, with 16 KiB pages seven share one. Ignored for existing files.
    if (Status s = db.exec("PRAGMA page_size = 16384"); !s)
        return Error{describe(path, s.error())};
    // WAL lets the window read while the writer commits; NORMAL syncs at checkpoints only, which
    // in WAL mode can lose the last commits on power loss but never corrupts the file.
    // Readers do not map the file: on a 1,000,000-exchange database a 256 MiB map put the pages a
    // filter touched into the window's resident memory (peak 294 MB against 116 MB without) and
    // made no filter faster (bench/ui-scale.sh).
    const char *pragmas = role == ConnectionRole::Writer
                              ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;"
                              : "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                                "PRAGMA cache_size = -32768; PRAGMA mmap_size = 0;";
    if (Status s = db.exec(pragmas); !s)
        return Error{describe(path, s.error() + QStringLiteral(" (is it a Hookscope capture "
                                                               "database? choose another file "
                                                               "with --db)"))};
    if (const int rc = registerSqlFunctions(db.handle()); rc != SQLITE_OK)
        return Error{describe(path, QString::fromUtf8(sqlite3_errstr(rc)))};
    if (Status s = migrate(db, path); !s)
        return Error{s.error()};
    return db;
}

} // namespace Hookscope::Store
