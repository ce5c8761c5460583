// Version filters as people type them.
#include "core/filter.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(fuzz::text(data, size));
    core::Filter f;
    std::string error;
    if (core::parseFilter(in, f, error)) {
        for (const core::Condition& c : f.conditions) (void)core::opSql(c.op);
    } else {
        fuzz::check(!error.empty(), "a filter was refused without a message");
    }
    return 0;
}
