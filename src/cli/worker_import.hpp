// The wasm CLI under node has no threads (the same libraries as the page, built without them), but node has
// worker threads: a large file of mvr manifests is parsed and validated by a second instance of the module
// in one (src/cli/parse-worker-node.cjs), while this instance stores what it sends, as the native build's
// two threads do.
#pragma once

#include <string>

#include "storage/registry.hpp"

namespace mvr::cli {

// Files at least this large go to the worker; below, starting it costs more than it saves.
constexpr size_t kWorkerImportMinBytes = 4u << 20;

// Imports the mvr manifests of file `path` into session through the parse worker. False when there is no
// worker here (native builds, or the worker script is missing): the caller then reads the file itself.
bool importWithWorker(storage::ImportSession& session, const std::string& path, storage::FileReport& out);
// Starts the worker on path ahead of importWithWorker, so that its start-up (a thread, a module instance,
// reading the file) overlaps whatever comes first, such as opening the registry. Nothing natively.
void prestartWorker(const std::string& path);
// How many files this process imported through the worker (for tests).
size_t workerImports();

}  // namespace mvr::cli
