// A whole file of mvr's format (one manifest, a list, a registry export) through the JSON reader and
// manifest validation, as an import reads it; then the same file read for storing only (shallow), which
// must hand over the same manifests with the same identity.
#include <vector>

#include "core/document.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

namespace {
std::vector<core::Manifest> readAll(std::string_view in, bool storingOnly, bool& clean) {
    core::Diagnostics diags(100);
    core::ManifestStream stream(in, "fuzz.json", diags);
    stream.storingOnly(storingOnly);
    std::vector<core::Manifest> out;
    core::Manifest m;
    while (stream.next(m) == 1) out.push_back(std::move(m));
    clean = stream.clean();
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    bool cleanWhole = false, cleanShallow = false;
    std::vector<core::Manifest> whole = readAll(in, false, cleanWhole);
    std::vector<core::Manifest> shallow = readAll(in, true, cleanShallow);
    fuzz::check(cleanWhole == cleanShallow, "a file is clean read whole but not for storing, or the reverse");
    fuzz::check(whole.size() == shallow.size(), "reading for storing handed over another number of manifests");
    for (size_t i = 0; i < whole.size(); ++i) {
        fuzz::check(whole[i].id() == shallow[i].id(), "reading for storing changed a version's id", whole[i].id(),
                    shallow[i].id());
        fuzz::check(whole[i].canonical == shallow[i].canonical, "reading for storing changed the canonical text",
                    whole[i].canonical, shallow[i].canonical);
        fuzz::check(whole[i].digest == shallow[i].digest, "reading for storing changed the digest");
    }
    return 0;
}
