// Reads a file that holds one manifest, a list of manifests, or a whole exported registry, handing over
// one validated manifest at a time so a file of hundreds of MB never becomes a single DOM.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

enum class DocumentKind { Unknown, Manifest, List, Registry };

struct ReadStats {
    DocumentKind kind = DocumentKind::Unknown;
    size_t manifests = 0;  // valid manifests handed over
    size_t invalid = 0;    // manifests with problems
};

constexpr const char* kRegistryFormat = "mvr-registry";
constexpr int kRegistryFormatVersion = 1;

// Calls onManifest for every valid manifest, in file order; problems go to diags (with the file name, JSON
// path and line:column). Returns true when the file had no problem at all. onProgress(bytesRead, total) is
// called between manifests.
bool readManifests(std::string_view text, const std::string& file, Diagnostics& diags,
                   const std::function<void(Manifest&&)>& onManifest, ReadStats* stats = nullptr,
                   const std::function<void(size_t, size_t)>& onProgress = nullptr);

}  // namespace mvr::core
