// MLflow's MLmodel files: whose each is (by where it lies, or by the run it names), the model artifact of a
// version or a run with what its MLmodels say, and an MLmodel that belongs to none as a version of its own.
#include <string>
#include <vector>

#include "importers/common.hpp"
#include "importers/mlflow_internal.hpp"

namespace mvr::importers::detail::mlflow {

namespace {

// path lies in folder dir (below it at any depth; every path lies in "").
bool isBelow(const std::string& path, const std::string& dir) {
    return dir.empty() || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
}

}  // namespace

bool endsWithSegments(const std::string& s, const std::string& tail) {
    if (tail.empty() || s.size() < tail.size() || s.compare(s.size() - tail.size(), tail.size(), tail) != 0) return false;
    return s.size() == tail.size() || s[s.size() - tail.size() - 1] == '/';
}

// Whose each MLmodel is, by where it is: below an exported run's artifacts/ it is that run's logged model;
// elsewhere below a version.json (export-model-version's version_model/) that version's. The deepest folder
// wins. Files given by themselves or dropped have no folders: they are joined by the run they name.
void Mlflow::placeMLmodels() {
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
std::vector<MLmodel*> Mlflow::mlmodelsOf(const Run* run, const std::string& runId, const SourceFile* versionFile) {
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
void Mlflow::modelArtifact(core::Value& doc, core::Value& xsource, const std::string& uri,
                           const std::vector<MLmodel*>& mms, const std::string& id) {
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

void Mlflow::standaloneMLmodel(MLmodel& m) {
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

}  // namespace mvr::importers::detail::mlflow
