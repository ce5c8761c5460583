// Link payloads as a page receives them (the fragment's bytes after inflating): decoded, and what decodes
// must encode and decode again to the same documents. A file of mvr's format (it starts with '{' or '[':
// a manifest, or a list of them) is encoded first, as the app makes a link, and the payload made is also
// decoded cut short and with one byte changed (where and which taken from the input).
#include <vector>

#include "core/json_reader.hpp"
#include "core/link_codec.hpp"
#include "core/manifest.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

namespace {
std::string canonicalOf(const core::Value& v) {
    std::string canon, alias;
    size_t from, to;
    if (!v.isObject()) return "(not an object)";
    core::canonicalForm(v, canon, from, to, &alias);
    return canon;
}

// Decodes bytes; what decodes must survive encode and decode unchanged.
void roundTrip(std::string_view bytes) {
    std::vector<core::Value> docs;
    std::string error;
    if (!core::decodeLinkPayload(bytes, docs, error)) return;
    std::vector<const core::Value*> ptrs;
    for (const core::Value& d : docs) ptrs.push_back(&d);
    std::string again = core::encodeLinkPayload(ptrs);
    std::vector<core::Value> back;
    fuzz::check(core::decodeLinkPayload(again, back, error), "a payload re-encoded does not decode", error);
    fuzz::check(back.size() == docs.size(), "a payload re-encoded has another number of documents");
    for (size_t i = 0; i < docs.size(); ++i) {
        std::string a = canonicalOf(docs[i]), b = canonicalOf(back[i]);
        fuzz::check(a == b, "a document changed through encode and decode", a, b);
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    (void)core::percentDecode(in);
    core::Diagnostics diags(10);
    core::Value v;
    if (size == 0 || (in[0] != '{' && in[0] != '[') || !core::parseJson(in, v, diags)) {
        roundTrip(in);
        return 0;
    }
    std::vector<const core::Value*> docs;
    if (v.isObject()) docs.push_back(&v);
    for (const core::Value& item : v.items)
        if (item.isObject() && docs.size() < 8) docs.push_back(&item);
    if (docs.empty()) return 0;
    std::string payload = core::encodeLinkPayload(docs);
    std::vector<core::Value> back;
    std::string error;
    fuzz::check(core::decodeLinkPayload(payload, back, error), "a payload encoded from documents does not decode", error);
    fuzz::check(back.size() == docs.size(), "a payload has another number of documents than were encoded");
    for (size_t i = 0; i < docs.size(); ++i) {
        std::string a = canonicalOf(*docs[i]), b = canonicalOf(back[i]);
        fuzz::check(a == b, "a document changed through encode and decode", a, b);
    }
    uint32_t h = 2166136261u;  // FNV-1a of the input: where to damage the payload
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 16777619u;
    roundTrip(std::string_view(payload).substr(0, h % payload.size()));
    payload[(h >> 8) % payload.size()] ^= static_cast<char>(1u << ((h >> 4) % 8));
    roundTrip(payload);
    return 0;
}
