// The parse side of a large import, run by a second instance of the module in a worker (the page's
// web/parse-worker.js, the node CLI's src/cli/parse-worker-node.cjs): it
// reads one file of mvr manifests, validates them and computes their identity, and hands them over as
// packs (core/manifest_pack) that the main thread stores. Parsing then runs beside storing, on another
// core.
#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/manifest_pack.hpp"

namespace {

struct Parse {
    char* data = nullptr;  // the file, malloc'd by the glue; freed here
    std::unique_ptr<mvr::core::FilePacker> packer;
    std::string pack;
    ~Parse() { std::free(data); }
};
std::unique_ptr<Parse> g_parse;

}  // namespace

extern "C" {

// Takes over data (len bytes from malloc). digests: 1 computes each manifest's digest here, 0 leaves it to the
// receiver (core::FilePacker).
EMSCRIPTEN_KEEPALIVE void mvr_parse_open(const char* name, char* data, double len, int digests) {
    g_parse = std::make_unique<Parse>();
    g_parse->data = data;
    g_parse->packer =
        std::make_unique<mvr::core::FilePacker>(std::string_view(data, static_cast<size_t>(len)), name, digests != 0);
}

// Reads up to maxManifests into a new pack; 1 while the file goes on, 0 with the last pack (which ends
// with every problem found).
EMSCRIPTEN_KEEPALIVE int mvr_parse_step(int maxManifests) {
    return g_parse->packer->next(static_cast<size_t>(maxManifests), g_parse->pack) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* mvr_parse_pack_data() { return g_parse->pack.data(); }
EMSCRIPTEN_KEEPALIVE double mvr_parse_pack_size() { return static_cast<double>(g_parse->pack.size()); }
EMSCRIPTEN_KEEPALIVE double mvr_parse_offset() { return static_cast<double>(g_parse->packer->offset()); }
EMSCRIPTEN_KEEPALIVE int mvr_parse_clean() { return g_parse->packer->clean() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE double mvr_parse_dropped() { return static_cast<double>(g_parse->packer->dropped()); }
EMSCRIPTEN_KEEPALIVE void mvr_parse_close() { g_parse.reset(); }

}
