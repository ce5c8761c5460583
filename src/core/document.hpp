// Reads a file that holds one manifest, a list of manifests, or a whole exported registry, handing over
// one validated manifest at a time so a file of hundreds of MB never becomes a single DOM, and so that a
// caller can read a few manifests, do something else (draw a frame), and come back.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"
#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "core/registry_format.hpp"

namespace mvr::core {

enum class DocumentKind { Unknown, Manifest, List, Registry };

struct ReadStats {
    DocumentKind kind = DocumentKind::Unknown;
    size_t manifests = 0;  // valid manifests handed over
    size_t invalid = 0;    // manifests with problems
};

constexpr const char* kRegistryFormat = "mvr-registry";
constexpr int kRegistryFormatVersion = 2;  // 1 still reads (and is written when there are no extras)

// Pull reader over the text of one file (the text must outlive it).
class ManifestStream {
public:
    ManifestStream(std::string_view text, std::string file, Diagnostics& diags);
    // 1: out holds the next valid manifest; 0: the file is done; -1: a fatal problem stopped reading.
    // Manifests with problems are reported to diags and skipped (reading goes on to find all problems).
    int next(Manifest& out);
    size_t offset() const { return m_reader.offset(); }
    size_t size() const { return m_reader.size(); }
    const ReadStats& stats() const { return m_stats; }
    // True when the whole file was read without any problem.
    bool clean() const { return m_done && !m_fatal && m_diags.count() == m_before; }
    // Leave the digest to core::completeIdentity: the import hashes on its writer thread, while this
    // (reader) thread makes the canonical text.
    void deferIdentity(bool defer) { m_deferIdentity = defer; }
    // The manifests are only going to be stored: "params" and the fields mvr does not interpret are checked
    // as usual but not kept in doc (an object stays an empty object); canonical (and digest) carry them.
    // Everything else in the manifest is as always. Set before the first next().
    void storingOnly(bool only);
    // A registry's rules and alias history (format 2), read and checked once the file is done.
    const RegistryExtras& extras() const { return m_extras; }

private:
    enum class State { Start, List, RegistryMembers, RegistryVersions, Finish, Done };
    int finish();
    // text: the manifest's own text when it was read as an element of a list (empty for a file that is one
    // manifest, which is always read whole); asWritten: no string in it was rewritten, so its canonical form
    // is its text without white space (canonicalFormFromSource).
    bool take(Value&& v, const std::string& prefix, bool jsonOk, Manifest& out, std::string_view text = {},
              bool asWritten = false);
    int readMembers(Manifest& out);

    std::string m_file;
    Diagnostics& m_diags;
    JsonReader m_reader;
    size_t m_before;
    State m_state = State::Start;
    ReadStats m_stats;
    size_t m_index = 0;
    Value m_doc;  // members of a top-level object read so far
    bool m_registry = false;
    bool m_sawVersions = false;
    bool m_done = false;
    bool m_fatal = false;
    bool m_deferIdentity = false;
    bool m_storingOnly = false;
    RegistryExtras m_extras;
};

// Calls onManifest for every valid manifest, in file order; problems go to diags (with the file name, JSON
// path and line:column). Returns true when the file had no problem at all.
bool readManifests(std::string_view text, const std::string& file, Diagnostics& diags,
                   const std::function<void(Manifest&&)>& onManifest, ReadStats* stats = nullptr,
                   const std::function<void(size_t, size_t)>& onProgress = nullptr);

}  // namespace mvr::core
