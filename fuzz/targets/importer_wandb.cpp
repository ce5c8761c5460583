// The wandb importer from text, then the round trip of what it built (importer_target.hpp).
#include "importer_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mvr::fuzz::runImporter(mvr::importers::Format::Wandb,
                           {"wandb_manifest.json", "wandb-summary.json"},
                           mvr::fuzz::text(data, size));
    return 0;
}
