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
#include "ops/import_job.hpp"

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

// The open text of a file (a memory map or a read), for the import job.
struct OpenFile final : ops::FileAccess::Text {
    FileText file;
    std::string_view view() const override { return file.view(); }
};

ops::FileAccess fileAccess() {
    ops::FileAccess files;
    files.open = [](const std::string& path, std::string& error) -> std::unique_ptr<ops::FileAccess::Text> {
        auto f = std::make_unique<OpenFile>();
        if (!f->file.open(path, error)) return nullptr;
        return f;
    };
    files.size = [](const std::string& path) { return static_cast<size_t>(fileSize(path)); };
    files.head = [](const std::string& path, size_t n, std::string& out) { return readHead(path, n, out); };
    return files;
}

}  // namespace

int cmdImport(Ctx& c, const Args& a, bool validateOnly) {
    if (a.positional.empty()) return c.usage(std::string(validateOnly ? "validate" : "import") + " needs files, folders or -");
    ops::ImportOptions opt;
    if (a.values.count("--format") && !importers::formatFromName(a.value("--format"), opt.forced))
        return c.usage("--format takes mlflow, dvc, huggingface, wandb or mvr, got " + a.value("--format"));
    opt.importers.model = a.value("--model");
    opt.replace = a.has("--replace");
    opt.author = c.author(a);
    opt.validateOnly = validateOnly;
    std::vector<Input> inputs;
    if (!collectInputs(c, a.positional, inputs)) return kFailed;

    std::vector<ops::ImportInput> jobInputs;
    for (const Input& in : inputs) {
        ops::ImportInput j;
        j.root = in.root;
        j.rel = in.name;
        j.dvcProject = in.dvc;
        j.formatFolder = in.formatFolder;
        if (in.path == "-") {
            std::string err;
            j.name = "<stdin>";
            readInput(c, in.path, j.bytes, err);
            j.haveBytes = true;
            j.size = j.bytes.size();
        } else {
            j.name = j.path = in.path;
            j.size = static_cast<size_t>(fileSize(in.path));
        }
        jobInputs.push_back(std::move(j));
    }
    std::unique_ptr<ops::ParallelReader> reader = makeWorkerReader();
    if (reader && !validateOnly)
        for (const ops::ImportInput& in : jobInputs) {
            std::string head;
            if (!in.haveBytes && in.size >= ops::kParallelReadMinBytes && readHead(in.path, shared::kFormatHeadBytes, head) &&
                importers::startsAsMvr(in.rel, head)) {
                prestartWorker(in.path);  // under node: its start-up overlaps opening the registry
                break;
            }
        }
    std::unique_ptr<storage::Registry> registry = validateOnly ? nullptr : std::make_unique<storage::Registry>(c.db);
    ops::ImportJob job(registry.get(), opt, std::move(jobInputs), fileAccess(), reader.get());
    while (job.step(1e12)) {
    }
    const ops::ImportResult& result = job.result();
    const std::vector<storage::FileReport>& reports = result.files;
    const std::vector<std::string>& formats = result.formats;
    bool committed = result.committed;
    size_t imported = result.imported(), unchanged = result.unchanged(), replaced = result.replaced();
    size_t problems = result.problems(), bad = result.badFiles();
    std::vector<core::RuleEvaluation> moved;
    if (committed && !validateOnly) moved = applyRulesAfter(c, a, *registry);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("committed", core::Value::makeBool(committed));
        if (!validateOnly) o.set("rules_moved", movesToJson(moved));
        core::Value list = core::Value::makeArray();
        for (size_t i = 0; i < reports.size(); ++i) {
            core::Value rep = reportToJson(reports[i]);
            if (!formats[i].empty()) rep.set("format", core::Value::makeString(formats[i]));
            list.push(std::move(rep));
        }
        o.set("files", std::move(list));
        if (!result.skipped.empty()) o.set("skipped", diagnosticsToJson(result.skipped));
        c.printJson(o);
    } else {
        for (size_t i = 0; i < reports.size(); ++i) {
            storage::FileReport r = reports[i];
            if (!formats[i].empty()) r.file += " (" + formats[i] + ")";
            if (validateOnly && r.ok()) {
                size_t n = r.imported + r.unchanged + r.replaced;
                c.env.out << "ok     " << core::showInvalidBytes(r.file) << ": " << n << " valid manifest" << (n == 1 ? "" : "s") << "\n";
            } else {
                printReport(c.env.out, c.env.err, r);
            }
            printNotes(c.env.err, r);
        }
        for (const core::Diagnostic& d : result.skipped) c.env.err << "note: " << core::formatDiagnostic(d) << "\n";
        if (validateOnly) {
            c.env.out << (bad ? std::to_string(problems) + " problem(s) in " + std::to_string(bad) + " file(s)\n"
                              : "all " + std::to_string(inputs.size()) + " file(s) valid\n");
        } else if (committed) {
            c.env.out << "imported " << imported << " new version" << (imported == 1 ? "" : "s");
            if (unchanged) c.env.out << ", " << unchanged << " unchanged";
            if (replaced) c.env.out << ", " << replaced << " replaced";
            c.env.out << " from " << inputs.size() << " file" << (inputs.size() == 1 ? "" : "s") << "\n";
            printRulesMoved(c, moved);
        } else {
            c.env.out << "nothing imported: " << problems << " problem" << (problems == 1 ? "" : "s") << " in " << bad
                      << " file" << (bad == 1 ? "" : "s") << " (the registry is unchanged)\n";
            // How this front end replaces (the app offers a button instead).
            if (!opt.replace && !result.replaceable().empty())
                c.env.err << "hint: run the import again with --replace to overwrite the stored versions\n";
        }
    }
    return bad ? kFailed : kOk;
}

}  // namespace mvr::cli
