// The parse side of a large import, run by a second instance of the module in a worker (the page's
// web/parse-worker.js, the node CLI's src/cli/parse-worker-node.cjs): it
// reads one file of mvr manifests, validates them and computes their identity, and hands them over as
// packs (core/manifest_pack) that the main thread stores. Parsing then runs beside storing, on another
// core.
#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/document.hpp"
#include "core/manifest_pack.hpp"

namespace {

struct Parse {
    char* data = nullptr;  // the file, malloc'd by the glue; freed here
    size_t size = 0;
    mvr::core::Diagnostics diags{1000};
    std::unique_ptr<mvr::core::ManifestStream> stream;
    std::string pack;
    bool done = false;
    ~Parse() { std::free(data); }
};
std::unique_ptr<Parse> g_parse;

}  // namespace

extern "C" {

// Takes over data (len bytes from malloc).
EMSCRIPTEN_KEEPALIVE void mvr_parse_open(const char* name, char* data, double len) {
    g_parse = std::make_unique<Parse>();
    g_parse->data = data;
    g_parse->size = static_cast<size_t>(len);
    g_parse->stream = std::make_unique<mvr::core::ManifestStream>(std::string_view(data, g_parse->size), name,
                                                                  g_parse->diags);
}

// Reads up to maxManifests into a new pack; 1 while the file goes on, 0 when it is done (the last pack
// ends with every problem found).
EMSCRIPTEN_KEEPALIVE int mvr_parse_step(int maxManifests) {
    Parse& p = *g_parse;
    p.pack.clear();
    if (p.done) return 0;
    mvr::core::Manifest m;
    for (int i = 0; i < maxManifests; ++i) {
        if (p.stream->next(m) != 1) {
            p.done = true;
            for (const mvr::core::Diagnostic& d : p.diags.items()) mvr::core::packDiagnostic(d, p.pack);
            return 0;
        }
        // As FileImport does: once the file has a problem nothing of it is stored, but reading goes on.
        if (p.diags.empty()) mvr::core::packManifest(m, p.pack);
    }
    return 1;
}

EMSCRIPTEN_KEEPALIVE const char* mvr_parse_pack_data() { return g_parse->pack.data(); }
EMSCRIPTEN_KEEPALIVE double mvr_parse_pack_size() { return static_cast<double>(g_parse->pack.size()); }
EMSCRIPTEN_KEEPALIVE double mvr_parse_offset() { return static_cast<double>(g_parse->stream->offset()); }
EMSCRIPTEN_KEEPALIVE int mvr_parse_clean() { return g_parse->stream->clean() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE double mvr_parse_dropped() { return static_cast<double>(g_parse->diags.dropped()); }
EMSCRIPTEN_KEEPALIVE void mvr_parse_close() { g_parse.reset(); }

}
