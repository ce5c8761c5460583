// The import (and validate), once for every front end: which inputs are what (mvr's own files, other tools'
// files mapped together as one export or project), reading them in steps (in this thread or through the
// build's ParallelReader), one report per file, and one commit rule: all files or nothing. The CLI runs a
// job to its end; the app steps the same job once per frame.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/shared_constants.hpp"
#include "importers/importers.hpp"
#include "ops/file_import.hpp"
#include "ops/parallel_reader.hpp"
#include "storage/registry.hpp"

namespace mvr::ops {

// Files at least this large whose start shows mvr's own format are read by the ParallelReader, when the
// front end has one (node's worker, the page's parse worker).
constexpr size_t kParallelReadMinBytes = shared::kParseWorkerMinBytes;
// Text held in memory is counted before it is read (a scan of brackets and strings, a few ms a MB), up to
// this much in all; other files' counts are estimated from the bytes read until they are read.
constexpr size_t kCountAheadBytes = 16u << 20;

// The manifests in a text of mvr's format (a list, a registry's "versions", or one manifest), found by
// scanning brackets and strings without reading values. False when the text ends inside a value.
bool countManifests(std::string_view text, size_t& count);

struct ImportInput {
    std::string name;   // for messages and reports: a path, "<stdin>", a dropped file's name
    std::string root;   // the folder it was found in ("" for a file given by itself)
    std::string rel;    // its name inside root (or its file name)
    std::string path;   // where the front end opens it when its turn comes ("" when bytes are given)
    std::string bytes;  // its bytes, when the front end has them
    bool haveBytes = false;
    size_t size = 0;
    std::string readerSource;  // the ParallelReader's handle on it ("": it has none), e.g. the page's File id
    bool dvcProject = false;   // a file of a DVC project folder (read as DVC whatever it looks like)
    bool formatFolder = false; // found in a folder of another tool's files (other JSON there is not a version)
    bool knownMvr = false;     // the front end knows it is mvr's format (the bundled example)
};

// What the front end lends the job: opening a path's text, its size and its first bytes.
struct FileAccess {
    // The text stays valid while the returned holder lives (it may be a memory map).
    struct Text {
        virtual ~Text() = default;
        virtual std::string_view view() const = 0;
    };
    std::function<std::unique_ptr<Text>(const std::string& path, std::string& error)> open;
    std::function<size_t(const std::string& path)> size;
    std::function<bool(const std::string& path, size_t n, std::string& out)> head;
};

struct ImportOptions {
    bool replace = false;
    std::string author;  // who the alias moves are recorded as made by ("": each file's name)
    bool validateOnly = false;  // find every problem, store nothing (the job then uses a scratch registry)
    importers::Format forced = importers::Format::Unknown;
    importers::Options importers;
};

struct ImportResult {
    std::vector<storage::FileReport> files;  // one per file that gave versions, problems or notes
    std::vector<std::string> formats;        // per file: the format it was read as ("" for mvr's own)
    std::vector<core::Diagnostic> skipped;   // files left out, and why
    bool committed = false;
    std::string firstModel;  // the model of the first version added or replaced ("" when none)
    size_t imported() const;
    size_t unchanged() const;
    size_t replaced() const;
    size_t problems() const;
    size_t badFiles() const;
    std::string firstProblem() const;
    // model@label of every conflict with a stored version (what importing again with replace overwrites).
    std::vector<std::string> replaceable() const;
};

class ImportJob {
public:
    // registry: where a real import goes (ignored when validating). reader may be null.
    ImportJob(storage::Registry* registry, ImportOptions opt, std::vector<ImportInput> inputs, FileAccess files,
              ParallelReader* reader);
    ~ImportJob();
    // Does work for about budgetMs (a very large budget runs the job to its end); false once finished.
    bool step(double budgetMs);
    bool finished() const { return m_finished; }
    double progress() const;  // 0..1 of the inputs' bytes
    // What an import shows while it runs: the file being read ("" before and after), the versions read so
    // far (all files), and the bytes of all inputs.
    std::string currentFile() const;
    size_t versionsRead() const;
    // How many versions the inputs hold: exact when every file's count is known (read to its end, mapped by
    // the importers, or counted before reading: text held in memory, up to kCountAheadBytes in all), else
    // estimated from the versions per byte read so far (known is false before anything was read).
    struct Total {
        size_t versions = 0;
        bool known = false;
        bool exact = false;
    };
    Total versionsTotal() const;
    size_t totalBytes() const { return m_totalBytes; }
    const ImportResult& result() const { return m_result; }
    // Stops here: nothing is committed and why is added to the result (a tab closing, a worker failing).
    void abort(const std::string& why);

private:
    static constexpr size_t kUncounted = ~size_t(0);
    struct MvrFile {
        size_t input;
        std::string text;  // kept text (stdin, dropped bytes), else read when its turn comes
        bool kept = false;
        size_t counted = kUncounted;  // its manifests, counted before reading (kept text only)
    };
    size_t sizeOf(const MvrFile& mf) const;
    void plan();
    bool stepFile(double deadline);
    void storeMapped();
    void unreadable(const ImportInput& in, const std::string& error);
    void fileDone(storage::FileReport rep, size_t bytes);
    void finish();
    storage::FileReport& reportFor(const std::string& file);

    storage::Registry* m_target;
    std::unique_ptr<storage::Registry> m_scratch;
    ImportOptions m_opt;
    std::vector<ImportInput> m_inputs;
    FileAccess m_files;
    ParallelReader* m_reader;
    bool m_readsBesideStoring;  // this build reads text it holds beside storing (ops::importText's thread)
    std::unique_ptr<storage::ImportSession> m_session;
    bool m_planned = false, m_finished = false;
    std::vector<MvrFile> m_mvr;
    size_t m_current = 0;
    std::unique_ptr<FileAccess::Text> m_open;
    std::unique_ptr<FileImport> m_file;
    std::unique_ptr<PreparedFile> m_prepared;
    importers::Result m_mapped;
    std::vector<storage::FileReport> m_mvrReports, m_otherReports;
    std::vector<std::string> m_mvrFormats;
    std::map<std::string, std::string> m_formatOf;
    size_t m_totalBytes = 0, m_doneBytes = 0;
    size_t m_mappedVersions = 0;                   // versions the importers made of other tools' files
    size_t m_readVersions = 0, m_readBytes = 0;    // of mvr files read to their end: the versions per byte
    ImportResult m_result;
};

}  // namespace mvr::ops
