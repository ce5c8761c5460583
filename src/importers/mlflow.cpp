// MLflow, as mlflow-export-import writes it: registered models (model.json, version.json), runs (run.json),
// experiments (experiment.json), prompts, and MLmodel files. Model versions keep MLflow's numbers and are joined
// to their runs by run id (or the run's folder name, which is how mlflow-export-import finds them); runs that no
// version uses become versions of a model named after their experiment, labelled by run id. An MLmodel is part of
// the version (or run) it belongs to, found by where it is (a run's artifacts, a version export's folder) or by
// the run it names; only an MLmodel that belongs to none is a version of its own.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "importers/common.hpp"

namespace mvr::importers::detail {

namespace {

const char* kFormat = "mlflow";

bool isSystemTag(const std::string& key) {
    return key.rfind("mlflow.", 0) == 0 || key.rfind("mlflow_export_import.", 0) == 0 || key.rfind("mlflow_exim.", 0) == 0;
}

// Tags as written by MLflow: an object of strings, or the REST form [{"key": ..., "value": ...}].
std::vector<std::pair<std::string, core::Value>> tagList(const core::Value* v) {
    std::vector<std::pair<std::string, core::Value>> out;
    if (!v) return out;
    if (v->isObject())
        for (const core::Member& m : v->members) out.emplace_back(m.key, m.value);
    if (v->isArray())
        for (const core::Value& t : v->items)
            if (const core::Value* k = member(t, "key"); k && k->isString())
                out.emplace_back(k->text, member(t, "value") ? *member(t, "value") : core::Value());
    return out;
}

struct Run {
    const SourceFile* file = nullptr;
    const core::Value* body = nullptr;  // the object with info, params, metrics, tags
    std::string id, experimentId, folder;
    bool used = false;
};

struct MLmodel {
    const SourceFile* file = nullptr;
    core::Value doc;
    std::string runId;
    long ownerRun = -1;                       // the exported run whose artifacts hold it (index in m_runs)
    const SourceFile* ownerVersion = nullptr;  // else the version.json of the version export whose folder holds it
    bool used = false;
    bool placed() const { return ownerRun >= 0 || ownerVersion; }
};

// s is tail, or ends with "/" + tail: "run/artifacts/model/MLmodel" ends with the segments "model/MLmodel", and
// "version_model/MLmodel" does not.
bool endsWithSegments(const std::string& s, const std::string& tail) {
    if (tail.empty() || s.size() < tail.size() || s.compare(s.size() - tail.size(), tail.size(), tail) != 0) return false;
    return s.size() == tail.size() || s[s.size() - tail.size() - 1] == '/';
}

// path lies in folder dir (below it at any depth; every path lies in "").
bool isBelow(const std::string& path, const std::string& dir) {
    return dir.empty() || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

struct Parts {
    core::Value params = core::Value::makeObject();
    core::Value metrics = core::Value::makeObject();
    core::Value datasets = core::Value::makeArray();
    std::vector<std::pair<std::string, core::Value>> userTags;
    core::Value systemTags = core::Value::makeObject();
    std::string user;
};

class Mlflow {
public:
    Mlflow(const Options& opt, Result& r) : m_opt(opt), m_r(r) {}

    void run(const std::vector<const SourceFile*>& files) {
        // Parse everything first; a file that does not parse is reported and the import will store nothing.
        for (const SourceFile* f : files) {
            auto doc = std::make_unique<core::Value>();
            if (f->role == Role::MlflowMLmodel) {
                if (!parseYamlText(*f, f->text, 1, *doc, m_r)) continue;
                if (!doc->isObject()) {
                    problem(m_r, *f, "", doc->pos, "type", "expected an MLmodel file (a YAML mapping with \"flavors\"), got " + core::describe(*doc));
                    continue;
                }
                MLmodel m;
                m.file = f;
                m.runId = textOf(member(*doc, "run_id"));
                m.doc = std::move(*doc);
                m_mlmodels.push_back(std::move(m));
                continue;
            }
            if (!parseJsonFile(*f, *doc, m_r)) continue;
            classify(*f, *doc);
            m_docs.push_back(std::move(doc));
        }
        placeMLmodels();
        for (const VersionObject& v : m_versionObjects) version(*v.file, *v.body, v.registeredModel, v.path);
        for (auto& [file, body] : m_prompts) prompt(*file, *body);
        for (Run& run : m_runs)
            if (!run.used) standaloneRun(run);
        // An MLmodel inside an export is its version's (or run's) even when that did not import (its problems say
        // why): only one with no export around it is a version of its own.
        for (MLmodel& m : m_mlmodels)
            if (!m.used && !m.placed()) standaloneMLmodel(m);
        if (m_runs.empty())
            for (const SourceFile* f : m_experimentFiles)
                note(m_r, *f, "", core::Pos{1, 1}, "nothing to import: an MLflow experiment names the model of its runs' "
                                                   "versions, and none of its runs is in this import");
    }

private:
    void classify(const SourceFile& f, const core::Value& doc) {
        if (!doc.isObject()) {
            problem(m_r, f, "", doc.pos, "type", "expected an MLflow export file (a JSON object), got " + core::describe(doc));
            return;
        }
        const core::Value* mlflow = member(doc, "mlflow");
        const core::Value& body = mlflow && mlflow->isObject() ? *mlflow : doc;
        if (mlflow && !mlflow->isObject()) {
            problem(m_r, f, "mlflow", mlflow->pos, "type", "expected an object, got " + core::describe(*mlflow));
            return;
        }
        if (const core::Value* rm = member(body, "registered_model")) {
            if (!rm->isObject()) {
                problem(m_r, f, "mlflow.registered_model", rm->pos, "type", "expected an object, got " + core::describe(*rm));
                return;
            }
            const core::Value* list = member(*rm, "versions");
            const char* key = "versions";
            if (!list) {
                list = member(*rm, "latest_versions");
                key = "latest_versions";
            }
            if (list && !list->isArray()) {
                problem(m_r, f, std::string("mlflow.registered_model.") + key, list->pos, "type",
                        "expected a list of model versions, got " + core::describe(*list));
                return;
            }
            if (!list || list->items.empty())
                note(m_r, f, "mlflow.registered_model", rm->pos, "registered model \"" + textOf(member(*rm, "name")) +
                                                                   "\" has no versions in this file: nothing to import from it");
            if (list)
                for (size_t i = 0; i < list->items.size(); ++i) {
                    std::string path = std::string("mlflow.registered_model.") + key;
                    core::appendIndexSegment(path, i);
                    m_versionObjects.push_back({&f, &list->items[i], rm, path});
                }
            return;
        }
        if (const core::Value* mv = member(body, "model_version")) {
            m_versionObjects.push_back({&f, mv, nullptr, "mlflow.model_version"});
            return;
        }
        if (const core::Value* info = member(body, "info"); info && info->isObject() &&
                                                              (member(body, "params") || member(body, "metrics") || member(body, "tags"))) {
            addRun(f, body, *info);
            return;
        }
        if (const core::Value* e = member(body, "experiment"); e && e->isObject()) {
            std::string id = textOf(member(*e, "experiment_id")), name = textOf(member(*e, "name"));
            m_experimentFiles.push_back(&f);
            if (!name.empty()) {
                m_experimentByDir[f.root + "|" + dirName(f.name)] = name;
                if (!id.empty() && !m_experimentById.count(id)) m_experimentById[id] = name;
            }
            return;
        }
        if (const core::Value* p = member(body, "prompt"); p && p->isObject()) {
            m_prompts.push_back({&f, p});
            return;
        }
        // Index and summary files of an export: they describe the export, not a model version.
        std::string what;
        if (member(body, "evaluation_dataset")) what = "an MLflow evaluation dataset (data, not a model version)";
        else if (const core::Value* ex = member(body, "experiments"); ex && ex->isArray()) {
            size_t logged = 0;
            bool loggedList = false;
            for (const core::Value& e : ex->items)
                if (const core::Value* lm = member(e, "logged_models"); lm && lm->isArray()) {
                    logged += lm->items.size();
                    loggedList = true;
                }
            what = logged       ? "a list of " + std::to_string(logged) + " MLflow logged models, which mvr does not import"
                   : loggedList ? "a list of MLflow logged models, empty"
                                : "the list of exported experiments (their runs are imported from their own files)";
        } else if (member(body, "models")) what = "the list of exported models (each is imported from its model.json)";
        else what = "a summary of the export";
        note(m_r, f, "", doc.pos, "nothing to import: this file is " + what);
    }

    void addRun(const SourceFile& f, const core::Value& body, const core::Value& info) {
        Run run;
        run.file = &f;
        run.body = &body;
        run.id = textOf(member(info, "run_id"));
        if (run.id.empty()) run.id = textOf(member(info, "run_uuid"));
        run.experimentId = textOf(member(info, "experiment_id"));
        run.folder = baseName(dirName(f.name));
        if (run.id.empty()) {
            problem(m_r, f, "mlflow.info", info.pos, "required", "a run needs \"run_id\" in its info");
            return;
        }
        std::string dir = dirName(f.name);
        auto it = m_runById.find(run.id);
        // Where its artifacts are (export_run writes them next to run.json), for the MLmodels among them.
        m_runArtifacts.push_back({f.root, dir.empty() ? "artifacts" : dir + "/artifacts",
                                  it != m_runById.end() ? it->second : m_runs.size()});
        if (it != m_runById.end()) {
            const Run& first = m_runs[it->second];
            if (*first.body == body) {
                note(m_r, f, "mlflow.info.run_id", info.pos, "run " + run.id + " is also in " + first.file->path +
                                                                 " with the same content: imported once");
            } else {
                problem(m_r, f, "mlflow.info.run_id", info.pos, "conflict",
                        "run " + run.id + " is also in " + first.file->path + " with different content");
            }
            return;
        }
        m_runById[run.id] = m_runs.size();
        if (!run.folder.empty() && run.folder != run.id && !m_runByFolder.count(run.folder)) m_runByFolder[run.folder] = m_runs.size();
        m_runs.push_back(std::move(run));
    }

    Run* findRun(const std::string& id) {
        auto it = m_runById.find(id);
        if (it != m_runById.end()) return &m_runs[it->second];
        it = m_runByFolder.find(id);
        return it == m_runByFolder.end() ? nullptr : &m_runs[it->second];
    }

    // params, metrics (with history), dataset inputs and tags of a run.
    bool parts(const Run& run, Parts& out) {
        const SourceFile& f = *run.file;
        const core::Value& body = *run.body;
        bool ok = true;
        if (const core::Value* params = member(body, "params")) {
            if (params->isObject()) out.params = *params;
            else if (params->isArray())
                for (auto& [k, v] : tagList(params)) out.params.members.push_back(core::Member{k, v, v.pos});
            else {
                problem(m_r, f, "mlflow.params", params->pos, "type", "expected an object of params, got " + core::describe(*params));
                ok = false;
            }
        }
        if (const core::Value* metrics = member(body, "metrics")) {
            if (!metrics->isObject()) {
                problem(m_r, f, "mlflow.metrics", metrics->pos, "type", "expected an object of metrics, got " + core::describe(*metrics));
                ok = false;
            } else {
                for (const core::Member& m : metrics->members) ok = metric(f, m, out.metrics) && ok;
            }
        }
        ok = inputs(f, body, out.datasets) && ok;
        for (auto& [k, v] : tagList(member(body, "tags"))) {
            if (isSystemTag(k)) out.systemTags.members.push_back(core::Member{k, v, v.pos});
            else out.userTags.emplace_back(k, v);
        }
        const core::Value* info = member(body, "info");
        out.user = info ? textOf(member(*info, "user_id")) : "";
        if (out.user.empty() || out.user == "unknown") {
            for (const core::Member& m : out.systemTags.members)
                if (m.key == "mlflow.user" && m.value.isString()) out.user = m.value.text;
        }
        return ok;
    }

    bool metric(const SourceFile& f, const core::Member& m, core::Value& metrics) {
        std::string path = "mlflow.metrics";
        core::appendKeySegment(path, m.key);
        if (m.value.isNumber()) {
            metrics.members.push_back(core::Member{m.key, m.value, m.keyPos});
            return true;
        }
        if (!m.value.isArray() || m.value.items.empty()) {
            problem(m_r, f, path, m.value.pos, "type",
                    "expected the metric's history (a list of {\"value\", \"timestamp\", \"step\"}), got " + core::describe(m.value));
            return false;
        }
        struct Step {
            const core::Value* value;
            const core::Value* step;
            const core::Value* timestamp;
            size_t order;
        };
        std::vector<Step> steps;
        for (size_t i = 0; i < m.value.items.size(); ++i) {
            const core::Value& s = m.value.items[i];
            const core::Value* v = member(s, "value");
            if (!v || !v->isNumber()) {
                std::string p = path;
                core::appendIndexSegment(p, i);
                problem(m_r, f, p, s.pos, "type",
                        "expected a step {\"value\": number, \"timestamp\", \"step\"}, got " + core::describe(v ? *v : s));
                return false;
            }
            steps.push_back(Step{v, member(s, "step"), member(s, "timestamp"), i});
        }
        auto num = [](const core::Value* v) { return v && v->isNumber() ? v->number : 0.0; };
        // MLflow's own "latest value": the highest step, then the latest timestamp.
        std::stable_sort(steps.begin(), steps.end(), [&](const Step& a, const Step& b) {
            if (num(a.step) != num(b.step)) return num(a.step) < num(b.step);
            return num(a.timestamp) < num(b.timestamp);
        });
        core::Value out = core::Value::makeObject();
        out.pos = m.value.pos;
        out.set("value", *steps.back().value);
        core::Value history = core::Value::makeArray();
        for (const Step& s : steps) {
            core::Value e = core::Value::makeObject();
            e.pos = s.value->pos;
            if (s.step && s.step->isNumber() && s.step->isIntegerLexeme()) e.set("step", *s.step);
            e.set("value", *s.value);
            if (s.timestamp && (s.timestamp->isNumber() || s.timestamp->isNull())) e.set("timestamp", *s.timestamp);
            history.push(std::move(e));
        }
        out.set("steps", std::move(history));
        metrics.members.push_back(core::Member{m.key, std::move(out), m.keyPos});
        return true;
    }

    // Dataset inputs (MLflow 2.4+): inputs.dataset_inputs[].dataset {name, digest, source_type, source, ...}.
    bool inputs(const SourceFile& f, const core::Value& body, core::Value& datasets) {
        const core::Value* in = member(body, "inputs");
        const core::Value* list = in && in->isObject() ? member(*in, "dataset_inputs") : in;
        if (!list) list = member(body, "dataset_inputs");
        if (!list) return true;
        if (!list->isArray()) {
            problem(m_r, f, "mlflow.inputs", list->pos, "type", "expected a list of dataset inputs, got " + core::describe(*list));
            return false;
        }
        for (size_t i = 0; i < list->items.size(); ++i) {
            const core::Value& item = list->items[i];
            const core::Value* ds = member(item, "dataset");
            std::string path = "mlflow.inputs.dataset_inputs";
            core::appendIndexSegment(path, i);
            if (!ds || !ds->isObject() || textOf(member(*ds, "name")).empty()) {
                problem(m_r, f, path, item.pos, "required", "a dataset input needs \"dataset\" with a \"name\"");
                return false;
            }
            std::string context;
            for (auto& [k, v] : tagList(member(item, "tags")))
                if (k == "mlflow.data.context" && v.isString()) context = v.text;
            std::string name = textOf(member(*ds, "name"));
            bool taken = false;
            for (const core::Value& d : datasets.items) taken = taken || textOf(member(d, "name")) == name;
            core::Value e = core::Value::makeObject();
            e.pos = ds->pos;
            e.set("name", str(taken && !context.empty() ? name + " (" + context + ")" : name));
            // The source is JSON text ({"uri": ...}); its URI is the dataset's.
            if (const core::Value* src = member(*ds, "source"); src && src->isString()) {
                core::Diagnostics d;
                core::Value sv;
                if (core::parseJson(src->text, sv, d))
                    for (const char* k : {"uri", "url", "path", "table_name"})
                        if (const core::Value* u = member(sv, k); u && u->isString() && !u->text.empty()) {
                            e.set("uri", *u);
                            break;
                        }
            }
            if (std::string digest = textOf(member(*ds, "digest")); !digest.empty()) {
                core::Value dg = core::Value::makeObject();
                dg.set("mlflow", str(digest));
                e.set("digest", std::move(dg));
            }
            if (!context.empty()) e.set("context", str(context));
            for (const core::Member& m : ds->members)
                if (m.key != "name" && m.key != "digest") e.members.push_back(m);
            datasets.push(std::move(e));
        }
        return true;
    }

    std::string experimentName(const Run& run) {
        for (std::string dir = dirName(run.file->name);; dir = dirName(dir)) {
            auto it = m_experimentByDir.find(run.file->root + "|" + dir);
            if (it != m_experimentByDir.end()) return it->second;
            if (dir.empty()) break;
        }
        auto it = m_experimentById.find(run.experimentId);
        if (it != m_experimentById.end()) return it->second;
        if (const core::Value* tags = member(*run.body, "tags"))
            for (auto& [k, v] : tagList(tags))
                if (k == "mlflow_export_import.metadata.experiment_name" && v.isString() && !v.text.empty()) return v.text;
        return "mlflow-experiment-" + (run.experimentId.empty() ? std::string("unknown") : run.experimentId);
    }

    // Whose each MLmodel is, by where it is: below an exported run's artifacts/ it is that run's logged model;
    // elsewhere below a version.json (export-model-version's version_model/) that version's. The deepest folder
    // wins. Files given by themselves or dropped have no folders: they are joined by the run they name.
    void placeMLmodels() {
        for (MLmodel& m : m_mlmodels) {
            if (m.file->root.empty()) continue;
            size_t depth = 0;
            for (const RunArtifacts& ra : m_runArtifacts)
                if (ra.root == m.file->root && isBelow(m.file->name, ra.dir) && (m.ownerRun < 0 || ra.dir.size() > depth)) {
                    m.ownerRun = static_cast<long>(ra.run);
                    depth = ra.dir.size();
                }
            if (m.ownerRun >= 0) continue;
            for (const VersionObject& v : m_versionObjects) {
                std::string dir = dirName(v.file->name);
                if (v.registeredModel || v.file->root != m.file->root || !isBelow(m.file->name, dir)) continue;
                if (!m.ownerVersion || dir.size() > depth) {
                    m.ownerVersion = v.file;
                    depth = dir.size();
                }
            }
        }
    }

    // The MLmodels of a version (versionFile: its version.json, when it has one of its own) or of a run alone:
    // those placed in its run or its export, and those that are nowhere in particular but name its run.
    std::vector<MLmodel*> mlmodelsOf(const Run* run, const std::string& runId, const SourceFile* versionFile) {
        long runIndex = run ? static_cast<long>(run - m_runs.data()) : -1;
        std::vector<MLmodel*> out;
        for (MLmodel& m : m_mlmodels) {
            bool named = !m.runId.empty() && (m.runId == runId || (run && m.runId == run->id));
            if ((runIndex >= 0 && m.ownerRun == runIndex) || (versionFile && m.ownerVersion == versionFile) || (!m.placed() && named))
                out.push_back(&m);
        }
        return out;
    }

    // The model artifact of a version (or a run), with what its MLmodels say. Of several, the version's model is
    // the one its source names (by artifact_path), at its own place (artifacts/PATH/MLmodel) rather than a copy,
    // else the first; a copy of it (Databricks keeps one in metadata/) is noted, other MLmodels are kept whole
    // in x_source.other_mlmodels.
    void modelArtifact(core::Value& doc, core::Value& xsource, const std::string& uri, const std::vector<MLmodel*>& mms,
                       const std::string& id) {
        MLmodel* mm = nullptr;
        int bestScore = -1;
        for (MLmodel* m : mms) {
            std::string ap = textOf(member(m->doc, "artifact_path"));
            int score = (!ap.empty() && endsWithSegments(uri, ap) ? 2 : 0) + (!ap.empty() && endsWithSegments(m->file->name, ap + "/MLmodel") ? 1 : 0);
            if (score > bestScore) {
                mm = m;
                bestScore = score;
            }
        }
        core::Value a = core::Value::makeObject();
        std::string name = mm ? textOf(member(mm->doc, "artifact_path")) : "";
        a.set("name", str(name.empty() ? "model" : name));
        if (!uri.empty()) a.set("uri", str(uri));
        if (mm) {
            core::Value others = core::Value::makeArray();
            for (MLmodel* m : mms) {
                if (m == mm) continue;
                if (m->doc == mm->doc) {
                    if (!m->used)
                        note(m_r, *m->file, "", m->doc.pos, "the same MLmodel as " + mm->file->name + ": part of " + id + ", kept once");
                } else {
                    core::Value whole = m->doc;
                    whole.members.insert(whole.members.begin(), core::Member{"file", str(m->file->name), {}});
                    others.push(std::move(whole));
                }
                m->used = true;
            }
            if (!others.items.empty()) xsource.set("other_mlmodels", std::move(others));
            mm->used = true;
            if (const core::Value* size = member(mm->doc, "model_size_bytes"); size && size->isNumber() && size->isIntegerLexeme())
                a.set("size", *size);
            if (std::string uuid = textOf(member(mm->doc, "model_uuid")); !uuid.empty()) a.set("model_uuid", str(uuid));
            if (const core::Value* fl = member(mm->doc, "flavors"); fl && fl->isObject()) {
                core::Value names = core::Value::makeArray();
                for (const core::Member& m : fl->members) names.push(str(m.key));
                a.set("flavors", std::move(names));
            }
            core::Value rest = without(mm->doc, {"artifact_path", "model_size_bytes", "model_uuid"});
            rest.members.insert(rest.members.begin(), core::Member{"file", str(mm->file->name), {}});
            xsource.set("mlmodel", std::move(rest));
        }
        core::Value list = core::Value::makeArray();
        list.push(std::move(a));
        doc.set("artifacts", std::move(list));
    }

    void setTags(core::Value& doc, const std::vector<std::pair<std::string, core::Value>>& tags) {
        if (tags.empty()) return;
        core::Value t = core::Value::makeObject();
        for (auto& [k, v] : tags) t.members.push_back(core::Member{k, v, v.pos});
        doc.set("tags", std::move(t));
    }

    void version(const SourceFile& f, const core::Value& vo, const core::Value* rm, const std::string& base) {
        if (!vo.isObject()) {
            problem(m_r, f, base, vo.pos, "type", "expected a model version (an object), got " + core::describe(vo));
            return;
        }
        std::string model = textOf(member(vo, "name"));
        if (model.empty() && rm) model = textOf(member(*rm, "name"));
        std::string label = textOf(member(vo, "version"));
        if (model.empty() || label.empty()) {
            problem(m_r, f, base, vo.pos, "required", "a model version needs \"name\" and \"version\"");
            return;
        }
        std::string id = model + "@" + label;
        core::Value labelV = labelValue(label);
        labelV.pos = member(vo, "version")->pos;
        core::Value doc = manifestStart(model, std::move(labelV), false);
        doc.members[0].value.pos = vo.pos;
        if (std::string d = textOf(member(vo, "description")); !d.empty()) doc.set("description", str(d));
        std::string created;
        if (const core::Value* ts = member(vo, "creation_timestamp"); ts && millisToRfc3339(*ts, created))
            doc.set("created_on", str(created));

        std::string runId = textOf(member(vo, "run_id"));
        Run* run = runId.empty() ? nullptr : findRun(runId);
        Parts p;
        if (run) {
            run->used = true;
            if (!parts(*run, p)) return;
        } else if (!runId.empty()) {
            note(m_r, f, base + ".run_id", member(vo, "run_id")->pos,
                 id + ": its run " + runId + " is not in this import, so the version has no params or metrics "
                      "(import the export's folder, with its experiments, to join them)");
        }
        std::string author = textOf(member(vo, "user_id"));
        if (author.empty()) author = p.user;
        if (!author.empty()) doc.set("author", str(author));
        if (run) {
            if (!p.params.members.empty()) doc.set("params", p.params);
            if (!p.metrics.members.empty()) doc.set("metrics", p.metrics);
            if (!p.datasets.items.empty()) doc.set("datasets", p.datasets);
        }
        core::Value xsource = sourceInfo(kFormat, f.name);
        std::string source = textOf(member(vo, "source"));
        std::vector<MLmodel*> mms = mlmodelsOf(run, runId, rm ? nullptr : &f);
        if (!source.empty() || !mms.empty()) modelArtifact(doc, xsource, source, mms, id);

        // Aliases: MLflow's own, and the stage (MLflow's older pointer) in lower case.
        core::Value aliases = core::Value::makeArray();
        auto addAlias = [&](const std::string& a, core::Pos at) {
            for (const core::Value& x : aliases.items)
                if (x.text == a) return;
            core::Value v = str(a);
            v.pos = at;
            aliases.push(std::move(v));
        };
        if (const core::Value* own = member(vo, "aliases"); own && own->isArray())
            for (const core::Value& a : own->items)
                if (a.isString()) addAlias(a.text, a.pos);
        if (rm)
            if (const core::Value* all = member(*rm, "aliases"); all && all->isArray())
                for (const core::Value& a : all->items)
                    if (textOf(member(a, "version")) == label && !textOf(member(a, "alias")).empty())
                        addAlias(textOf(member(a, "alias")), a.pos);
        if (const core::Value* st = member(vo, "current_stage"); st && st->isString() && !st->text.empty() && st->text != "None") {
            std::string lowered;
            for (char c : st->text) lowered += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            addAlias(lowered, st->pos);
        }
        if (!aliases.items.empty()) doc.set("aliases", std::move(aliases));

        // Tags: the version's own, then the run's that the version does not have; MLflow's system tags are kept
        // under x_source.
        std::vector<std::pair<std::string, core::Value>> tags;
        core::Value versionSystem = core::Value::makeObject();
        for (auto& [k, v] : tagList(member(vo, "tags"))) {
            if (isSystemTag(k)) versionSystem.members.push_back(core::Member{k, v, v.pos});
            else tags.emplace_back(k, v);
        }
        for (auto& [k, v] : p.userTags) {
            bool have = false;
            for (auto& t : tags) have = have || t.first == k;
            if (have) p.systemTags.members.push_back(core::Member{k, v, v.pos});
            else tags.emplace_back(k, v);
        }
        setTags(doc, tags);

        // What was not mapped. Timestamps of the last update are left out: they change whenever a stage or an
        // alias moves, which mvr records as alias moves, not as new content.
        core::Value rest = without(vo, {"name", "version", "description", "creation_timestamp", "_creation_timestamp",
                                        "last_updated_timestamp", "_last_updated_timestamp", "current_stage", "aliases",
                                        "tags", "source", "user_id"});
        if (!versionSystem.members.empty()) rest.set("tags", std::move(versionSystem));
        xsource.set("version", std::move(rest));
        if (rm) {
            core::Value model_ = without(*rm, {"name", "versions", "latest_versions", "aliases", "last_updated_timestamp",
                                               "_last_updated_timestamp"});
            if (!model_.members.empty()) xsource.set("registered_model", std::move(model_));
        }
        if (run) xsource.set("run", runSource(*run, p));
        doc.set("x_source", std::move(xsource));
        emit(m_r, f, std::move(doc), false, f.path);
    }

    core::Value runSource(const Run& run, Parts& p) {
        core::Value o = core::Value::makeObject();
        o.set("file", str(run.file->name));
        if (const core::Value* info = member(*run.body, "info")) o.set("info", *info);
        if (!p.systemTags.members.empty()) o.set("tags", p.systemTags);
        return o;
    }

    void standaloneRun(Run& run) {
        const SourceFile& f = *run.file;
        Parts p;
        if (!parts(run, p)) return;
        std::string model = m_opt.model.empty() ? experimentName(run) : m_opt.model;
        core::Value doc = manifestStart(model, str(run.id), false);
        const core::Value* info = member(*run.body, "info");
        std::string description;
        for (const core::Member& m : p.systemTags.members)
            if (m.key == "mlflow.note.content" && m.value.isString()) description = m.value.text;
        if (!description.empty()) doc.set("description", str(description));
        std::string created;
        if (const core::Value* ts = info ? member(*info, "start_time") : nullptr; ts && millisToRfc3339(*ts, created))
            doc.set("created_on", str(created));
        if (!p.user.empty()) doc.set("author", str(p.user));
        if (!p.params.members.empty()) doc.set("params", p.params);
        if (!p.metrics.members.empty()) doc.set("metrics", p.metrics);
        if (!p.datasets.items.empty()) doc.set("datasets", p.datasets);
        core::Value xsource = sourceInfo(kFormat, f.name);
        if (std::vector<MLmodel*> mms = mlmodelsOf(&run, run.id, nullptr); !mms.empty()) {
            // The run's model: the first at its own place (artifacts/PATH/MLmodel), else the first.
            std::string artifactUri = info ? textOf(member(*info, "artifact_uri")) : "";
            std::string ap = textOf(member(mms[0]->doc, "artifact_path"));
            for (auto it = mms.rbegin(); it != mms.rend(); ++it)
                if (std::string own = textOf(member((*it)->doc, "artifact_path"));
                    !own.empty() && endsWithSegments((*it)->file->name, own + "/MLmodel"))
                    ap = own;
            modelArtifact(doc, xsource, artifactUri.empty() || ap.empty() ? "" : artifactUri + "/" + ap, mms, model + "@" + run.id);
        }
        setTags(doc, p.userTags);
        core::Value rs = runSource(run, p);
        rs.erase("file");
        for (const core::Member& m : rs.members) xsource.members.push_back(m);
        doc.set("x_source", std::move(xsource));
        emit(m_r, f, std::move(doc), false, f.path);
    }

    void prompt(const SourceFile& f, const core::Value& po) {
        std::string name = textOf(member(po, "name")), label = textOf(member(po, "version"));
        if (name.empty() || label.empty()) {
            problem(m_r, f, "mlflow.prompt", po.pos, "required", "a prompt needs \"name\" and \"version\"");
            return;
        }
        core::Value doc = manifestStart(name, labelValue(label), false);
        if (std::string d = textOf(member(po, "description")); !d.empty()) doc.set("description", str(d));
        std::string created;
        if (const core::Value* ts = member(po, "creation_timestamp"); ts && millisToRfc3339(*ts, created))
            doc.set("created_on", str(created));
        if (std::string u = textOf(member(po, "user_id")); !u.empty()) doc.set("author", str(u));
        core::Value params = core::Value::makeObject();
        for (const char* k : {"template", "variables", "response_format", "model_config"})
            if (const core::Value* v = member(po, k)) params.set(k, *v);
        if (!params.members.empty()) doc.set("params", std::move(params));
        setTags(doc, tagList(member(po, "tags")));
        core::Value xsource = sourceInfo(kFormat, f.name);
        xsource.set("prompt", without(po, {"name", "version", "description", "creation_timestamp", "_creation_timestamp",
                                           "last_updated_timestamp", "_last_updated_timestamp", "user_id", "template",
                                           "variables", "response_format", "model_config", "tags"}));
        doc.set("x_source", std::move(xsource));
        emit(m_r, f, std::move(doc), false, f.path);
    }

    void standaloneMLmodel(MLmodel& m) {
        const SourceFile& f = *m.file;
        std::string label = m.runId.empty() ? textOf(member(m.doc, "model_uuid")) : m.runId;
        std::string ap = textOf(member(m.doc, "artifact_path"));
        std::string model = !m_opt.model.empty() ? m_opt.model : !ap.empty() ? ap : "mlflow-model";
        if (label.empty()) {
            problem(m_r, f, "", m.doc.pos, "required",
                    "an MLmodel file names its version by \"run_id\" or \"model_uuid\"; this one has neither");
            return;
        }
        core::Value doc = manifestStart(model, str(label), false);
        std::string created;
        if (spaceDateToRfc3339(textOf(member(m.doc, "utc_time_created")), created)) doc.set("created_on", str(created));
        core::Value xsource = sourceInfo(kFormat, f.name);
        modelArtifact(doc, xsource, "", {&m}, model + "@" + label);
        xsource.set("mlmodel", without(*xsource.find("mlmodel"), {"file"}));
        doc.set("x_source", std::move(xsource));
        emit(m_r, f, std::move(doc), false, f.path);
    }

    const Options& m_opt;
    Result& m_r;
    std::vector<std::unique_ptr<core::Value>> m_docs;  // parsed files (stable addresses: the lists point into them)
    struct VersionObject {
        const SourceFile* file;
        const core::Value* body;
        const core::Value* registeredModel;
        std::string path;
    };
    std::vector<VersionObject> m_versionObjects;
    std::vector<std::pair<const SourceFile*, const core::Value*>> m_prompts;
    std::vector<Run> m_runs;
    std::unordered_map<std::string, size_t> m_runById, m_runByFolder;
    std::map<std::string, std::string> m_experimentByDir, m_experimentById;
    std::vector<MLmodel> m_mlmodels;
    struct RunArtifacts {
        std::string root, dir;  // the folder given, and the artifacts/ folder of a run.json below it
        size_t run;             // its run (the first of the same run exported twice)
    };
    std::vector<RunArtifacts> m_runArtifacts;
    std::vector<const SourceFile*> m_experimentFiles;
};

}  // namespace

void importMlflow(const std::vector<const SourceFile*>& files, const Options& opt, Result& r) {
    Mlflow m(opt, r);
    m.run(files);
}

}  // namespace mvr::importers::detail
