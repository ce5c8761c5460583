#include "cli/commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "cli/args.hpp"
#include "cli/io.hpp"
#include "cli/worker_import.hpp"
#include "core/diff.hpp"
#include "core/diff_format.hpp"
#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/registry_format.hpp"
#include "core/text.hpp"
#include "importers/importers.hpp"
#include "importers/yaml.hpp"
#include "storage/registry.hpp"

namespace mvr::cli {

namespace {

const char* kUsageText = R"(usage: mvr [--db PATH] COMMAND [ARGS]

The registry is an SQLite file: --db PATH, else $MVR_DB, else ./mvr.db.

commands:
  init                                 create the registry file (or check an existing one)
  import [--replace] [--format F] [--model NAME] FILE|DIR|- ...
                                       import manifests, lists or registry exports, and MLflow exports,
                                       DVC projects, Hugging Face model cards, W&B manifests and summaries
                                       (format found from content, or F: mlflow|dvc|huggingface|wandb|mvr;
                                       NAME names the model where the files do not); all or nothing
  validate [--format F] [--model NAME] FILE|DIR|- ...
                                       check files without importing
  create MODEL [-d TEXT] [--params JSON|@FILE] [--metric NAME=VALUE[:max|min]]...
         [--author A] [--parent LABEL] [--alias NAME]... [--tag KEY=VALUE]...
                                       add the next numbered version of MODEL, stamped now
  list [MODEL] [--where EXPR]          models, or the versions of one model
  show MODEL@VERSION                   one version (VERSION may be an alias or "latest")
  diff A B [--all] [--markdown] [--repeat N]
                                       what differs between two versions (B may be a bare VERSION of A's model);
                                       --repeat N also times N loads and diffs and prints p50/p99 to stderr
  compare A B [C ...] [--baseline X] [--all]
                                       N versions against a baseline (the first unless --baseline)
  alias MODEL@VERSION NAME             point alias NAME at a version (moving it)
  alias --delete MODEL NAME            remove an alias
  export [MODEL | MODEL@VERSION ...] [-o FILE]
                                       the registry (or a part) as JSON, to stdout or FILE

options for every command: --json (output for scripts), --help
exit codes: 0 ok, 1 invalid input, conflict or failure, 2 usage error
)";

struct Ctx {
    Env& env;
    std::string db;
    bool json = false;

    int fail(const std::string& msg) {
        env.err << "mvr: " << core::showInvalidBytes(msg) << "\n";
        return kFailed;
    }
    int usage(const std::string& msg) {
        env.err << "mvr: " << core::showInvalidBytes(msg) << "\n(run 'mvr --help' for usage)\n";
        return kUsage;
    }
    // Output for scripts is valid UTF-8 JSON whatever the input held: bytes of broken input that a
    // message or a name quotes are written as \xNN.
    void printJson(core::Value v) {
        validText(v);
        env.out << core::toPretty(v) << "\n";
    }
    static void validText(core::Value& v) {
        if (v.isString() && !core::isValidUtf8(v.text)) v.text = core::showInvalidBytes(v.text);
        for (core::Value& x : v.items) validText(x);
        for (core::Member& m : v.members) {
            if (!core::isValidUtf8(m.key)) m.key = core::showInvalidBytes(m.key);
            validText(m.value);
        }
    }
};

bool splitRef(const std::string& ref, std::string& model, std::string& label) {
    size_t at = ref.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == ref.size()) return false;
    model = ref.substr(0, at);
    label = ref.substr(at + 1);
    return true;
}

std::string pad(const std::string& s, size_t w) {
    // Pads by code points so UTF-8 text lines up.
    size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    return cps >= w ? s : s + std::string(w - cps, ' ');
}

std::string clip(const std::string& s, size_t w) {
    size_t cps = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (cps == w - 1 && i + 1 < s.size()) {
                size_t rest = 0;
                for (size_t j = i; j < s.size(); ++j) rest += (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80;
                if (rest > 1) return s.substr(0, i) + "…";
            }
            ++cps;
        }
    }
    return s;
}

void printTable(std::ostream& out, const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                size_t maxWidth = 60) {
    std::vector<size_t> w(head.size(), 0);
    auto width = [](const std::string& s) {
        size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    for (size_t i = 0; i < head.size(); ++i) w[i] = width(head[i]);
    std::vector<std::vector<std::string>> cells = rows;
    for (auto& r : cells)
        for (size_t i = 0; i < r.size() && i < w.size(); ++i) {
            r[i] = clip(r[i], maxWidth);
            w[i] = std::max(w[i], width(r[i]));
        }
    auto line = [&](const std::vector<std::string>& r) {
        std::string s;
        for (size_t i = 0; i < r.size(); ++i) s += i + 1 == r.size() ? r[i] : pad(r[i], w[i]) + "  ";
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out << s << "\n";
    };
    line(head);
    for (const auto& r : cells) line(r);
}

core::Value diagnosticsToJson(const std::vector<core::Diagnostic>& ds) {
    core::Value list = core::Value::makeArray();
    for (const core::Diagnostic& d : ds) {
        core::Value o = core::Value::makeObject();
        o.set("file", core::Value::makeString(d.file));
        o.set("path", core::Value::makeString(d.path));
        o.set("line", core::Value::makeInteger(d.line));
        o.set("column", core::Value::makeInteger(d.col));
        o.set("code", core::Value::makeString(d.code));
        o.set("message", core::Value::makeString(d.message));
        list.push(std::move(o));
    }
    return list;
}

// One file to import: where it was given, and what it is below the folder it came from.
struct Input {
    std::string path;  // as given ("-" is stdin); messages use it
    std::string root;  // the folder given, "" for a file given by itself
    std::string name;  // its path below root, or its own name
    bool dvc = false;          // a file of a DVC project folder: read as DVC whatever it looks like
    bool formatFolder = false; // in an MLflow export or a model repository: files of mvr's own format are skipped
};

bool isDvcProject(const std::string& dir) { return isFile(dir + "/dvc.yaml") || isFile(dir + "/dvc.lock"); }

// The files of a DVC project: dvc.lock, dvc.yaml, params files, and metrics files (named in dvc.yaml or called
// metrics.*), never its data.
std::vector<std::string> dvcProjectFiles(const std::string& dir) {
    std::vector<std::string> out;
    for (const char* n : {"dvc.lock", "dvc.yaml", "params.yaml", "params.yml", "params.json"})
        if (isFile(dir + "/" + n)) out.push_back(dir + "/" + n);
    std::vector<std::string> metrics = filesIn(dir, [](const std::string& name) {
        auto ends = [&](const char* e) {
            std::string x = e;
            return name.size() >= x.size() && name.compare(name.size() - x.size(), x.size(), x) == 0;
        };
        return name.find("metrics") != std::string::npos && (ends(".json") || ends(".yaml") || ends(".yml"));
    });
    std::string text, err;
    core::Value pipeline;
    core::Diagnostics d;
    if (readFile(dir + "/dvc.yaml", text, err) && importers::parseYaml(text, "dvc.yaml", pipeline, d)) {
        std::vector<std::string> named;
        if (const core::Value* m = pipeline.isObject() ? pipeline.find("metrics") : nullptr; m && m->isArray())
            for (const core::Value& x : m->items)
                if (x.isString()) named.push_back(x.text);
        if (const core::Value* st = pipeline.isObject() ? pipeline.find("stages") : nullptr; st && st->isObject())
            for (const core::Member& stage : st->members)
                if (const core::Value* m = stage.value.isObject() ? stage.value.find("metrics") : nullptr; m && m->isArray())
                    for (const core::Value& x : m->items) {
                        if (x.isString()) named.push_back(x.text);
                        if (x.isObject() && !x.members.empty()) named.push_back(x.members[0].key);
                    }
        for (const std::string& n : named)
            if (isFile(dir + "/" + n)) metrics.push_back(dir + "/" + n);
    }
    std::sort(metrics.begin(), metrics.end());
    metrics.erase(std::unique(metrics.begin(), metrics.end()), metrics.end());
    for (const std::string& m : metrics)
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    return out;
}

// Expands the import arguments: files, folders and "-" (stdin). A DVC project folder gives its DVC files; any
// other folder its *.json files, MLmodel files and (at its top) a model card README.md with front matter.
bool collectInputs(Ctx& c, const std::vector<std::string>& args, std::vector<Input>& files) {
    for (const std::string& a : args) {
        if (a == "-" || !isDirectory(a)) {
            files.push_back(Input{a, "", a == "-" ? "<stdin>" : importers::baseName(a)});
            continue;
        }
        std::string dir = a;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        auto below = [&](const std::string& p) { return p.substr(dir.size() + 1); };
        if (isDvcProject(dir)) {
            for (const std::string& f : dvcProjectFiles(dir)) files.push_back(Input{f, dir, below(f), true});
            continue;
        }
        std::vector<std::string> found = filesIn(dir, [](const std::string& name) {
            return name == "MLmodel" || (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0);
        });
        std::string card = dir + "/README.md", text, err;
        bool hasCard = isFile(card) && readFile(card, text, err) && importers::detect("README.md", text) == importers::Role::HfCard &&
                       text.compare(0, 3, "---") == 0;
        if (hasCard) found.insert(found.begin(), card);
        if (found.empty()) {
            c.fail(a + ": no .json files in this folder");
            return false;
        }
        for (const std::string& f : found) files.push_back(Input{f, dir, below(f), false, hasCard});
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

void printReport(Ctx& c, const storage::FileReport& r) {
    std::ostream& o = c.env.out;
    if (r.ok()) {
        o << "ok     " << core::showInvalidBytes(r.file) << ": " << r.imported << " new";
        if (r.unchanged) o << ", " << r.unchanged << " unchanged";
        if (r.replaced) o << ", " << r.replaced << " replaced";
        if (r.aliasesMoved) o << ", " << r.aliasesMoved << " alias" << (r.aliasesMoved == 1 ? "" : "es") << " set";
        o << "\n";
        return;
    }
    size_t n = r.problems.size() + r.droppedProblems;
    o << (r.conflicts && r.conflicts == n ? "conflict " : "error  ") << core::showInvalidBytes(r.file) << ": " << n << " problem"
      << (n == 1 ? "" : "s") << "\n";
    for (const core::Diagnostic& d : r.problems) c.env.err << "  " << core::formatDiagnostic(d) << "\n";
    if (r.droppedProblems) c.env.err << "  ... and " << r.droppedProblems << " more\n";
}

void printNotes(Ctx& c, const storage::FileReport& r) {
    for (const core::Diagnostic& d : r.notes) c.env.err << "  note: " << core::formatDiagnostic(d) << "\n";
}

core::Value reportToJson(const storage::FileReport& r) {
    core::Value o = core::Value::makeObject();
    o.set("file", core::Value::makeString(r.file));
    o.set("status", core::Value::makeString(r.ok() ? "ok" : r.conflicts ? "conflict" : "invalid"));
    o.set("imported", core::Value::makeInteger(static_cast<int64_t>(r.imported)));
    o.set("unchanged", core::Value::makeInteger(static_cast<int64_t>(r.unchanged)));
    o.set("replaced", core::Value::makeInteger(static_cast<int64_t>(r.replaced)));
    o.set("conflicts", core::Value::makeInteger(static_cast<int64_t>(r.conflicts)));
    o.set("aliases_set", core::Value::makeInteger(static_cast<int64_t>(r.aliasesMoved)));
    o.set("problems", diagnosticsToJson(r.problems));
    if (!r.notes.empty()) o.set("notes", diagnosticsToJson(r.notes));
    return o;
}

int cmdInit(Ctx& c, const Args&) {
    storage::Registry r(c.db);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("db", core::Value::makeString(c.db));
        o.set("schema_version", core::Value::makeInteger(r.schemaVersion()));
        o.set("versions", core::Value::makeInteger(r.versionCount()));
        c.printJson(o);
    } else {
        c.env.out << "registry " << c.db << " ready (schema " << r.schemaVersion() << ", " << r.versionCount()
                  << " versions)\n";
    }
    return kOk;
}

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
                printReport(c, r);
            }
            printNotes(c, r);
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

int cmdCreate(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("create needs exactly one MODEL");
    const std::string& model = a.positional[0];
    storage::Registry r(c.db);
    core::Value doc = core::Value::makeObject();
    doc.set("model", core::Value::makeString(model));
    std::string label = r.nextIntegerLabel(model);
    doc.set("version", core::Value::makeNumberLexeme(label));
    if (a.values.count("--description")) doc.set("description", core::Value::makeString(a.value("--description")));
    doc.set("created_on", core::Value::makeString(core::nowRfc3339()));
    if (a.values.count("--author")) doc.set("author", core::Value::makeString(a.value("--author")));
    if (a.values.count("--parent")) {
        core::Diagnostics d;
        core::Value p;
        std::string text = a.value("--parent");
        if (core::parseJson(text, p, d) && p.isNumber()) doc.set("parent", p);
        else doc.set("parent", core::Value::makeString(text));
    }
    if (a.values.count("--params")) {
        std::string text = a.value("--params"), file = "--params";
        if (!text.empty() && text[0] == '@') {
            file = text.substr(1);
            std::string err;
            if (!readFile(file, text, err)) return c.fail(err);
        }
        core::Diagnostics d;
        core::Value p;
        if (!core::parseJson(text, p, d, file)) {
            for (const auto& x : d.items()) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
            return c.fail("--params is not valid JSON");
        }
        doc.set("params", std::move(p));
    }
    if (!a.all("--metric").empty()) {
        core::Value metrics = core::Value::makeObject();
        for (const std::string& m : a.all("--metric")) {
            size_t eq = m.find('=');
            if (eq == std::string::npos || eq == 0) return c.usage("--metric takes NAME=VALUE[:max|min], got " + m);
            std::string name = m.substr(0, eq), rest = m.substr(eq + 1), goal;
            size_t colon = rest.find(':');
            if (colon != std::string::npos) {
                goal = rest.substr(colon + 1);
                rest = rest.substr(0, colon);
            }
            core::Diagnostics d;
            core::Value num;
            if (!core::parseJson(rest, num, d) || !num.isNumber()) return c.usage("--metric " + name + ": " + rest + " is not a number");
            if (goal.empty()) {
                metrics.set(name, num);
            } else {
                core::Value o = core::Value::makeObject();
                o.set("value", num);
                o.set("goal", core::Value::makeString(goal));
                metrics.set(name, std::move(o));
            }
        }
        doc.set("metrics", std::move(metrics));
    }
    if (!a.all("--tag").empty()) {
        core::Value tags = core::Value::makeObject();
        for (const std::string& t : a.all("--tag")) {
            size_t eq = t.find('=');
            tags.set(t.substr(0, eq), core::Value::makeString(eq == std::string::npos ? "" : t.substr(eq + 1)));
        }
        doc.set("tags", std::move(tags));
    }
    if (!a.all("--alias").empty()) {
        core::Value al = core::Value::makeArray();
        for (const std::string& x : a.all("--alias")) al.push(core::Value::makeString(x));
        doc.set("aliases", std::move(al));
    }
    core::Diagnostics d;
    core::Manifest m;
    if (!core::validateManifest(std::move(doc), "mvr create", "", d, m)) {
        for (const auto& x : d.items()) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
        return c.fail("the new version is not valid; nothing was created");
    }
    std::string created = m.createdOn;
    std::vector<core::Manifest> list;
    list.push_back(std::move(m));
    auto session = r.beginImport();
    storage::FileReport rep = session->addManifests("mvr create", list);
    if (!rep.ok() || !session->commit()) {
        for (const auto& x : rep.problems) c.env.err << "  " << core::formatDiagnostic(x) << "\n";
        return c.fail("nothing was created");
    }
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("version", core::Value::makeNumberLexeme(label));
        o.set("created_on", core::Value::makeString(created));
        c.printJson(o);
    } else {
        c.env.out << "created " << model << "@" << label << " (" << created << ")\n";
    }
    return kOk;
}

int cmdList(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    if (a.positional.empty() && a.values.count("--where")) return c.usage("--where filters the versions of one model: mvr list MODEL --where ...");
    if (a.positional.empty()) {
        auto models = r.models();
        if (c.json) {
            core::Value list = core::Value::makeArray();
            for (const auto& m : models) {
                core::Value o = core::Value::makeObject();
                o.set("model", core::Value::makeString(m.name));
                o.set("versions", core::Value::makeInteger(m.versions));
                o.set("latest", core::Value::makeString(m.latest));
                core::Value al = core::Value::makeObject();
                for (const auto& x : m.aliases) al.set(x.first, core::Value::makeString(x.second));
                o.set("aliases", std::move(al));
                list.push(std::move(o));
            }
            c.printJson(list);
            return kOk;
        }
        if (models.empty()) {
            c.env.out << "the registry " << c.db << " is empty (mvr import FILE to add versions)\n";
            return kOk;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& m : models) {
            std::string al;
            for (const auto& x : m.aliases) al += (al.empty() ? "" : ", ") + x.first + "→" + x.second;
            rows.push_back({m.name, std::to_string(m.versions), m.latest, al});
        }
        printTable(c.env.out, {"MODEL", "VERSIONS", "LATEST", "ALIASES"}, rows);
        return kOk;
    }
    if (a.positional.size() != 1) return c.usage("list takes at most one MODEL");
    const std::string& model = a.positional[0];
    if (!r.hasModel(model)) return c.fail("no model \"" + model + "\" in " + c.db);
    core::Filter filter;
    std::string err;
    if (a.values.count("--where") && !core::parseFilter(a.value("--where"), filter, err)) return c.usage("--where: " + err);
    auto versions = r.versions(model, filter);
    if (c.json) {
        core::Value list = core::Value::makeArray();
        for (const auto& v : versions) {
            core::Value o = core::Value::makeObject();
            o.set("version", core::Value::makeString(v.label));
            o.set("created_on", core::Value::makeString(v.createdOn));
            o.set("author", core::Value::makeString(v.author));
            o.set("description", core::Value::makeString(v.description));
            o.set("parent", v.parent.empty() ? core::Value() : core::Value::makeString(v.parent));
            core::Value al = core::Value::makeArray();
            for (const auto& x : v.aliases) al.push(core::Value::makeString(x));
            o.set("aliases", std::move(al));
            list.push(std::move(o));
        }
        c.printJson(list);
        return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : versions) {
        std::string al;
        for (const auto& x : v.aliases) al += (al.empty() ? "" : ",") + x;
        rows.push_back({v.label, v.createdOn, v.parent, al, v.author, v.description});
    }
    printTable(c.env.out, {"VERSION", "CREATED", "PARENT", "ALIASES", "AUTHOR", "DESCRIPTION"}, rows);
    c.env.out << versions.size() << " version" << (versions.size() == 1 ? "" : "s") << "\n";
    return kOk;
}

bool loadRef(Ctx& c, storage::Registry& r, const std::string& ref, const std::string& defaultModel, core::Manifest& m,
             int& code) {
    std::string model, label;
    if (!splitRef(ref, model, label)) {
        if (defaultModel.empty() || ref.find('@') != std::string::npos) {
            code = c.usage("expected MODEL@VERSION, got \"" + ref + "\"");
            return false;
        }
        model = defaultModel;
        label = ref;
    }
    if (!r.load(model, label, m)) {
        code = c.fail(r.hasModel(model) ? "no version \"" + label + "\" of " + model + " (not a label or alias)"
                                        : "no model \"" + model + "\" in " + c.db);
        return false;
    }
    return true;
}

int cmdShow(Ctx& c, const Args& a) {
    if (a.positional.size() != 1) return c.usage("show needs one MODEL@VERSION");
    storage::Registry r(c.db);
    core::Manifest m;
    int code = kOk;
    if (!loadRef(c, r, a.positional[0], "", m, code)) return code;
    if (c.json) {
        c.env.out << core::toPretty([&] {
            core::Diagnostics d;
            core::Value v;
            core::parseJson(core::exportedManifest(m.doc, m.aliases), v, d);
            return v;
        }()) << "\n";
        return kOk;
    }
    std::ostream& o = c.env.out;
    o << m.model << "@" << m.label << "\n";
    if (!m.description.empty()) o << "  description  " << m.description << "\n";
    if (!m.createdOn.empty()) o << "  created_on   " << m.createdOn << "\n";
    if (!m.author.empty()) o << "  author       " << m.author << "\n";
    if (m.hasParent) o << "  parent       " << (m.parent.model == m.model ? m.parent.label : m.parent.model + "@" + m.parent.label) << "\n";
    auto kids = r.children(m.model, m.label);
    if (!kids.empty()) {
        o << "  children    ";
        for (const auto& k : kids) o << " " << k;
        o << "\n";
    }
    if (!m.aliases.empty()) {
        o << "  aliases     ";
        for (const auto& x : m.aliases) o << " " << x;
        o << "\n";
    }
    for (const auto& t : m.tags) o << "  tag          " << t.first << (t.second.empty() ? "" : " = " + t.second) << "\n";
    o << "  digest       blake2b-256:" << m.digest << "\n";
    if (const core::Value* p = m.params(); p && !p->members.empty()) {
        o << "\nParams\n";
        std::string path;
        std::function<void(const core::Value&)> walk = [&](const core::Value& v) {
            if (v.isObject() && !v.members.empty()) {
                size_t base = path.size();
                for (const auto& mem : v.members) {
                    core::appendKeySegment(path, mem.key);
                    walk(mem.value);
                    path.resize(base);
                }
            } else {
                o << "  " << path << " = " << core::valueText(v, 120) << "\n";
            }
        };
        walk(*p);
    }
    if (!m.metrics.empty()) {
        o << "\nMetrics\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& x : m.metrics)
            rows.push_back({"  " + x.name, x.lexeme, x.goal == core::Goal::None ? "" : std::string("goal ") + core::goalName(x.goal),
                            x.steps ? std::to_string(x.steps) + " steps" : ""});
        printTable(o, {"  NAME", "VALUE", "GOAL", "HISTORY"}, rows);
    }
    auto data = [&](const char* title, const std::vector<core::DataRef>& list) {
        if (list.empty()) return;
        o << "\n" << title << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& d : list)
            rows.push_back({"  " + d.key, d.digestText(), d.hasSize ? std::to_string(d.size) : "", d.uri});
        printTable(o, {"  NAME", "DIGEST", "SIZE", "URI"}, rows, 80);
    };
    data("Datasets", m.datasets);
    data("Artifacts", m.artifacts);
    return kOk;
}

int cmdDiff(Ctx& c, const Args& a) {
    if (a.positional.size() != 2) return c.usage("diff needs two versions: MODEL@A MODEL@B (or MODEL@A B)");
    storage::Registry r(c.db);
    core::Manifest left, right;
    int code = kOk;
    if (!loadRef(c, r, a.positional[0], "", left, code)) return code;
    if (!loadRef(c, r, a.positional[1], left.model, right, code)) return code;
    core::DiffOptions opt;
    opt.includeSame = a.has("--all");
    core::VersionDiff d = core::diffVersions(left, right, opt);
    if (a.values.count("--repeat")) {
        // For benchmarks: the diff itself, and loading both versions from the registry then diffing, timed
        // in-process (a process per call would mostly measure start-up).
        long n = std::strtol(a.value("--repeat").c_str(), nullptr, 10);
        if (n < 1 || n > 1000000) return c.usage("--repeat takes a count from 1 to 1000000, got " + a.value("--repeat"));
        using Clock = std::chrono::steady_clock;
        auto ms = [](Clock::duration x) { return std::chrono::duration<double, std::milli>(x).count(); };
        std::vector<double> diffOnly, loadAndDiff;
        size_t changes = 0;
        for (long i = 0; i < n; ++i) {
            auto t0 = Clock::now();
            core::VersionDiff again = core::diffVersions(left, right, opt);
            auto t1 = Clock::now();
            changes = again.entries.size();
            diffOnly.push_back(ms(t1 - t0));
        }
        for (long i = 0; i < n; ++i) {
            auto t0 = Clock::now();
            core::Manifest l, rr;
            if (!loadRef(c, r, a.positional[0], "", l, code) || !loadRef(c, r, a.positional[1], l.model, rr, code)) return code;
            core::VersionDiff again = core::diffVersions(l, rr, opt);
            loadAndDiff.push_back(ms(Clock::now() - t0));
        }
        auto pct = [](std::vector<double> v, double p) {
            std::sort(v.begin(), v.end());
            return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
        };
        char line[256];
        std::snprintf(line, sizeof line,
                      "timing runs=%ld changes=%zu diff_p50_ms=%.4f diff_p99_ms=%.4f load_diff_p50_ms=%.4f "
                      "load_diff_p99_ms=%.4f\n",
                      n, changes, pct(diffOnly, 0.5), pct(diffOnly, 0.99), pct(loadAndDiff, 0.5), pct(loadAndDiff, 0.99));
        c.env.err << line;
    }
    if (c.json) c.printJson(core::diffToJson(d));
    else if (a.has("--markdown")) c.env.out << core::diffToMarkdown(d);
    else c.env.out << core::diffToText(d, c.env.color);
    return kOk;
}

int cmdCompare(Ctx& c, const Args& a) {
    if (a.positional.size() < 2) return c.usage("compare needs at least two versions");
    storage::Registry r(c.db);
    std::vector<core::Manifest> ms(a.positional.size());
    int code = kOk;
    for (size_t i = 0; i < a.positional.size(); ++i)
        if (!loadRef(c, r, a.positional[i], i ? ms[0].model : "", ms[i], code)) return code;
    size_t baseline = 0;
    if (a.values.count("--baseline")) {
        std::string b = a.value("--baseline");
        bool found = false;
        for (size_t i = 0; i < ms.size(); ++i)
            if (ms[i].id() == b || (b.find('@') == std::string::npos && ms[i].label == b && ms[i].model == ms[0].model)) {
                baseline = i;
                found = true;
            }
        if (!found) return c.usage("--baseline " + b + " is not one of the compared versions");
    }
    std::vector<const core::Manifest*> ptrs;
    for (const auto& m : ms) ptrs.push_back(&m);
    core::CompareMatrix mx = core::compareVersions(ptrs, baseline, !a.has("--all"));
    if (c.json) {
        c.printJson(core::matrixToJson(mx));
        return kOk;
    }
    std::vector<std::string> head = {"FIELD"};
    for (size_t i = 0; i < mx.columns.size(); ++i) head.push_back(mx.columns[i] + (i == mx.baseline ? " (baseline)" : ""));
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : mx.rows) {
        std::vector<std::string> cells = {std::string(core::sectionName(row.section)) + " " + row.key};
        for (size_t i = 0; i < row.cells.size(); ++i) {
            const auto& cell = row.cells[i];
            std::string t = !cell.present ? "—" : cell.value ? core::valueText(*cell.value, 30) : cell.text;
            if (i != mx.baseline && cell.change != core::Change::Same) {
                t += cell.trend == core::Trend::Better ? " ▲" : cell.trend == core::Trend::Worse ? " ▼" : " *";
            }
            cells.push_back(t);
        }
        rows.push_back(std::move(cells));
    }
    printTable(c.env.out, head, rows, 32);
    c.env.out << mx.differingRows() << " differing row" << (mx.differingRows() == 1 ? "" : "s")
              << " (* changed, ▲ better, ▼ worse by the metric's goal)\n";
    return kOk;
}

int cmdAlias(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    if (a.has("--delete")) {
        if (a.positional.size() != 2) return c.usage("alias --delete needs MODEL NAME");
        if (!r.removeAlias(a.positional[0], a.positional[1]))
            return c.fail("no alias \"" + a.positional[1] + "\" on " + a.positional[0]);
        c.env.out << "removed alias " << a.positional[1] << " from " << a.positional[0] << "\n";
        return kOk;
    }
    if (a.positional.size() != 2) return c.usage("alias needs MODEL@VERSION NAME");
    std::string model, label;
    if (!splitRef(a.positional[0], model, label)) return c.usage("expected MODEL@VERSION, got \"" + a.positional[0] + "\"");
    std::string resolved = r.resolveLabel(model, label);
    if (resolved.empty()) return c.fail("no version " + model + "@" + label);
    std::string before = r.setAlias(model, a.positional[1], resolved);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("model", core::Value::makeString(model));
        o.set("alias", core::Value::makeString(a.positional[1]));
        o.set("version", core::Value::makeString(resolved));
        o.set("previous", before.empty() ? core::Value() : core::Value::makeString(before));
        c.printJson(o);
    } else {
        c.env.out << a.positional[1] << " → " << model << "@" << resolved;
        if (!before.empty() && before != resolved) c.env.out << " (was " << before << ")";
        c.env.out << "\n";
    }
    return kOk;
}

int cmdExport(Ctx& c, const Args& a) {
    storage::Registry r(c.db);
    storage::ExportSelection sel;
    for (const std::string& p : a.positional) {
        std::string model, label;
        if (splitRef(p, model, label)) {
            std::string resolved = r.resolveLabel(model, label);
            if (resolved.empty()) return c.fail("no version " + p);
            sel.versions.push_back(core::VersionRef{model, resolved});
        } else {
            sel.models.push_back(p);
        }
    }
    if (!sel.versions.empty() && !sel.models.empty())
        return c.usage("export takes either models or MODEL@VERSION references, not both");
    std::string out = a.value("--output");
    if (out.empty() || out == "-") {
        r.exportTo(sel, [&](std::string_view s) { c.env.out.write(s.data(), static_cast<std::streamsize>(s.size())); });
        return kOk;
    }
    std::string data, err;
    size_t n = r.exportTo(sel, [&](std::string_view s) { data.append(s); });
    if (!writeFileAtomic(out, data, err)) return c.fail(err);
    c.env.err << "exported " << n << " version" << (n == 1 ? "" : "s") << " to " << out << "\n";
    return kOk;
}

}  // namespace

int run(const std::vector<std::string>& argv, Env& env) {
    Ctx c{env, env.dbFromEnv.empty() ? "mvr.db" : env.dbFromEnv};
    // Global options come before the command.
    size_t i = 0;
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--help" || a == "-h") {
            env.out << kUsageText;
            return kOk;
        }
        if (a == "--version") {
            env.out << "mvr 0.1.0\n";
            return kOk;
        }
        if (a == "--json") {
            c.json = true;
        } else if (a == "--db") {
            if (i + 1 >= argv.size()) return c.usage("--db needs a path");
            c.db = argv[++i];
        } else if (a.rfind("--db=", 0) == 0) {
            c.db = a.substr(5);
        } else if (!a.empty() && a[0] == '-') {
            return c.usage("unknown option " + a + " (global options go before the command)");
        } else {
            break;
        }
    }
    if (i >= argv.size()) {
        env.err << kUsageText;
        return kUsage;
    }
    std::string cmd = argv[i];
    std::vector<std::string> rest(argv.begin() + static_cast<long>(i) + 1, argv.end());

    OptionSpec spec;
    spec.flags = {"--json", "--help"};
    using Handler = std::function<int(Ctx&, const Args&)>;
    std::map<std::string, std::pair<OptionSpec, Handler>> commands;
    auto add = [&](const std::string& name, OptionSpec extra, Handler h) {
        extra.flags.insert(spec.flags.begin(), spec.flags.end());
        commands[name] = {extra, h};
    };
    add("init", {}, cmdInit);
    add("import", {{"--replace"}, {"--format", "--model"}, {}, {}}, [](Ctx& cx, const Args& a) { return cmdImport(cx, a, false); });
    add("validate", {{}, {"--format", "--model"}, {}, {}}, [](Ctx& cx, const Args& a) { return cmdImport(cx, a, true); });
    add("create", {{}, {"--description", "--params", "--author", "--parent"}, {"--metric", "--tag", "--alias"}, {{"-d", "--description"}}},
        cmdCreate);
    add("list", {{}, {"--where"}, {}, {}}, cmdList);
    add("show", {}, cmdShow);
    add("diff", {{"--all", "--markdown"}, {"--repeat"}, {}, {}}, cmdDiff);
    add("compare", {{"--all"}, {"--baseline"}, {}, {}}, cmdCompare);
    add("alias", {{"--delete"}, {}, {}, {}}, cmdAlias);
    add("export", {{}, {"--output"}, {}, {{"-o", "--output"}}}, cmdExport);

    auto it = commands.find(cmd);
    if (it == commands.end()) return c.usage("unknown command \"" + cmd + "\"");
    Args args;
    std::string err;
    if (!parseArgs(rest, it->second.first, args, err)) return c.usage(cmd + ": " + err);
    if (args.has("--help")) {
        env.out << kUsageText;
        return kOk;
    }
    if (args.has("--json")) c.json = true;
    try {
        return it->second.second(c, args);
    } catch (const storage::StorageError& e) {
        return c.fail(e.what());
    }
}

}  // namespace mvr::cli
