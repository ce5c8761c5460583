#include "ops/import_job.hpp"

#include <algorithm>
#include <chrono>

#include "core/document.hpp"


namespace mvr::ops {

namespace {
double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

bool space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t skipSpace(std::string_view t, size_t i) {
    while (i < t.size() && space(t[i])) ++i;
    return i;
}

// t[i] is '"': the index just past the closing quote, or npos.
size_t skipString(std::string_view t, size_t i) {
    for (++i; i < t.size(); ++i) {
        if (t[i] == '\\') ++i;
        else if (t[i] == '"') return i + 1;
    }
    return std::string_view::npos;
}

// t[i] is '[': its elements into n; the index just past its ']', or npos.
size_t countArray(std::string_view t, size_t i, size_t& n) {
    size_t depth = 0, commas = 0;
    bool any = false;
    while (i < t.size()) {
        char c = t[i];
        if (c == '"') {
            any = any || depth == 1;
            i = skipString(t, i);
            if (i == std::string_view::npos) return i;
            continue;
        }
        if (c == '[' || c == '{') {
            any = any || depth == 1;
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                n = any ? commas + 1 : 0;
                return i + 1;
            }
        } else if (depth == 1) {
            if (c == ',') ++commas;
            else if (!space(c)) any = true;
        }
        ++i;
    }
    return std::string_view::npos;
}

size_t versionsOf(const storage::FileReport& r) { return r.imported + r.unchanged + r.replaced + r.conflicts; }
}  // namespace

bool countManifests(std::string_view t, size_t& count) {
    size_t i = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    i = skipSpace(t, i);
    if (i >= t.size()) return false;
    if (t[i] == '[') return countArray(t, i, count) != std::string_view::npos;
    if (t[i] != '{') return false;
    // An object: a registry ("format": "mvr-registry" and its "versions" list) or one manifest.
    bool registry = false, haveVersions = false;
    size_t versions = 0, depth = 0;
    while (i < t.size()) {
        char c = t[i];
        if (c == '"') {
            size_t end = skipString(t, i);
            if (end == std::string_view::npos) return false;
            size_t colon = skipSpace(t, end);
            if (depth == 1 && colon < t.size() && t[colon] == ':') {
                std::string_view key = t.substr(i + 1, end - i - 2);
                size_t v = skipSpace(t, colon + 1);
                if (key == "versions" && v < t.size() && t[v] == '[') {
                    end = countArray(t, v, versions);
                    if (end == std::string_view::npos) return false;
                    haveVersions = true;
                } else if (key == "format" && v < t.size() && t[v] == '"') {
                    end = skipString(t, v);
                    if (end == std::string_view::npos) return false;
                    registry = t.substr(v + 1, end - v - 2) == core::kRegistryFormat;
                }
            }
            i = end;
            continue;
        }
        if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            count = registry && haveVersions ? versions : 1;
            return true;
        }
        ++i;
    }
    return false;
}

size_t ImportResult::imported() const {
    size_t n = 0;
    for (const auto& r : files) n += r.imported;
    return n;
}
size_t ImportResult::unchanged() const {
    size_t n = 0;
    for (const auto& r : files) n += r.unchanged;
    return n;
}
size_t ImportResult::replaced() const {
    size_t n = 0;
    for (const auto& r : files) n += r.replaced;
    return n;
}
size_t ImportResult::problems() const {
    size_t n = 0;
    for (const auto& r : files) n += r.problems.size() + r.droppedProblems;
    return n;
}
size_t ImportResult::badFiles() const {
    size_t n = 0;
    for (const auto& r : files) n += !r.ok();
    return n;
}
std::vector<std::string> ImportResult::replaceable() const {
    std::vector<std::string> out;
    for (const storage::FileReport& r : files) out.insert(out.end(), r.replaceable.begin(), r.replaceable.end());
    return out;
}

std::string ImportResult::firstProblem() const {
    for (const auto& r : files)
        if (!r.problems.empty()) return core::formatDiagnostic(r.problems.front());
    return "";
}

ImportJob::ImportJob(storage::Registry* registry, ImportOptions opt, std::vector<ImportInput> inputs, FileAccess files,
                     ParallelReader* reader)
    : m_target(registry), m_opt(std::move(opt)), m_inputs(std::move(inputs)), m_files(std::move(files)), m_reader(reader),
      m_readsBesideStoring(makeTextReader() != nullptr) {
    for (const ImportInput& in : m_inputs) m_totalBytes += in.haveBytes ? in.bytes.size() : in.size;
}

ImportJob::~ImportJob() {
    if (!m_finished) abort("the import was stopped");
}

storage::FileReport& ImportJob::reportFor(const std::string& file) {
    for (storage::FileReport& r : m_otherReports)
        if (r.file == file) return r;
    m_otherReports.emplace_back();
    m_otherReports.back().file = file;
    return m_otherReports.back();
}

// A file that could not be opened: a problem of its own report, and nothing of the import commits.
void ImportJob::unreadable(const ImportInput& in, const std::string& error) {
    storage::FileReport rep;
    rep.file = in.name;
    // The message may start with the path; the diagnostic carries the path on its own.
    std::string reason = error.rfind(in.path + ": ", 0) == 0 ? error.substr(in.path.size() + 2) : error;
    rep.problems.push_back(core::Diagnostic{in.name, "", 0, 0, "io", reason});
    m_mvrReports.push_back(std::move(rep));
    m_mvrFormats.emplace_back();
    m_session->markFailed();
}

// Reads every input's start and finds what it is. mvr's own files are read again (streamed) when their
// turn comes; the files of other tools go to the importers together, so that the files of one export or
// project are mapped as a whole. Validation stores into a scratch registry in memory: one conflict rule.
void ImportJob::plan() {
    m_planned = true;
    storage::Registry* into = m_target;
    if (m_opt.validateOnly || !into) {
        // A temporary database on disk (SQLite's "" file), not in memory: validating 100,000 versions needs
        // no more memory than importing them.
        m_scratch = std::make_unique<storage::Registry>("");
        into = m_scratch.get();
    }
    storage::ImportOptions so;
    so.replace = m_opt.replace;
    so.author = m_opt.author;
    m_session = into->beginImport(so);

    std::vector<importers::SourceFile> sources;
    std::vector<size_t> inputOf;
    std::map<std::string, bool> mlflowRoots;
    bool mvrOrAny = m_opt.forced == importers::Format::Unknown || m_opt.forced == importers::Format::Mvr;
    for (size_t i = 0; i < m_inputs.size(); ++i) {
        ImportInput& in = m_inputs[i];
        if (in.knownMvr || (!in.readerSource.empty() && mvrOrAny)) {
            sources.push_back(importers::SourceFile{in.name, in.root, in.rel, std::string(), importers::Role::Mvr});
            inputOf.push_back(i);
            continue;
        }
        std::string head;
        if (!in.haveBytes && !in.dvcProject && mvrOrAny && in.size >= kParallelReadMinBytes &&
            m_files.head && m_files.head(in.path, shared::kFormatHeadBytes, head) && importers::startsAsMvr(in.rel, head)) {
            // A large file whose start already shows mvr's format: read when its turn comes, not twice.
            sources.push_back(importers::SourceFile{in.name, in.root, in.rel, std::string(), importers::Role::Mvr});
            inputOf.push_back(i);
            continue;
        }
        std::unique_ptr<FileAccess::Text> opened;
        std::string_view text;
        if (in.haveBytes) {
            text = in.bytes;
        } else {
            std::string err;
            opened = m_files.open ? m_files.open(in.path, err) : nullptr;
            if (!opened) {
                unreadable(in, err);
                continue;
            }
            text = opened->view();
        }
        importers::Role role = in.dvcProject ? importers::detectAs(importers::Format::Dvc, in.rel, text)
                               : m_opt.forced != importers::Format::Unknown ? importers::detectAs(m_opt.forced, in.rel, text)
                                                                            : importers::detect(in.rel, text);
        if (role == importers::Role::MlflowJson || role == importers::Role::MlflowMLmodel) mlflowRoots[in.root] = true;
        // mvr's own files are read when their turn comes (from the input's own bytes when it has them).
        bool keep = role != importers::Role::Mvr;
        sources.push_back(importers::SourceFile{in.name, in.root, in.rel, keep ? std::string(text) : std::string(), role});
        inputOf.push_back(i);
    }
    size_t counted = 0;  // bytes counted ahead
    for (size_t k = 0; k < sources.size(); ++k) {
        importers::SourceFile& f = sources[k];
        const ImportInput& in = m_inputs[inputOf[k]];
        if (f.role != importers::Role::Mvr) continue;
        if (!f.root.empty() && (in.formatFolder || mlflowRoots.count(f.root))) {
            // In an MLflow export or a model repository, other JSON files (config.json, ...) are not versions.
            m_result.skipped.push_back(core::Diagnostic{f.path, "", 0, 0, "note",
                                                        std::string("skipped: not part of the ") +
                                                            (mlflowRoots.count(f.root) ? "MLflow export" : "model card's files") +
                                                            " and not an mvr manifest"});
            m_doneBytes += in.haveBytes ? in.bytes.size() : in.size;
        } else {
            MvrFile mf{inputOf[k], std::string(), false};
            if (in.haveBytes) {
                mf.text = std::move(m_inputs[inputOf[k]].bytes);
                mf.kept = true;
                size_t n = 0;
                if (counted + mf.text.size() <= kCountAheadBytes && countManifests(mf.text, n)) mf.counted = n;
                counted += mf.text.size();
            }
            m_mvr.push_back(std::move(mf));
        }
        f.text = std::string();
        f.role = importers::Role::Unknown;
    }
    for (size_t k = 0; k < sources.size(); ++k)
        if (sources[k].role != importers::Role::Unknown) {
            const ImportInput& in = m_inputs[inputOf[k]];
            m_doneBytes += in.haveBytes ? in.bytes.size() : in.size;
        }
    m_mapped = importers::importFiles(sources, m_opt.importers);
    m_mappedVersions = m_mapped.ok() ? m_mapped.versions.size() : 0;
    for (const importers::Version& v : m_mapped.versions) reportFor(v.source);
    for (const core::Diagnostic& d : m_mapped.problems) reportFor(d.file).problems.push_back(d);
    for (const core::Diagnostic& d : m_mapped.notes) reportFor(d.file).notes.push_back(d);
    for (const importers::SourceFile& f : sources) {
        if (f.role == importers::Role::Unknown) continue;
        std::string fmt = importers::formatName(importers::formatOf(f.role));
        m_formatOf[f.path] = fmt;
        if (!f.root.empty()) m_formatOf[f.root] = fmt;
    }
    if (!m_mapped.ok()) m_session->markFailed();
}

// Reads the current mvr file for a while; false when no file is left.
bool ImportJob::stepFile(double deadline) {
    while (nowMs() < deadline) {
        if (!m_file && !m_prepared) {
            if (m_current >= m_mvr.size()) return false;
            MvrFile& mf = m_mvr[m_current];
            const ImportInput& in = m_inputs[mf.input];
            bool parallel = m_reader && !mf.kept &&
                            (!in.readerSource.empty() || (!in.path.empty() && in.size >= kParallelReadMinBytes));
            if (parallel && m_reader->start(in.readerSource.empty() ? in.path : in.readerSource, std::string_view())) {
                m_prepared = std::make_unique<PreparedFile>(*m_session, in.name, in.size);
                continue;
            }
            std::string_view text;
            if (mf.kept) {
                text = mf.text;
            } else {
                std::string err;
                m_open = m_files.open ? m_files.open(in.path, err) : nullptr;
                if (!m_open) {
                    unreadable(in, err);
                    m_doneBytes += in.size;
                    ++m_current;
                    continue;
                }
                text = m_open->view();
            }
            // Natively a whole file is read beside storing (a thread); elsewhere a few manifests a step.
            if (m_readsBesideStoring) {
                fileDone(importText(*m_session, in.name, text), text.size());
                continue;
            }
            m_file = std::make_unique<FileImport>(*m_session, in.name, text);
        }
        if (m_prepared) {
            std::string failure;
            // A front end that runs the job to its end waits for the reader; a frame does not.
            bool wait = deadline - nowMs() > 1e6;
            ParallelReader::Status st = m_reader->pump(*m_prepared, wait, failure);
            if (st == ParallelReader::Status::Failed) {
                // The reader gave up (a worker that stopped, a damaged pack): a problem of this file.
                m_prepared->problem(core::Diagnostic{m_inputs[m_mvr[m_current].input].name, "", 0, 0, "io", failure});
                fileDone(m_prepared->finish(false, 0), m_inputs[m_mvr[m_current].input].size);
                continue;
            }
            if (st == ParallelReader::Status::Done) {
                fileDone(m_prepared->finish(m_reader->clean(), m_reader->dropped()), m_inputs[m_mvr[m_current].input].size);
            } else if (!wait) {
                return true;  // the reader is still reading: nothing more to store this step
            }
        } else if (!m_file->step(32)) {
            fileDone(m_file->finish(),
                     m_mvr[m_current].kept ? m_mvr[m_current].text.size() : m_inputs[m_mvr[m_current].input].size);
        }
    }
    return true;
}

// The current mvr file is done: its report is kept and the next file's turn comes.
void ImportJob::fileDone(storage::FileReport rep, size_t bytes) {
    m_readVersions += versionsOf(rep);
    m_readBytes += bytes;
    m_mvrReports.push_back(std::move(rep));
    m_mvrFormats.emplace_back();
    m_doneBytes += bytes;
    m_file.reset();
    m_prepared.reset();
    m_open.reset();
    m_mvr[m_current].text = std::string();
    ++m_current;
}

void ImportJob::storeMapped() {
    if (!m_mapped.ok()) return;
    for (importers::Version& v : m_mapped.versions) {
        storage::FileReport& rep = reportFor(v.source);
        if (v.numbered) m_session->addNumbered(std::move(v.doc), rep);
        else m_session->addDocument(std::move(v.doc), rep);
    }
    m_mapped.versions.clear();
}

void ImportJob::finish() {
    storeMapped();
    bool anyProblem = std::any_of(m_mvrReports.begin(), m_mvrReports.end(), [](const auto& x) { return !x.ok(); }) ||
                      std::any_of(m_otherReports.begin(), m_otherReports.end(), [](const auto& x) { return !x.ok(); });
    if (m_opt.validateOnly || anyProblem) {
        m_session->rollback();
        m_result.committed = false;
    } else {
        m_result.committed = m_session->commit();
        if (m_result.committed) m_result.firstModel = m_session->firstModelChanged();
    }
    m_session.reset();
    m_scratch.reset();
    m_result.files = std::move(m_mvrReports);
    m_result.formats = std::move(m_mvrFormats);
    for (storage::FileReport& rep : m_otherReports) {
        auto it = m_formatOf.find(rep.file);
        m_result.formats.push_back(it != m_formatOf.end() ? it->second : "");
        m_result.files.push_back(std::move(rep));
    }
    m_finished = true;
}

bool ImportJob::step(double budgetMs) {
    if (m_finished) return false;
    double deadline = nowMs() + budgetMs;
    try {
        if (!m_planned) plan();
        if (stepFile(deadline)) return true;
        finish();
    } catch (const std::exception& e) {
        abort(e.what());
    }
    return false;
}

double ImportJob::progress() const {
    if (m_finished) return 1;
    if (m_totalBytes == 0) return 0;
    double cur = 0;
    if (m_current < m_mvr.size()) {
        const MvrFile& mf = m_mvr[m_current];
        size_t size = sizeOf(mf);
        if (m_file) cur = m_file->progress() * static_cast<double>(size);
        else if (m_prepared && m_reader) cur = m_reader->progress() * static_cast<double>(size);
    }
    return std::min(1.0, (static_cast<double>(m_doneBytes) + cur) / static_cast<double>(m_totalBytes));
}

std::string ImportJob::currentFile() const {
    if (m_finished || m_current >= m_mvr.size()) return "";
    return m_inputs[m_mvr[m_current].input].name;
}

size_t ImportJob::sizeOf(const MvrFile& mf) const { return mf.kept ? mf.text.size() : m_inputs[mf.input].size; }

size_t ImportJob::versionsRead() const {
    size_t n = 0;
    for (const storage::FileReport& r : m_finished ? m_result.files : m_mvrReports) n += versionsOf(r);
    if (m_finished) return n;
    // The importers' versions were read (and mapped) when the job began; they are stored at its end.
    n += m_mappedVersions;
    if (m_file) n += m_file->versionsSoFar();
    else if (m_prepared) n += m_prepared->versionsSoFar();
    return n;
}

ImportJob::Total ImportJob::versionsTotal() const {
    Total t;
    if (m_finished) {
        t.versions = versionsRead();
        t.known = t.exact = true;
        return t;
    }
    if (!m_planned) return t;
    // Files read to their end and the importers' versions are exact; then each file still to read is its
    // count ahead, or its bytes at the versions per byte read so far (this file's part included).
    size_t sofar = 0, curBytes = 0;
    if (m_current < m_mvr.size()) {
        double f = 0;
        if (m_file) {
            sofar = m_file->versionsSoFar();
            f = m_file->progress();
        } else if (m_prepared) {
            sofar = m_prepared->versionsSoFar();
            f = m_reader ? m_reader->progress() : 0;
        }
        curBytes = static_cast<size_t>(f * static_cast<double>(sizeOf(m_mvr[m_current])));
    }
    double rateBytes = static_cast<double>(m_readBytes + curBytes);
    double rate = rateBytes > 0 ? static_cast<double>(m_readVersions + sofar) / rateBytes : 0;
    bool haveRate = m_readVersions + sofar > 0;
    double total = static_cast<double>(m_readVersions + m_mappedVersions);
    bool exact = true;
    for (size_t k = m_current; k < m_mvr.size(); ++k) {
        const MvrFile& mf = m_mvr[k];
        if (mf.counted != kUncounted) {
            total += static_cast<double>(mf.counted);
            continue;
        }
        exact = false;
        double guess = rate * static_cast<double>(sizeOf(mf));
        total += k == m_current ? std::max(static_cast<double>(sofar), guess) : guess;
    }
    t.exact = exact;
    t.known = exact || haveRate;
    t.versions = std::max(static_cast<size_t>(total + 0.5), versionsRead());
    if (!t.known) t.versions = 0;
    return t;
}

void ImportJob::abort(const std::string& why) {
    if (m_finished) return;
    if (m_prepared && m_reader) m_reader->cancel();
    m_prepared.reset();
    m_file.reset();
    m_open.reset();
    if (m_session) m_session->rollback();
    m_session.reset();
    m_scratch.reset();
    m_result.committed = false;
    m_result.files = std::move(m_mvrReports);
    m_result.formats = std::move(m_mvrFormats);
    for (storage::FileReport& rep : m_otherReports) {
        m_result.formats.emplace_back();
        m_result.files.push_back(std::move(rep));
    }
    storage::FileReport failed;
    failed.file = m_current < m_mvr.size() ? m_inputs[m_mvr[m_current].input].name : std::string("import");
    failed.problems.push_back(core::Diagnostic{failed.file, "", 0, 0, "failed", why});
    m_result.files.push_back(std::move(failed));
    m_result.formats.emplace_back();
    m_finished = true;
}

}  // namespace mvr::ops
