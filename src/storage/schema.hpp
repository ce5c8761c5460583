// The registry database schema, its version number and the migrations that bring any older registry file
// up to the newest schema (each step in its own transaction with the version bump).
#pragma once

#include <string>

#include "storage/sqlite.hpp"

#ifndef MVR_PAGE_SIZE
#define MVR_PAGE_SIZE 8192
#endif

namespace mvr::storage {

constexpr int kSchemaVersion = 2;
constexpr int kApplicationId = 0x6d767221;  // "mvr!"
constexpr int kPageSize = MVR_PAGE_SIZE;

// Creates or migrates the schema. Throws StorageError for a file that is not an mvr registry or was
// written by a newer mvr.
void ensureSchema(Connection& c);

// Creates exactly the schema of an older version, for migration tests.
void createSchemaAtVersion(Connection& c, int version);

int schemaVersion(Connection& c);

}  // namespace mvr::storage
