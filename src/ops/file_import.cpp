#include "ops/file_import.hpp"

#include <algorithm>

#include "core/manifest_pack.hpp"
#include "ops/parallel_reader.hpp"

namespace mvr::ops {

void sortByPlace(std::vector<core::Diagnostic>& problems) {
    std::stable_sort(problems.begin(), problems.end(), [](const core::Diagnostic& a, const core::Diagnostic& b) {
        return a.line < b.line || (a.line == b.line && a.col < b.col);
    });
}

FileImport::FileImport(storage::ImportSession& session, std::string file, std::string_view text)
    : m_session(session), m_text(text), m_diags(1000), m_stream(text, file, m_diags) {
    m_stream.storingOnly(true);
    m_rep.file = std::move(file);
    m_rep.bytes = text.size();
}

bool FileImport::step(size_t maxManifests) {
    if (m_done) return false;
    core::Manifest m;
    for (size_t i = 0; i < maxManifests; ++i) {
        if (m_stream.next(m) != 1) {
            m_done = true;
            return false;
        }
        // Once this file has a problem nothing of it will be committed; later manifests are still checked
        // (and checked against the registry for conflicts) so that every problem is reported in one go.
        if (m_diags.empty()) m_session.store(std::move(m), m_rep);
    }
    return true;
}

double FileImport::progress() const {
    return m_text.empty() ? 1.0 : static_cast<double>(m_stream.offset()) / static_cast<double>(m_text.size());
}

storage::FileReport FileImport::finish() {
    if (!m_stream.clean()) m_session.markFailed();
    else if (!m_stream.extras().empty()) m_session.addExtras(m_stream.extras(), m_rep);
    for (const core::Diagnostic& d : m_diags.items()) m_rep.problems.push_back(d);
    m_rep.droppedProblems = m_diags.dropped();
    sortByPlace(m_rep.problems);
    if (!m_rep.ok()) m_session.markFailed();
    return m_rep;
}

PreparedFile::PreparedFile(storage::ImportSession& session, std::string file, size_t bytes)
    : m_session(session), m_diags(1000) {
    m_rep.file = std::move(file);
    m_rep.bytes = bytes;
}

void PreparedFile::add(core::Manifest&& m) { m_session.store(std::move(m), m_rep); }

void PreparedFile::problem(core::Diagnostic d) { m_diags.add(std::move(d)); }

void PreparedFile::extras(const core::RegistryExtras& e) { m_session.addExtras(e, m_rep); }

bool PreparedFile::addPack(std::string_view pack) {
    core::PackReader reader(pack);
    core::Manifest m;
    core::Diagnostic d;
    for (auto it = reader.next(m, d); it != core::PackReader::Item::End; it = reader.next(m, d)) {
        if (it == core::PackReader::Item::Bad) {
            m_packError = "the parse worker sent a damaged pack (" + reader.error() + ")";
            return false;
        }
        if (it == core::PackReader::Item::Manifest) add(std::move(m));
        else if (it == core::PackReader::Item::Extras) extras(reader.extras());
        else problem(std::move(d));
    }
    return true;
}

storage::FileReport PreparedFile::finish(bool clean, size_t dropped) {
    if (!clean || !m_diags.empty()) m_session.markFailed();
    for (const core::Diagnostic& d : m_diags.items()) m_rep.problems.push_back(d);
    m_rep.droppedProblems = m_diags.dropped() + dropped;
    sortByPlace(m_rep.problems);
    if (!m_rep.ok()) m_session.markFailed();
    return m_rep;
}

storage::FileReport importText(storage::ImportSession& session, const std::string& file, std::string_view text,
                               const std::function<void(size_t, size_t)>& onProgress) {
    if (std::unique_ptr<ParallelReader> reader = makeTextReader(); reader && reader->start(file, text)) {
        PreparedFile prepared(session, file, text.size());
        std::string failure;
        while (true) {
            ParallelReader::Status st = reader->pump(prepared, true, failure);
            if (onProgress) onProgress(static_cast<size_t>(reader->progress() * static_cast<double>(text.size())), text.size());
            if (st == ParallelReader::Status::Done) break;
            if (st == ParallelReader::Status::Failed) throw storage::StorageError(file + ": " + failure);
        }
        storage::FileReport rep = prepared.finish(reader->clean(), reader->dropped());
        if (onProgress) onProgress(text.size(), text.size());
        return rep;
    }
    FileImport f(session, file, text);
    while (f.step(64))
        if (onProgress) onProgress(static_cast<size_t>(f.progress() * static_cast<double>(text.size())), text.size());
    if (onProgress) onProgress(text.size(), text.size());
    return f.finish();
}

namespace {
size_t versionsIn(const storage::FileReport& r) { return r.imported + r.unchanged + r.replaced + r.conflicts; }
}  // namespace

size_t FileImport::versionsSoFar() const { return versionsIn(m_rep); }
size_t PreparedFile::versionsSoFar() const { return versionsIn(m_rep); }

}  // namespace mvr::ops
