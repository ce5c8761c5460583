// The MLflow importer: what each file of an export is (classify), registered model versions and prompts as
// versions, and MLflow's tags; runs are mlflow_run.cpp, MLmodel files mlflow_mlmodel.cpp, and what the three
// share (and how an export maps, in full) importers/mlflow_internal.hpp.
#include <string>
#include <vector>

#include "core/manifest.hpp"
#include "importers/common.hpp"
#include "importers/mlflow_internal.hpp"

namespace mvr::importers::detail {

namespace mlflow {

bool isSystemTag(const std::string& key) {
    return key.rfind("mlflow.", 0) == 0 || key.rfind("mlflow_export_import.", 0) == 0 || key.rfind("mlflow_exim.", 0) == 0;
}

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

void Mlflow::run(const std::vector<const SourceFile*>& files) {
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

void Mlflow::classify(const SourceFile& f, const core::Value& doc) {
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

void Mlflow::setTags(core::Value& doc, const std::vector<std::pair<std::string, core::Value>>& tags) {
    if (tags.empty()) return;
    core::Value t = core::Value::makeObject();
    for (auto& [k, v] : tags) t.members.push_back(core::Member{k, v, v.pos});
    doc.set("tags", std::move(t));
}

void Mlflow::version(const SourceFile& f, const core::Value& vo, const core::Value* rm, const std::string& base) {
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

void Mlflow::prompt(const SourceFile& f, const core::Value& po) {
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

}  // namespace mlflow

void importMlflow(const std::vector<const SourceFile*>& files, const Options& opt, Result& r) {
    mlflow::Mlflow m(opt, r);
    m.run(files);
}

}  // namespace mvr::importers::detail
