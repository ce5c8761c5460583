// Packs between workers. Raw bytes are decoded as a pack as they are. A file of mvr's format (it starts
// with '{' or '[') is packed as the parse worker packs it; every pack made must decode with the same
// manifests, and the packs are also decoded cut short and with one byte changed (where and which taken
// from the input), so that the decoder sees damaged packs of real structure.
#include <vector>

#include "core/manifest_pack.hpp"
#include "fuzz_support.hpp"

using namespace mvr;

namespace {
// Items read until the end or a bad one; the manifests' canonical texts in order.
bool decode(std::string_view bytes, std::vector<std::string>* canonicals) {
    core::PackReader reader(bytes);
    core::Manifest m;
    core::Diagnostic d;
    for (;;) {
        switch (reader.next(m, d)) {
        case core::PackReader::Item::End: return true;
        case core::PackReader::Item::Bad: return false;
        case core::PackReader::Item::Manifest:
            if (canonicals) canonicals->push_back(m.canonical);
            break;
        default: break;
        }
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    if (size == 0 || (in[0] != '{' && in[0] != '[')) {
        decode(in, nullptr);
        return 0;
    }
    uint32_t h = 2166136261u;  // FNV-1a of the input: where to damage the packs
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 16777619u;
    core::FilePacker packer(in, "fuzz.json", (h & 1) != 0);
    std::string pack;
    bool more = true;
    for (int packs = 0; more && packs < 64; ++packs) {
        more = packer.next(3, pack);
        std::vector<std::string> canonicals;
        fuzz::check(decode(pack, &canonicals), "a pack the packer made does not decode");
        if (pack.empty()) continue;
        std::string damaged = pack.substr(0, h % pack.size());
        decode(damaged, nullptr);
        damaged = pack;
        damaged[(h >> 8) % pack.size()] ^= static_cast<char>(1u << ((h >> 4) % 8));
        decode(damaged, nullptr);
    }
    return 0;
}
