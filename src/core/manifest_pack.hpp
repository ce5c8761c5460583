// Validated manifests and diagnostics as bytes, to hand them from one wasm instance to another: the page
// parses and validates a large file in a Worker (its own instance, no shared memory) and stores what it
// sends on the main thread. What is packed is what storing a version needs: the canonical document (the
// whole document, as text) and the fields read from it. The parsed document tree (Manifest::doc), the
// datasets and artifacts lists are not packed; the canonical text carries them.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

// Appends one item to out. A manifest must have its identity (canonical, digest) computed.
void packManifest(const Manifest& m, std::string& out);
void packDiagnostic(const Diagnostic& d, std::string& out);

// Reads the items of a pack in order.
class PackReader {
public:
    enum class Item { End, Manifest, Diagnostic, Bad };
    explicit PackReader(std::string_view bytes) : m_in(bytes) {}
    // Fills m or d (whichever the item is); Bad when the bytes are not a pack (truncated, unknown tag).
    Item next(Manifest& m, Diagnostic& d);

private:
    bool u32(uint32_t& v);
    bool str(std::string& s);
    bool f64(double& v);
    std::string_view m_in;
};

}  // namespace mvr::core
