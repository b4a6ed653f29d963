#pragma once

#include "common/result.h"
#include "database.h"

#include <QString>

namespace Hookscope::Store {

// The schema version this build writes (PRAGMA user_version). Opening a file runs the ordered
// migrations from the file's version up to this one; a file from a newer build is refused.
int currentSchemaVersion();

enum class ConnectionRole { Reader, Writer };

// Opens a capture database the way every connection must: WAL, busy timeout, foreign keys,
// the SQL functions the queries use, and the schema migrated to the current version.
Result<Database> openCaptureDatabase(const QString &path, ConnectionRole role);

// Migrates an open connection up to targetVersion (0: the current one); exposed for tests that
// build files of older versions. The connection needs registerSqlFunctions() first.
Status migrate(Database &db, const QString &path, int targetVersion = 0);

} // namespace Hookscope::Store
