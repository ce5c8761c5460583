// The dvc importer from text, then the round trip of what it built (importer_target.hpp).
#include "importer_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mvr::fuzz::runImporter(mvr::importers::Format::Dvc,
                           {"dvc.lock", "dvc.yaml", "params.yaml", "metrics.json", "params.json", "gto.tags"},
                           mvr::fuzz::text(data, size));
    return 0;
}
