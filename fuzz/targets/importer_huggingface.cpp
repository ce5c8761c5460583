// The huggingface importer from text, then the round trip of what it built (importer_target.hpp).
#include "importer_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mvr::fuzz::runImporter(mvr::importers::Format::HuggingFace,
                           {"README.md", "model.safetensors.index.json"},
                           mvr::fuzz::text(data, size));
    return 0;
}
