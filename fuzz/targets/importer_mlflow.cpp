// The mlflow importer from text, then the round trip of what it built (importer_target.hpp).
#include "importer_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mvr::fuzz::runImporter(mvr::importers::Format::MLflow,
                           {"model.json", "version.json", "run.json", "experiment.json", "MLmodel", "models.json", "logged_models.json"},
                           mvr::fuzz::text(data, size));
    return 0;
}
