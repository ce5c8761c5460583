// Validated manifests and diagnostics as bytes, to hand them from one wasm instance to another: the page
// parses and validates a large file in a Worker (its own instance, no shared memory) and stores what it
// sends on the main thread. What is packed is what storing a version needs: the canonical document (the
// whole document, as text) and the fields read from it. The parsed document tree (Manifest::doc), the
// datasets and artifacts lists are not packed; the canonical text carries them.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/document.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

// Appends one item to out. A manifest must have its canonical text; its digest may be left to the receiver
// (core::completeIdentity, which storing calls).
void packManifest(const Manifest& m, std::string& out);
void packDiagnostic(const Diagnostic& d, std::string& out);
// A registry's rules and alias history (format 2), checked already by the packing side.
void packExtras(const RegistryExtras& e, std::string& out);

// Reads the items of a pack in order.
class PackReader {
public:
    enum class Item { End, Manifest, Diagnostic, Extras, Bad };
    explicit PackReader(std::string_view bytes) : m_in(bytes) {}
    // Fills m or d (whichever the item is); Bad when the bytes are not a pack (truncated, unknown tag) or
    // carry a manifest that validation would have refused (a NaN metric, an empty model, a bad label...):
    // error() then says what and in which item.
    Item next(Manifest& m, Diagnostic& d);
    const std::string& error() const { return m_error; }
    // After Item::Extras.
    const RegistryExtras& extras() const { return m_extras; }

private:
    bool u32(uint32_t& v);
    bool str(std::string& s);
    bool f64(double& v);
    Item bad(std::string why);
    std::string_view m_in;
    std::string m_error;
    size_t m_item = 0;
    RegistryExtras m_extras;
};

// The packing side: reads a file of manifests (one, a list or a registry export) into packs. Like an import,
// it packs manifests only while the file has no problem, and reading goes on to find every problem, which
// the last pack carries.
class FilePacker {
public:
    // digests = false leaves each manifest's digest to the receiver: the wasm CLI's worker, whose receiver has
    // time to spare, balances the two threads so; the page's main thread has none.
    FilePacker(std::string_view text, std::string file, bool digests = true)
        : m_diags(1000), m_stream(text, std::move(file), m_diags) {
        m_stream.storingOnly(true);  // a pack carries what storing needs
        m_stream.deferIdentity(!digests);
    }
    // Replaces pack with up to maxManifests manifests; true while the file goes on, false with the last pack.
    bool next(size_t maxManifests, std::string& pack);
    size_t offset() const { return m_stream.offset(); }
    bool clean() const { return m_stream.clean(); }
    size_t dropped() const { return m_diags.dropped(); }

private:
    Diagnostics m_diags;
    ManifestStream m_stream;
    bool m_done = false;
};

}  // namespace mvr::core
