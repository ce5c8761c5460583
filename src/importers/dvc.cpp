// DVC: a project (dvc.lock, dvc.yaml, params files, metrics files) is one version of one model. dvc.lock's outs
// are the artifacts and the dependencies no stage produces are the datasets, with their md5 digests and sizes;
// params come from the params files with the values the lock recorded on top (those produced the outputs).
// Without a GTO version tag the version is numbered on import (the registry skips it when nothing changed).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "core/json_reader.hpp"
#include "importers/common.hpp"

namespace mvr::importers::detail {

namespace {

const char* kFormat = "dvc";

struct Project {
    std::string root;
    const SourceFile* lock = nullptr;
    const SourceFile* pipeline = nullptr;
    std::vector<const SourceFile*> params, metrics;
    core::Value doc;
    const SourceFile* primary = nullptr;  // where problems of the whole project are reported
    bool numbered = true;
    std::string model;
    std::vector<std::string> gto;
};

struct GtoTag {
    const SourceFile* file;
    std::string text, name, value;  // value: the version or the stage
    bool version = false;
    bool undo = false;  // "!": a deprecation or an unassignment
};

bool isDefaultParams(const std::string& name) {
    return name == "params.yaml" || name == "params.yml" || name == "params.json";
}

// JSON or YAML, by content.
bool parseData(const SourceFile& f, core::Value& out, Result& r) {
    size_t i = 0;
    while (i < f.text.size() && (f.text[i] == ' ' || f.text[i] == '\n' || f.text[i] == '\r' || f.text[i] == '\t')) ++i;
    if (i < f.text.size() && (f.text[i] == '{' || f.text[i] == '[')) return parseJsonFile(f, out, r);
    return parseYamlText(f, f.text, 1, out, r);
}

// Sets a dotted params path ("train.n_est") inside an object, making the objects on the way.
void setPath(core::Value& root, const std::string& dotted, const core::Value& v) {
    core::Value* at = &root;
    size_t start = 0;
    while (true) {
        size_t dot = dotted.find('.', start);
        std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (dot == std::string::npos) {
            at->set(key, v);
            return;
        }
        core::Value* next = at->find(key);
        if (!next || !next->isObject()) {
            at->set(key, core::Value::makeObject());
            next = at->find(key);
        }
        at = next;
        start = dot + 1;
    }
}

// A metrics file's numbers by their dotted path ("avg_prec.test", after prefix), its other values by the same
// names in other; ok turns false when two JSON paths give one name.
void flattenMetrics(Result& r, const SourceFile& f, const core::Value& v, const std::string& name, const std::string& jsonPath,
                    core::Pos at, const std::string& prefix, DottedNames& metrics, DottedNames& other, bool& ok) {
    if (v.isObject()) {
        for (const core::Member& m : v.members) {
            std::string p = jsonPath;
            core::appendKeySegment(p, m.key);
            flattenMetrics(r, f, m.value, name.empty() ? m.key : name + "." + m.key, p, m.keyPos, prefix, metrics, other, ok);
        }
        return;
    }
    if (v.isNumber() && !name.empty()) ok = metrics.add(r, f, prefix + name, jsonPath, v, at) && ok;
    else ok = other.add(r, f, name.empty() ? "." : name, jsonPath, v, at) && ok;
}

class Dvc {
public:
    Dvc(const Options& opt, Result& r) : m_opt(opt), m_r(r) {}

    void run(const std::vector<const SourceFile*>& files) {
        std::map<std::string, Project> projects;
        std::vector<GtoTag> tags;
        for (const SourceFile* f : files) {
            if (f->role == Role::GtoTags) {
                readTags(*f, tags);
                continue;
            }
            Project& p = projects[f->root];
            p.root = f->root;
            const SourceFile** slot = f->role == Role::DvcLock ? &p.lock : f->role == Role::DvcPipeline ? &p.pipeline : nullptr;
            if (slot) {
                if (*slot) {
                    problem(m_r, *f, "", core::Pos{}, "conflict",
                            std::string("a second ") + roleName(f->role) + " in one project (the first is " + (*slot)->path +
                                "): import each DVC project folder on its own");
                    continue;
                }
                *slot = f;
            } else if (f->role == Role::DvcParams) {
                p.params.push_back(f);
            } else {
                p.metrics.push_back(f);
            }
        }
        std::vector<Project*> built;
        for (auto& [root, p] : projects)
            if (build(p)) built.push_back(&p);
        if (!applyTags(tags, built)) return;
        for (Project* p : built) {
            if (!p->gto.empty()) {
                core::Value list = core::Value::makeArray();
                for (const std::string& t : p->gto) list.push(str(t));
                p->doc.find("x_source")->set("gto_tags", std::move(list));
            }
            emit(m_r, *p->primary, std::move(p->doc), p->numbered, p->root.empty() ? p->primary->path : p->root);
        }
    }

private:
    void readTags(const SourceFile& f, std::vector<GtoTag>& out) {
        size_t i = 0;
        const std::string& t = f.text;
        while (i < t.size()) {
            while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
            size_t start = i;
            while (i < t.size() && !std::isspace(static_cast<unsigned char>(t[i]))) ++i;
            if (i == start) break;
            std::string tok = t.substr(start, i - start);
            if (!isGtoTag(tok)) {
                problem(m_r, f, "", core::Pos{}, "syntax", "\"" + tok + "\" is not a GTO tag (name@v1.2.0 or name#stage#1)");
                continue;
            }
            GtoTag g;
            g.file = &f;
            g.text = tok;
            size_t sep = tok.find_first_of("@#");
            g.name = tok.substr(0, sep);
            g.version = tok[sep] == '@';
            std::string rest = tok.substr(sep + 1);
            size_t hash = rest.find('#');
            if (hash != std::string::npos) rest = rest.substr(0, hash);
            if (!rest.empty() && rest.back() == '!') {
                g.undo = true;
                rest.pop_back();
            }
            g.value = rest;
            out.push_back(std::move(g));
        }
    }

    bool applyTags(const std::vector<GtoTag>& tags, std::vector<Project*>& built) {
        bool ok = true;
        std::map<std::string, Project*> byModel;
        for (Project* p : built) {
            if (byModel.count(p->model)) {
                for (const GtoTag& g : tags)
                    if (g.name == p->model) {
                        problem(m_r, *g.file, "", core::Pos{}, "conflict",
                                g.text + ": two DVC projects of this import are both model " + p->model);
                        ok = false;
                    }
                continue;
            }
            byModel[p->model] = p;
        }
        std::map<std::string, Project> tagOnly;  // versions made from a version tag alone
        for (const GtoTag& g : tags) {
            if (g.undo) {
                note(m_r, *g.file, "", core::Pos{}, g.text + ": deprecations and unassignments are not imported");
                continue;
            }
            if (!g.version) continue;
            Project* p = byModel.count(g.name) ? byModel[g.name] : nullptr;
            if (!p) {
                if (tagOnly.count(g.name)) {
                    problem(m_r, *g.file, "", core::Pos{}, "conflict", g.text + ": a second version tag for " + g.name);
                    ok = false;
                    continue;
                }
                Project& t = tagOnly[g.name];
                t.model = g.name;
                t.primary = g.file;
                t.doc = manifestStart(g.name, str(g.value), false);
                t.doc.set("x_source", sourceInfo(kFormat, g.file->name));
                t.numbered = false;
                p = &t;
            } else if (!p->numbered) {
                problem(m_r, *g.file, "", core::Pos{}, "conflict", g.text + ": a second version tag for " + g.name);
                ok = false;
                continue;
            } else {
                // A named release: its label is the tag's, and no "created_on" (the same files import the same).
                p->doc.set("version", str(g.value));
                p->doc.erase("created_on");
                p->numbered = false;
            }
            p->gto.push_back(g.text);
        }
        for (auto& [name, t] : tagOnly) byModel[name] = &t;
        for (const GtoTag& g : tags) {
            if (g.version || g.undo) continue;
            auto it = byModel.find(g.name);
            if (it == byModel.end()) {
                problem(m_r, *g.file, "", core::Pos{}, "required",
                        g.text + ": no version of " + g.name + " in this import to put stage \"" + g.value +
                            "\" on (import the DVC project or a " + g.name + "@VERSION tag with it)");
                ok = false;
                continue;
            }
            Project* p = it->second;
            core::Value* aliases = p->doc.find("aliases");
            if (!aliases) {
                p->doc.set("aliases", core::Value::makeArray());
                aliases = p->doc.find("aliases");
            }
            bool have = false;
            for (const core::Value& a : aliases->items) have = have || a.text == g.value;
            if (!have) aliases->push(str(g.value));
            p->gto.push_back(g.text);
        }
        if (!ok) return false;
        for (auto& [name, t] : tagOnly) {
            core::Value list = core::Value::makeArray();
            for (const std::string& x : t.gto) list.push(str(x));
            t.doc.find("x_source")->set("gto_tags", std::move(list));
            emit(m_r, *t.primary, std::move(t.doc), false, t.primary->path);
        }
        return true;
    }

    bool build(Project& p) {
        p.primary = p.lock ? p.lock : p.pipeline ? p.pipeline : !p.params.empty() ? p.params[0] : p.metrics[0];
        bool ok = true;
        core::Value lock, pipeline;
        if (p.lock) ok = parseData(*p.lock, lock, m_r) && ok;
        if (p.pipeline) ok = parseData(*p.pipeline, pipeline, m_r) && ok;
        std::vector<std::pair<const SourceFile*, core::Value>> params;
        for (const SourceFile* f : p.params) {
            core::Value v;
            if (!parseData(*f, v, m_r)) {
                ok = false;
                continue;
            }
            if (!v.isObject() && !v.isNull()) {
                problem(m_r, *f, "", v.pos, "type", "expected params (a mapping), got " + core::describe(v));
                ok = false;
                continue;
            }
            params.emplace_back(f, std::move(v));
        }
        if (!ok) return false;
        if (p.lock && !lock.isObject()) {
            problem(m_r, *p.lock, "", lock.pos, "type", "expected a dvc.lock (a mapping with \"stages\"), got " + core::describe(lock));
            return false;
        }
        if (p.pipeline && !pipeline.isObject() && !pipeline.isNull()) {
            problem(m_r, *p.pipeline, "", pipeline.pos, "type", "expected dvc.yaml (a mapping), got " + core::describe(pipeline));
            return false;
        }

        // The model: named by the user, else the model artifact of dvc.yaml, else the project folder.
        const core::Value* modelArtifact = nullptr;
        std::string artifactName;
        if (const core::Value* arts = member(pipeline, "artifacts"); arts && arts->isObject()) {
            std::vector<std::string> models;
            for (const core::Member& m : arts->members)
                if (textOf(member(m.value, "type")) == "model") {
                    if (!modelArtifact) {
                        modelArtifact = &m.value;
                        artifactName = m.key;
                    }
                    models.push_back(m.key);
                }
            if (models.size() > 1)
                note(m_r, *p.pipeline, "artifacts", arts->pos,
                     "dvc.yaml declares " + std::to_string(models.size()) + " models; the version is named after the first, " + artifactName);
        }
        p.model = !m_opt.model.empty() ? m_opt.model : !artifactName.empty() ? artifactName : !p.root.empty() ? baseName(p.root) : "dvc-project";
        p.doc = manifestStart(p.model, core::Value(), true);
        if (modelArtifact)
            if (std::string d = textOf(member(*modelArtifact, "desc")); !d.empty()) p.doc.set("description", str(d));

        // Params: the params files, then what the lock says each stage used.
        core::Value paramsOut = core::Value::makeObject();
        for (auto& [f, v] : params) {
            if (v.isNull()) continue;
            if (isDefaultParams(f->name) && paramsOut.members.empty()) {
                paramsOut = v;
            } else {
                paramsOut.set(f->name, v);
            }
        }
        const SourceFile* defaultParams = nullptr;
        for (auto& [f, v] : params)
            if (isDefaultParams(f->name) && !defaultParams) defaultParams = f;

        core::Value datasets = core::Value::makeArray(), artifacts = core::Value::makeArray();
        core::Value stagesOut = core::Value::makeObject();
        if (p.lock && !lockParts(*p.lock, lock, defaultParams ? defaultParams->name : "params.yaml", paramsOut, datasets,
                                 artifacts, stagesOut))
            return false;
        if (!paramsOut.members.empty()) p.doc.set("params", std::move(paramsOut));

        // Metrics: numbers, by their path in the file ("avg_prec.test"); with several files, "file:path".
        DottedNames metricNames;
        core::Value otherMetrics = core::Value::makeObject();
        std::vector<std::pair<const SourceFile*, core::Value>> metricDocs;
        for (const SourceFile* f : p.metrics) {
            bool blank = f->text.find_first_not_of(" \t\r\n") == std::string::npos;
            if (blank) {
                note(m_r, *f, "", core::Pos{}, "the metrics file is empty: no metrics from it (a DVC output that was not pulled?)");
                continue;
            }
            core::Value v;
            if (!parseData(*f, v, m_r)) {
                ok = false;
                continue;
            }
            metricDocs.emplace_back(f, std::move(v));
        }
        if (!ok) return false;
        for (auto& [f, v] : metricDocs) {
            DottedNames other;
            flattenMetrics(m_r, *f, v, "", "", v.pos, metricDocs.size() > 1 ? f->name + ":" : "", metricNames, other, ok);
            if (!other.members.members.empty()) otherMetrics.set(f->name, std::move(other.members));
        }
        if (!ok) return false;
        core::Value& metrics = metricNames.members;
        if (!p.lock && !p.pipeline && params.empty() && metrics.members.empty() && otherMetrics.members.empty()) {
            note(m_r, *p.primary, "", core::Pos{}, "nothing to import: no dvc.lock, dvc.yaml, params or metrics with values");
            return false;
        }
        if (!metrics.members.empty()) p.doc.set("metrics", std::move(metrics));
        if (!datasets.items.empty()) p.doc.set("datasets", std::move(datasets));
        if (!artifacts.items.empty()) p.doc.set("artifacts", std::move(artifacts));
        if (modelArtifact)
            if (const core::Value* labels = member(*modelArtifact, "labels"); labels && labels->isArray() && !labels->items.empty())
                p.doc.set("tags", *labels);

        core::Value xsource = core::Value::makeObject();
        xsource.set("format", str(kFormat));
        core::Value names = core::Value::makeArray();
        std::vector<std::string> all;
        for (const SourceFile* f : {p.lock, p.pipeline})
            if (f) all.push_back(f->name);
        for (const SourceFile* f : p.params) all.push_back(f->name);
        for (const SourceFile* f : p.metrics) all.push_back(f->name);
        std::sort(all.begin(), all.end());
        for (const std::string& n : all) names.push(str(n));
        xsource.set("files", std::move(names));
        if (const core::Value* schema = member(lock, "schema")) xsource.set("schema", *schema);
        if (!stagesOut.members.empty()) xsource.set("stages", std::move(stagesOut));
        if (!otherMetrics.members.empty()) xsource.set("metrics", std::move(otherMetrics));
        if (p.pipeline && pipeline.isObject()) xsource.set("dvc_yaml", pipeline);
        p.doc.set("x_source", std::move(xsource));
        return true;
    }

    // Stages of dvc.lock: outs become artifacts, deps that no stage makes become datasets, params go on top of
    // the params files' values, and what is left of each stage (cmd, ...) is kept.
    bool lockParts(const SourceFile& f, const core::Value& lock, const std::string& defaultParams, core::Value& params,
                   core::Value& datasets, core::Value& artifacts, core::Value& stagesOut) {
        const core::Value* stages = member(lock, "stages");
        std::string base = "stages";
        if (!stages) {
            // The first lock format (DVC 1.x) has the stages at the top level.
            stages = &lock;
            base = "";
        }
        if (!stages->isObject()) {
            problem(m_r, f, base, stages->pos, "type", "expected the stages (a mapping of stage name to stage), got " + core::describe(*stages));
            return false;
        }
        bool ok = true;
        std::map<std::string, bool> produced;
        for (const core::Member& st : stages->members) {
            if (const core::Value* outs = member(st.value, "outs"); outs && outs->isArray())
                for (const core::Value& o : outs->items) produced[textOf(member(o, "path"))] = true;
        }
        for (const core::Member& st : stages->members) {
            std::string sp = base;
            if (!base.empty() || st.key != "schema") core::appendKeySegment(sp, st.key);
            if (base.empty() && st.key == "schema") continue;
            if (!st.value.isObject()) {
                problem(m_r, f, sp, st.value.pos, "type", "expected a stage (a mapping with cmd, deps, outs), got " + core::describe(st.value));
                ok = false;
                continue;
            }
            for (const char* list : {"deps", "outs"}) {
                const core::Value* items = member(st.value, list);
                if (!items) continue;
                std::string lp = sp + "." + list;
                if (!items->isArray()) {
                    problem(m_r, f, lp, items->pos, "type", "expected a list of {path, md5, size}, got " + core::describe(*items));
                    ok = false;
                    continue;
                }
                for (size_t i = 0; i < items->items.size(); ++i) {
                    const core::Value& e = items->items[i];
                    std::string ep = lp;
                    core::appendIndexSegment(ep, i);
                    std::string path = textOf(member(e, "path"));
                    if (!e.isObject() || path.empty()) {
                        problem(m_r, f, ep, e.pos, "required", "expected an entry with \"path\", got " + core::describe(e));
                        ok = false;
                        continue;
                    }
                    bool out = std::string(list) == "outs";
                    if (!out && produced.count(path)) continue;  // made by another stage: that stage's out says it
                    core::Value& target = out ? artifacts : datasets;
                    core::Value* existing = nullptr;
                    for (core::Value& x : target.items)
                        if (textOf(member(x, "path")) == path) existing = &x;
                    if (existing) {
                        if (core::Value* s = existing->find("stages")) s->push(str(st.key));
                        continue;
                    }
                    target.push(dataRef(e, st.key, out));
                }
            }
            if (const core::Value* ps = member(st.value, "params")) {
                if (!ps->isObject()) {
                    problem(m_r, f, sp + ".params", ps->pos, "type", "expected params by file, got " + core::describe(*ps));
                    ok = false;
                } else {
                    for (const core::Member& file : ps->members) {
                        if (!file.value.isObject()) continue;
                        for (const core::Member& kv : file.value.members) {
                            if (file.key == defaultParams || (isDefaultParams(file.key) && defaultParams == "params.yaml")) {
                                setPath(params, kv.key, kv.value);
                            } else {
                                core::Value* sub = params.find(file.key);
                                if (!sub || !sub->isObject()) {
                                    params.set(file.key, core::Value::makeObject());
                                    sub = params.find(file.key);
                                }
                                setPath(*sub, kv.key, kv.value);
                            }
                        }
                    }
                }
            }
            core::Value rest = without(st.value, {"deps", "outs", "params"});
            if (!rest.members.empty()) stagesOut.set(st.key, std::move(rest));
        }
        return ok;
    }

    // A dep or out of dvc.lock as a data reference: md5 (".dir" for folders) as the digest, size, the rest kept.
    static core::Value dataRef(const core::Value& e, const std::string& stage, bool out) {
        core::Value d = core::Value::makeObject();
        d.pos = e.pos;
        d.set("path", *member(e, "path"));
        core::Value digest = core::Value::makeObject();
        for (const core::Member& m : e.members) {
            if (m.key == "md5" && m.value.isString()) {
                std::string v = m.value.text;
                bool dir = v.size() > 4 && v.compare(v.size() - 4, 4, ".dir") == 0;
                core::Value hex = str(dir ? v.substr(0, v.size() - 4) : v);
                hex.pos = m.value.pos;
                digest.set(dir ? "md5-dir" : "md5", std::move(hex));
            } else if ((m.key == "etag" || m.key == "checksum") && m.value.isString()) {
                digest.set(m.key, m.value);
            }
        }
        if (!digest.members.empty()) d.set("digest", std::move(digest));
        if (const core::Value* size = member(e, "size")) d.set("size", *size);
        for (const core::Member& m : e.members)
            if (m.key != "path" && m.key != "size" && !(m.key == "md5" && m.value.isString()) &&
                !((m.key == "etag" || m.key == "checksum") && m.value.isString()))
                d.members.push_back(m);
        if (out) {
            d.set("stage", str(stage));
        } else {
            core::Value stages = core::Value::makeArray();
            stages.push(str(stage));
            d.set("stages", std::move(stages));
        }
        return d;
    }

    const Options& m_opt;
    Result& m_r;
};

}  // namespace

void importDvc(const std::vector<const SourceFile*>& files, const Options& opt, Result& r) {
    Dvc d(opt, r);
    d.run(files);
}

}  // namespace mvr::importers::detail
