// MLflow runs (run.json): found by run id or folder, their params, metrics with their history, dataset inputs and
// tags, the experiment a run is in, and a run that no version uses as a version of its own.
#include <algorithm>
#include <string>
#include <vector>

#include "core/json_reader.hpp"
#include "importers/common.hpp"
#include "importers/mlflow_internal.hpp"

namespace mvr::importers::detail::mlflow {

void Mlflow::addRun(const SourceFile& f, const core::Value& body, const core::Value& info) {
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

Run* Mlflow::findRun(const std::string& id) {
    auto it = m_runById.find(id);
    if (it != m_runById.end()) return &m_runs[it->second];
    it = m_runByFolder.find(id);
    return it == m_runByFolder.end() ? nullptr : &m_runs[it->second];
}

// params, metrics (with history), dataset inputs and tags of a run.
bool Mlflow::parts(const Run& run, Parts& out) {
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

bool Mlflow::metric(const SourceFile& f, const core::Member& m, core::Value& metrics) {
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
bool Mlflow::inputs(const SourceFile& f, const core::Value& body, core::Value& datasets) {
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

std::string Mlflow::experimentName(const Run& run) {
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

core::Value Mlflow::runSource(const Run& run, Parts& p) {
    core::Value o = core::Value::makeObject();
    o.set("file", str(run.file->name));
    if (const core::Value* info = member(*run.body, "info")) o.set("info", *info);
    if (!p.systemTags.members.empty()) o.set("tags", p.systemTags);
    return o;
}

void Mlflow::standaloneRun(Run& run) {
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

}  // namespace mvr::importers::detail::mlflow
