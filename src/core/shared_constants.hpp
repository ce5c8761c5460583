// Values that the C++ code and the JavaScript beside it must agree on, in one place. The build reads this
// file (scripts/shared_constants.cmake) and writes the values into public/mvr-constants.js, an ES module the
// page's glue imports (kPageSize becomes PAGE_SIZE, and so on); the node CLI's worker is handed its values
// by the C++ that starts it (src/cli/worker_import.cpp). In core so that every layer may include it.
// Keep each value on one line in the form `inline constexpr TYPE kName = INTEGER EXPRESSION;` (numbers,
// + - * / << and parentheses): that is what the build reads, and it fails on a line it cannot read.
#pragma once

#include <cstdint>

namespace mvr::shared {

// Bytes per page of the registry's database file: the page VFS's page (storage::kVfsPageSize), SQLite's
// page size, and the unit of the records the page keeps in IndexedDB.
inline constexpr uint32_t kPageSize = 8192;

// Files at least this large are parsed by a second instance of the module in a worker (the page's
// web/parse-worker.js, the node CLI's worker thread); below, starting it costs more than it saves.
inline constexpr uint32_t kParseWorkerMinBytes = 4u << 20;
// How much of a file's start importers::startsAsMvr is shown to tell whether the worker can read it.
inline constexpr uint32_t kFormatHeadBytes = 1u << 20;

// Manifests per pack, and packs sent but not yet stored, of the page's parse worker: large packs (about
// 1 MB), few messages to a busy main thread, at most about 4 MB between the two sides.
inline constexpr uint32_t kPagePackManifests = 256;
inline constexpr uint32_t kPagePacksInFlight = 4;
// The same for the node CLI's worker thread: small packs, so the first arrives sooner and the last leaves
// less behind (docs/browser-storage.md, "Importing large files").
inline constexpr uint32_t kCliPackManifests = 64;
inline constexpr uint32_t kCliPacksInFlight = 16;

}  // namespace mvr::shared
