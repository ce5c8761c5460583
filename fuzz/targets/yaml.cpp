// YAML files (dvc.lock, params.yaml, MLmodel, a card's front matter) through libyaml into core::Value.
#include "fuzz_support.hpp"
#include "importers/yaml.hpp"

using namespace mvr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    core::Diagnostics diags(100);
    core::Value out;
    importers::YamlOptions opt;
    opt.maxNodes = 100000;  // enough for every fixture; keeps one input fast
    bool ok = importers::parseYaml(fuzz::text(data, size), "fuzz.yaml", out, diags, opt);
    fuzz::check(ok == diags.empty(), "parseYaml's result disagrees with its problems");
    return 0;
}
