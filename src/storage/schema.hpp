// The registry database schema, its version number and the migrations that bring any older registry file
// up to the newest schema (each step in its own transaction with the version bump).
#pragma once

#include <string>

#include "core/shared_constants.hpp"
#include "storage/sqlite.hpp"

namespace mvr::storage {

constexpr int kSchemaVersion = 4;
constexpr int kApplicationId = 0x6d767221;  // "mvr!"
// The page size of every registry file: the page VFS and the browser glue use the same one.
constexpr int kPageSize = static_cast<int>(shared::kPageSize);

// Creates or migrates the schema. Throws StorageError for a file that is not an mvr registry or was
// written by a newer mvr.
void ensureSchema(Connection& c);

// Creates exactly the schema of an older version, for migration tests.
void createSchemaAtVersion(Connection& c, int version);

int schemaVersion(Connection& c);

}  // namespace mvr::storage
