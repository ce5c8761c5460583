// The stored-document reader (core/stored_json) on any bytes: it never reads out of bounds (the fuzz build's
// sanitizers watch), and where the bytes are a clean JSON document for the strict reader, the reader gives the
// strict reader's value for its canonical text; for text that is already canonical, for the text itself. The
// step-history reader (readStoredStepHistories) likewise never faults, and on canonical text of a document gives
// what core::stepHistories gives on the document, bit for bit.
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

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// The histories of the first metric with steps, wanted by name, and of none wanted, by step and by time.
void checkSteps(const core::Value& doc, const std::string& canonical) {
    const core::Value* metrics = doc.isObject() ? doc.find("metrics") : nullptr;
    std::string first = metrics && metrics->isObject() && !metrics->members.empty() ? metrics->members[0].key : "";
    for (const std::string& want : {std::string(), first})
        for (bool byTime : {false, true}) {
            core::StepHistories expected = core::stepHistories(doc, want, byTime), got;
            bool read = core::readStoredStepHistories(canonical, want, byTime, got);
            fuzz::check(read || !doc.isObject(), "a document's step histories are refused", canonical);
            if (!read) continue;
            fuzz::check(got.names == expected.names && got.metric == expected.metric &&
                            sameBits(got.series.x, expected.series.x) && sameBits(got.series.y, expected.series.y),
                        "step histories read differently", canonical);
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    core::Value direct;
    bool read = core::parseStoredJson(in, direct);
    core::StepHistories histories;
    core::readStoredStepHistories(in, "", false, histories);

    core::Diagnostics diags(10);
    core::Value strict;
    if (!core::parseJson(in, strict, diags) || !diags.empty()) return 0;
    std::string canonical = core::toCanonical(strict);
    core::Value stored;
    fuzz::check(core::parseStoredJson(canonical, stored), "canonical text is refused", canonical);
    fuzz::check(stored == strict && sameNumbers(stored, strict), "canonical text reads back differently", canonical,
                core::toCanonical(stored));
    checkSteps(strict, canonical);
    if (in == canonical) {
        fuzz::check(read, "canonical input is refused", canonical);
        fuzz::check(direct == strict, "canonical input reads differently", canonical, core::toCanonical(direct));
    }
    return 0;
}
