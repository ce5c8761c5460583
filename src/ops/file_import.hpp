// Reading one file of mvr manifests into an import: in this thread a few manifests at a time (FileImport,
// so a UI draws frames in between), or from what a reader beside this thread sent (PreparedFile), or the
// whole text at once (importText, which reads beside storing where the build can).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/document.hpp"
#include "storage/registry.hpp"

namespace mvr::ops {

// One file of an import, read a few manifests at a time.
class FileImport {
public:
    FileImport(storage::ImportSession& session, std::string file, std::string_view text);
    // Reads and stores up to maxManifests; false once the file is done.
    bool step(size_t maxManifests);
    double progress() const;  // 0..1 of the file's bytes
    // Versions stored so far (new, unchanged, replaced or in conflict).
    size_t versionsSoFar() const;
    // The report; call after step() returned false.
    storage::FileReport finish();

private:
    storage::ImportSession& m_session;
    std::string_view m_text;
    storage::FileReport m_rep;
    core::Diagnostics m_diags;
    core::ManifestStream m_stream;
    bool m_done = false;
};

// A file whose manifests were read and validated elsewhere (a reader thread, a node worker, the page's parse
// worker): its manifests and then its problems arrive in pieces, and are stored as they come.
class PreparedFile {
public:
    PreparedFile(storage::ImportSession& session, std::string file, size_t bytes);
    void add(core::Manifest&& m);
    void problem(core::Diagnostic d);
    // A registry's rules and alias history, read and checked by the reader.
    void extras(const core::RegistryExtras& e);
    // Adds the manifests and problems of a pack (core/manifest_pack); false when it is damaged or carries
    // what validation refuses, and packError() says what.
    bool addPack(std::string_view pack);
    const std::string& packError() const { return m_packError; }
    size_t versionsSoFar() const;
    // clean: the reader found no problem; dropped: problems it found beyond those it kept.
    storage::FileReport finish(bool clean, size_t dropped);

private:
    storage::ImportSession& m_session;
    storage::FileReport m_rep;
    core::Diagnostics m_diags;
    std::string m_packError;
};

// Reads a whole text into the session: beside this thread natively (a reader thread parses and validates,
// this one hashes and stores), in this thread elsewhere. onProgress(bytes done, bytes in all).
storage::FileReport importText(storage::ImportSession& session, const std::string& file, std::string_view text,
                               const std::function<void(size_t, size_t)>& onProgress = nullptr);

// Problems in file order (conflicts are found while storing, before the parse problems are added).
void sortByPlace(std::vector<core::Diagnostic>& problems);

}  // namespace mvr::ops
