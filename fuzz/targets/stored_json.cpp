// The stored-document reader (core/stored_json) on any bytes: it never reads out of bounds (the fuzz build's
// sanitizers watch), and where the bytes are a clean JSON document for the strict reader, the reader gives the
// strict reader's value for its canonical text; for text that is already canonical, for the text itself.
#include <cstring>

#include "core/json_reader.hpp"
#include "core/stored_json.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

namespace {

bool sameNumbers(const core::Value& a, const core::Value& b) {
    if (a.kind != b.kind || a.items.size() != b.items.size() || a.members.size() != b.members.size()) return false;
    if (a.isNumber() && std::memcmp(&a.number, &b.number, sizeof(double)) != 0) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
        if (!sameNumbers(a.items[i], b.items[i])) return false;
    for (size_t i = 0; i < a.members.size(); ++i)
        if (!sameNumbers(a.members[i].value, b.members[i].value)) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    core::Value direct;
    bool read = core::parseStoredJson(in, direct);

    core::Diagnostics diags(10);
    core::Value strict;
    if (!core::parseJson(in, strict, diags) || !diags.empty()) return 0;
    std::string canonical = core::toCanonical(strict);
    core::Value stored;
    fuzz::check(core::parseStoredJson(canonical, stored), "canonical text is refused", canonical);
    fuzz::check(stored == strict && sameNumbers(stored, strict), "canonical text reads back differently", canonical,
                core::toCanonical(stored));
    if (in == canonical) {
        fuzz::check(read, "canonical input is refused", canonical);
        fuzz::check(direct == strict, "canonical input reads differently", canonical, core::toCanonical(direct));
    }
    return 0;
}
