// mvr import and mvr validate: the files, folders and stdin given, each read in the format it shows (or the one
// named), mapped by the importers, then stored in one transaction (import) or only checked (validate).
#include <algorithm>
#include <iterator>
#include <map>
#include <ostream>
#include <istream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "cli/worker_import.hpp"
#include "core/document.hpp"
#include "core/text.hpp"
#include "importers/discover.hpp"
#include "importers/importers.hpp"

namespace mvr::cli {

namespace {

// One file to import: where it was given, and what it is below the folder it came from.
struct Input {
    std::string path;  // as given ("-" is stdin); messages use it
    std::string root;  // the folder given, "" for a file given by itself
    std::string name;  // its path below root, or its own name
    bool dvc = false;          // a file of a DVC project folder: read as DVC whatever it looks like
    bool formatFolder = false; // in an MLflow export or a model repository: files of mvr's own format are skipped
};

// Expands the import arguments: files, folders and "-" (stdin). Of a folder, the importers say which files to
// read (importers/folderFiles): a DVC project's DVC files, any other folder's *.json files, MLmodel files and
// (at its top) a model card README.md with front matter.
bool collectInputs(Ctx& c, const std::vector<std::string>& args, std::vector<Input>& files) {
    for (const std::string& a : args) {
        if (a == "-" || !isDirectory(a)) {
            files.push_back(Input{a, "", a == "-" ? "<stdin>" : importers::baseName(a)});
            continue;
        }
        std::string dir = a;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        std::vector<std::string> names;
        for (const std::string& f : filesIn(dir, [](const std::string&) { return true; })) names.push_back(f.substr(dir.size() + 1));
        std::string dvcYaml, readme, err;
        auto topText = [&](const char* name, std::string& text) {
            if (std::find(names.begin(), names.end(), name) != names.end() && !readFile(dir + "/" + name, text, err)) text.clear();
        };
        topText("dvc.yaml", dvcYaml);
        topText("README.md", readme);
        importers::FolderFiles found = importers::folderFiles(names, dvcYaml, readme);
        if (found.files.empty()) {
            c.fail(a + ": no .json files in this folder");
            return false;
        }
        for (const std::string& f : found.files) files.push_back(Input{dir + "/" + f, dir, f, found.dvc, found.modelCard});
    }
    return true;
}

bool readInput(Ctx& c, const std::string& file, std::string& text, std::string& error) {
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(c.env.in), std::istreambuf_iterator<char>());
        return true;
    }
    return readFile(file, text, error);
}

}  // namespace

int cmdImport(Ctx& c, const Args& a, bool validateOnly) {
    if (a.positional.empty()) return c.usage(std::string(validateOnly ? "validate" : "import") + " needs files, folders or -");
    importers::Format forced = importers::Format::Unknown;
    if (a.values.count("--format") && !importers::formatFromName(a.value("--format"), forced))
        return c.usage("--format takes mlflow, dvc, huggingface, wandb or mvr, got " + a.value("--format"));
    importers::Options importOpt;
    importOpt.model = a.value("--model");
    std::vector<Input> inputs;
    if (!collectInputs(c, a.positional, inputs)) return kFailed;
    std::vector<storage::FileReport> reports;
    std::vector<std::string> formats;  // per report: the format it was read as ("" for mvr's own)
    bool committed = false;

    // Read every file and find what it is. Files of mvr's own format are streamed as before; the others go to
    // the importers together, so that files of one export or project are mapped as a whole.
    std::vector<std::pair<std::string, std::string>> mvrFiles;  // name for messages, text
    std::vector<importers::SourceFile> sources;
    std::vector<core::Diagnostic> skipped;
    std::vector<const Input*> inputOf;  // parallel to sources
    std::map<std::string, bool> mlflowRoots;
    for (const Input& in : inputs) {
        FileText file;
        std::string err;
        bool read;
        std::string head;
        if (in.path == "-") {
            std::string all;
            read = readInput(c, in.path, all, err);
            file.adopt(std::move(all));
        } else if (!in.dvc && (forced == importers::Format::Unknown || forced == importers::Format::Mvr) &&
                   fileSize(in.path) >= kWorkerImportMinBytes && readHead(in.path, 1 << 20, head) &&
                   importers::startsAsMvr(in.name, head)) {
            // A large file whose start already shows mvr's format: read when its turn comes, not twice.
            sources.push_back(importers::SourceFile{in.path, in.root, in.name, std::string(), importers::Role::Mvr});
            inputOf.push_back(&in);
            continue;
        } else {
            read = file.open(in.path, err);
        }
        if (!read) {
            storage::FileReport rep;
            rep.file = in.path;
            // readFile's message starts with the path; the diagnostic carries the path on its own.
            std::string reason = err.rfind(in.path + ": ", 0) == 0 ? err.substr(in.path.size() + 2) : err;
            rep.problems.push_back(core::Diagnostic{in.path, "", 0, 0, "io", reason});
            reports.push_back(rep);
            formats.emplace_back();
            continue;
        }
        std::string_view text = file.view();
        importers::Role role = in.dvc ? importers::detectAs(importers::Format::Dvc, in.name, text)
                               : forced != importers::Format::Unknown ? importers::detectAs(forced, in.name, text)
                                                                      : importers::detect(in.name, text);
        if (role == importers::Role::MlflowJson || role == importers::Role::MlflowMLmodel) mlflowRoots[in.root] = true;
        // Files of mvr's own format are read again (mapped) when their turn comes; only stdin is kept.
        bool keep = role != importers::Role::Mvr || in.path == "-";
        sources.push_back(importers::SourceFile{in.path == "-" ? "<stdin>" : in.path, in.root, in.name,
                                                keep ? std::string(text) : std::string(), role});
        inputOf.push_back(&in);
    }
    for (size_t i = 0; i < sources.size(); ++i) {
        importers::SourceFile& f = sources[i];
        if (f.role != importers::Role::Mvr) continue;
        if (!f.root.empty() && (inputOf[i]->formatFolder || mlflowRoots.count(f.root))) {
            // In an MLflow export or a model repository, other JSON files (config.json, ...) are not versions.
            skipped.push_back(core::Diagnostic{f.path, "", 0, 0, "note",
                                               std::string("skipped: not part of the ") +
                                                   (mlflowRoots.count(f.root) ? "MLflow export" : "model card's files") +
                                                   " and not an mvr manifest"});
        } else {
            // Read again when its turn comes (stdin cannot be): a folder of large registries is never all in memory.
            mvrFiles.emplace_back(f.path, inputOf[i]->path == "-" ? std::move(f.text) : std::string());
        }
        f.text = std::string();
        f.role = importers::Role::Unknown;
    }
    importers::Result mapped = importers::importFiles(sources, importOpt);

    // One report per file that gave versions, problems or notes, in the order the files were given.
    std::vector<storage::FileReport> importerReports;
    std::map<std::string, size_t> reportOf;
    auto reportFor = [&](const std::string& file) -> storage::FileReport& {
        auto it = reportOf.find(file);
        if (it != reportOf.end()) return importerReports[it->second];
        reportOf[file] = importerReports.size();
        importerReports.emplace_back();
        importerReports.back().file = file;
        return importerReports.back();
    };
    for (const importers::Version& v : mapped.versions) reportFor(v.source);
    for (const core::Diagnostic& d : mapped.problems) reportFor(d.file).problems.push_back(d);
    for (const core::Diagnostic& d : mapped.notes) reportFor(d.file).notes.push_back(d);
    std::map<std::string, std::string> formatOfReport;
    for (const importers::SourceFile& f : sources) {
        std::string fmt = importers::formatName(importers::formatOf(f.role));
        if (f.role == importers::Role::Unknown) continue;
        formatOfReport[f.path] = fmt;
        if (!f.root.empty()) formatOfReport[f.root] = fmt;
    }

    if (validateOnly) {
        // Without a registry, conflicts can still be found among the files themselves: the same
        // model@version twice with different content.
        std::map<std::string, std::pair<std::string, std::string>> seen;  // id -> digest, where
        for (auto& named : mvrFiles) {
            // Not a structured binding: the lambda below captures the name (C++17 does not allow that).
            const std::string& f = named.first;
            FileText input;
            std::string err;
            if (f == "<stdin>") input.adopt(std::move(named.second));
            else if (!input.open(f, err)) input.adopt(std::string());
            std::string_view text = input.view();
            storage::FileReport rep;
            rep.file = f;
            rep.bytes = text.size();
            core::Diagnostics d(1000);
            core::readManifests(text, f, d, [&](core::Manifest&& m) {
                ++rep.imported;
                std::string where = f + ":" + std::to_string(m.sourcePos.line) + ":" + std::to_string(m.sourcePos.col);
                auto it = seen.find(m.id());
                if (it == seen.end()) {
                    seen.emplace(m.id(), std::make_pair(m.digest, where));
                } else if (it->second.first != m.digest) {
                    ++rep.conflicts;
                    d.add(core::Diagnostic{f, m.sourcePath, m.sourcePos.line, m.sourcePos.col, "conflict",
                                           m.id() + " appears again with different content (first at " + it->second.second + ")"});
                }
            });
            rep.problems = d.items();
            rep.droppedProblems = d.dropped();
            reports.push_back(rep);
            formats.emplace_back();
        }
        for (const importers::Version& v : mapped.versions) ++reportFor(v.source).imported;
    } else {
        if (!mvrFiles.empty() && mvrFiles.front().first != "<stdin>" &&
            fileSize(mvrFiles.front().first) >= kWorkerImportMinBytes)
            prestartWorker(mvrFiles.front().first);  // under node: its start-up overlaps opening the registry
        storage::Registry r(c.db);
        storage::ImportOptions opt;
        opt.replace = a.has("--replace");
        auto session = r.beginImport(opt);
        for (auto& [f, kept] : mvrFiles) {
            FileText text;
            std::string err;
            if (f == "<stdin>") text.adopt(std::move(kept));
            storage::FileReport viaWorker;
            if (f != "<stdin>" && fileSize(f) >= kWorkerImportMinBytes && importWithWorker(*session, f, viaWorker)) {
                reports.push_back(std::move(viaWorker));
            } else if (f != "<stdin>" && !text.open(f, err)) {
                storage::FileReport rep;
                rep.file = f;
                rep.problems.push_back(core::Diagnostic{f, "", 0, 0, "io", err});
                reports.push_back(rep);
            } else {
                reports.push_back(session->addText(f, text.view()));
            }
            formats.emplace_back();
        }
        if (mapped.ok()) {
            for (importers::Version& v : mapped.versions) {
                storage::FileReport& rep = reportFor(v.source);
                if (v.numbered) session->addNumbered(std::move(v.doc), rep);
                else session->addDocument(std::move(v.doc), rep);
            }
        }
        bool anyProblem = std::any_of(reports.begin(), reports.end(), [](const auto& x) { return !x.ok(); }) ||
                          std::any_of(importerReports.begin(), importerReports.end(), [](const auto& x) { return !x.ok(); });
        committed = !anyProblem && session->commit();
        if (!committed) session->rollback();
    }
    for (storage::FileReport& rep : importerReports) {
        formats.push_back(formatOfReport.count(rep.file) ? formatOfReport[rep.file] : "");
        reports.push_back(std::move(rep));
    }
    std::vector<std::string> files;
    for (const Input& in : inputs) files.push_back(in.path);
    size_t imported = 0, unchanged = 0, replaced = 0, problems = 0, bad = 0;
    for (const auto& r : reports) {
        imported += r.imported;
        unchanged += r.unchanged;
        replaced += r.replaced;
        problems += r.problems.size() + r.droppedProblems;
        bad += !r.ok();
    }
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("committed", core::Value::makeBool(committed));
        core::Value list = core::Value::makeArray();
        for (size_t i = 0; i < reports.size(); ++i) {
            core::Value rep = reportToJson(reports[i]);
            if (!formats[i].empty()) rep.set("format", core::Value::makeString(formats[i]));
            list.push(std::move(rep));
        }
        o.set("files", std::move(list));
        if (!skipped.empty()) o.set("skipped", diagnosticsToJson(skipped));
        c.printJson(o);
    } else {
        for (size_t i = 0; i < reports.size(); ++i) {
            storage::FileReport r = reports[i];
            if (!formats[i].empty()) r.file += " (" + formats[i] + ")";
            if (validateOnly && r.ok()) {
                c.env.out << "ok     " << core::showInvalidBytes(r.file) << ": " << r.imported << " valid manifest" << (r.imported == 1 ? "" : "s") << "\n";
            } else {
                printReport(c.env.out, c.env.err, r);
            }
            printNotes(c.env.err, r);
        }
        for (const core::Diagnostic& d : skipped) c.env.err << "note: " << core::formatDiagnostic(d) << "\n";
        if (validateOnly) {
            c.env.out << (bad ? std::to_string(problems) + " problem(s) in " + std::to_string(bad) + " file(s)\n"
                              : "all " + std::to_string(files.size()) + " file(s) valid\n");
        } else if (committed) {
            c.env.out << "imported " << imported << " new version" << (imported == 1 ? "" : "s");
            if (unchanged) c.env.out << ", " << unchanged << " unchanged";
            if (replaced) c.env.out << ", " << replaced << " replaced";
            c.env.out << " from " << files.size() << " file" << (files.size() == 1 ? "" : "s") << "\n";
        } else {
            c.env.out << "nothing imported: " << problems << " problem" << (problems == 1 ? "" : "s") << " in " << bad
                      << " file" << (bad == 1 ? "" : "s") << " (the registry is unchanged)\n";
        }
    }
    return bad ? kFailed : kOk;
}

}  // namespace mvr::cli
