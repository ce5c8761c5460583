// The wasm CLI under node has no threads (the same libraries as the page, built without them), but node has
// worker threads: a large file of mvr manifests is parsed and validated by a second instance of the module
// in one (src/cli/parse-worker-node.cjs), while this instance stores what it sends, as the native build's
// two threads do.
#pragma once

#include <memory>
#include <string>

#include "core/shared_constants.hpp"
#include "ops/parallel_reader.hpp"

namespace mvr::cli {


// The wasm CLI's backend of the reading seam (ops::ParallelReader): a large file of mvr manifests is read by
// the worker and its packs stored here. nullptr natively (there the job reads beside storing with a thread);
// its start() is false when the worker script is missing, and the job then reads the file itself.
std::unique_ptr<ops::ParallelReader> makeWorkerReader();
// Starts the worker on path ahead of the import, so that its start-up (a thread, a module instance,
// reading the file) overlaps whatever comes first, such as opening the registry. Nothing natively.
void prestartWorker(const std::string& path);
// How many files this process imported through the worker (for tests).
size_t workerImports();

}  // namespace mvr::cli
