// Promotion rules as written in a registry or the app's Rules tab.
#include <vector>

#include "core/rules.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(fuzz::text(data, size));
    core::Rule r;
    std::vector<core::Diagnostic> problems;
    bool ok = core::parseRule(in, r, problems);
    fuzz::check(ok == problems.empty(), "parseRule's result disagrees with its problems");
    if (ok) {
        (void)r.readsDocuments();
        (void)r.metrics();
        (void)r.tags();
        (void)r.appliesTo("m");
        (void)core::rulesConflict(r, r);
    }
    return 0;
}
