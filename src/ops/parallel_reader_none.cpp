// Builds without threads (WebAssembly): text this thread holds is read in this thread (ops::FileImport);
// large files go to a worker through the front end's own reader (cli/worker_import.cpp, app/page_reader.cpp).
#include "ops/parallel_reader.hpp"

namespace mvr::ops {

std::unique_ptr<ParallelReader> makeTextReader() { return nullptr; }

}  // namespace mvr::ops
