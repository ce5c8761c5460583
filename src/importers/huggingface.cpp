// Hugging Face model cards: the YAML front matter of README.md. model-index results become metrics named by task,
// dataset, config, split and metric type; datasets, base_model (lineage), license and tags are mapped; the rest
// of the metadata and the card's text are kept. A card imports what is valid and notes what is not; only YAML
// that does not parse stops it. model.safetensors.index.json becomes the weights artifact with its size.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "importers/common.hpp"

namespace mvr::importers::detail {

namespace {

const char* kFormat = "huggingface";

struct Card {
    const SourceFile* file = nullptr;
    core::Value meta;     // the front matter (null when there is none)
    std::string body;     // the Markdown after it
    std::string heading;  // its first "# " heading
    bool ok = true;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    return s.substr(i);
}

// Splits "---\n<yaml>\n---\n<markdown>"; front is empty when the card has no front matter.
void splitCard(const std::string& text, std::string& front, std::string& body, bool& hasFront) {
    std::string t = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? text.substr(3) : text;
    hasFront = false;
    body = t;
    size_t eol = t.find('\n');
    if (eol == std::string::npos || trimmed(t.substr(0, eol)) != "---") return;
    size_t p = eol + 1;
    while (p <= t.size()) {
        size_t e = t.find('\n', p);
        std::string line = trimmed(t.substr(p, e == std::string::npos ? std::string::npos : e - p));
        if (line == "---" || line == "...") {
            front = t.substr(eol + 1, p - eol - 1);
            body = e == std::string::npos ? "" : t.substr(e + 1);
            hasFront = true;
            return;
        }
        if (e == std::string::npos) return;
        p = e + 1;
    }
}

std::string firstHeading(const std::string& body) {
    size_t p = 0;
    while (p < body.size()) {
        size_t e = body.find('\n', p);
        std::string line = trimmed(body.substr(p, e == std::string::npos ? std::string::npos : e - p));
        if (line.size() > 2 && line[0] == '#' && line[1] == ' ') return trimmed(line.substr(2));
        if (e == std::string::npos) break;
        p = e + 1;
    }
    return "";
}

// "Beans" -> the metric name part: a non-empty text, or a number written as text.
std::string partText(const core::Value* v) {
    if (!v) return "";
    if (v->isString() || v->isNumber()) return v->text;
    return "";
}

class HuggingFace {
public:
    HuggingFace(const Options& opt, Result& r) : m_opt(opt), m_r(r) {}

    void run(const std::vector<const SourceFile*>& files) {
        std::vector<Card> cards;
        std::vector<const SourceFile*> indexes;
        for (const SourceFile* f : files) {
            if (f->role == Role::HfSafetensorsIndex) {
                indexes.push_back(f);
                continue;
            }
            // The card's text is kept (x_source.text): it must be UTF-8, as a manifest's strings must.
            if (size_t bad = invalidUtf8At(f->text); bad != std::string::npos) {
                bool utf16 = bad < 2 && f->text.size() >= 2 && (f->text.compare(0, 2, "\xFF\xFE") == 0 || f->text.compare(0, 2, "\xFE\xFF") == 0);
                char byte[8];
                std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(f->text[bad]));
                problem(m_r, *f, "", placeOf(f->text, bad), utf16 ? "encoding" : "utf8",
                        utf16 ? std::string("the file is UTF-16 encoded; mvr reads UTF-8 (save it as UTF-8)")
                              : "invalid UTF-8 byte " + std::string(byte) + " in the model card; a card is UTF-8 text (save it as UTF-8)");
                continue;
            }
            Card c;
            c.file = f;
            std::string front;
            bool hasFront;
            splitCard(f->text, front, c.body, hasFront);
            c.heading = firstHeading(c.body);
            if (hasFront) {
                c.ok = parseYamlText(*f, front, 2, c.meta, m_r);
                if (c.ok && !c.meta.isObject() && !c.meta.isNull()) {
                    note(m_r, *f, "", c.meta.pos, "the card's front matter is not a mapping (" + core::describe(c.meta) + "): no metadata imported");
                    c.meta = core::Value();
                }
            } else {
                note(m_r, *f, "", core::Pos{}, "the card has no YAML metadata (no front matter between '---' lines): "
                                               "only its name and text are imported");
            }
            cards.push_back(std::move(c));
        }
        // Weights go with the card when there is exactly one; otherwise each index is a version of its own.
        std::vector<core::Value> artifacts(indexes.size());
        std::vector<core::Value> indexSources(indexes.size());
        bool indexesOk = true;
        for (size_t i = 0; i < indexes.size(); ++i) indexesOk = weights(*indexes[i], artifacts[i], indexSources[i]) && indexesOk;
        for (Card& c : cards) {
            if (!c.ok) continue;
            core::Value doc;
            if (!card(c, doc)) continue;
            if (cards.size() == 1 && indexes.size() == 1 && indexesOk) {
                core::Value list = core::Value::makeArray();
                list.push(artifacts[0]);
                placeArtifacts(doc, std::move(list));
                doc.find("x_source")->set("safetensors_index", indexSources[0]);
                indexes.clear();
            }
            emit(m_r, *c.file, std::move(doc), true, c.file->path);
        }
        if (!indexesOk) return;
        for (size_t i = 0; i < indexes.size(); ++i) {
            const SourceFile& f = *indexes[i];
            std::string model = !m_opt.model.empty() ? m_opt.model : !f.root.empty() ? baseName(f.root) : "huggingface-model";
            core::Value doc = manifestStart(model, core::Value(), true);
            core::Value list = core::Value::makeArray();
            list.push(artifacts[i]);
            doc.set("artifacts", std::move(list));
            core::Value xs = sourceInfo(kFormat, f.name);
            xs.set("safetensors_index", indexSources[i]);
            doc.set("x_source", std::move(xs));
            emit(m_r, f, std::move(doc), true, f.path);
        }
    }

private:
    // Keeps the documented field order: artifacts before aliases, tags and x_source.
    static void placeArtifacts(core::Value& doc, core::Value list) {
        size_t at = doc.members.size();
        for (size_t i = 0; i < doc.members.size(); ++i)
            if (doc.members[i].key == "parent" || doc.members[i].key == "tags" || doc.members[i].key == "x_source") {
                at = i;
                break;
            }
        doc.members.insert(doc.members.begin() + static_cast<long>(at), core::Member{"artifacts", std::move(list), {}});
    }

    bool weights(const SourceFile& f, core::Value& artifact, core::Value& source) {
        core::Value v;
        if (!parseJsonFile(f, v, m_r)) return false;
        const core::Value* map = member(v, "weight_map");
        if (!map || !map->isObject()) {
            problem(m_r, f, "weight_map", map ? map->pos : v.pos, "type",
                    "expected \"weight_map\": an object from tensor name to shard file");
            return false;
        }
        std::set<std::string> shards;
        for (const core::Member& m : map->members) {
            if (!m.value.isString() || m.value.text.empty()) {
                std::string p = "weight_map";
                core::appendKeySegment(p, m.key);
                problem(m_r, f, p, m.value.pos, "type", "expected the shard file name, got " + core::describe(m.value));
                return false;
            }
            shards.insert(m.value.text);
        }
        std::string name = baseName(f.name);
        const std::string suffix = ".index.json";
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            name = name.substr(0, name.size() - suffix.size());
        artifact = core::Value::makeObject();
        artifact.set("name", str(name));
        const core::Value* meta = member(v, "metadata");
        if (const core::Value* total = meta ? member(*meta, "total_size") : nullptr) artifact.set("size", *total);
        core::Value list = core::Value::makeArray();
        for (const std::string& s : shards) list.push(str(s));
        artifact.set("shards", std::move(list));
        artifact.set("tensors", core::Value::makeInteger(static_cast<int64_t>(map->members.size())));
        source = core::Value::makeObject();
        source.set("file", str(f.name));
        for (const core::Member& m : v.members) source.members.push_back(m);
        return true;
    }

    bool card(Card& c, core::Value& doc) {
        const SourceFile& f = *c.file;
        const core::Value& meta = c.meta;
        std::vector<std::string> mapped;
        auto take = [&](const char* k) { mapped.push_back(k); };

        std::string indexName;
        if (const core::Value* mi = member(meta, "model-index"); mi && mi->isArray() && !mi->items.empty())
            indexName = textOf(member(mi->items[0], "name"));
        std::string model = !m_opt.model.empty()    ? m_opt.model
                            : !indexName.empty()    ? indexName
                            : !f.root.empty()       ? baseName(f.root)
                            : !c.heading.empty()    ? c.heading
                                                    : "huggingface-model";
        doc = manifestStart(model, core::Value(), true);

        // Lineage: base_model is the parent (a model on the Hub, at its main revision).
        if (const core::Value* bm = member(meta, "base_model")) {
            const core::Value* first = bm->isArray() && !bm->items.empty() ? &bm->items[0] : bm;
            if (first->isString() && !first->text.empty()) {
                core::Value parent = core::Value::makeObject();
                parent.pos = first->pos;
                parent.set("model", *first);
                parent.set("version", str("main"));
                doc.set("parent", std::move(parent));
                if (!bm->isArray() || bm->items.size() == 1) take("base_model");
                else note(m_r, f, "base_model", bm->pos, "several base models: the first is the parent, all are kept under x_source");
            } else {
                note(m_r, f, "base_model", bm->pos, "expected a model name, got " + core::describe(*bm) + ": kept under x_source");
            }
        }

        core::Value metrics = core::Value::makeObject();
        core::Value unmappedResults = core::Value::makeArray();
        if (const core::Value* mi = member(meta, "model-index")) {
            take("model-index");
            modelIndex(f, *mi, metrics, unmappedResults);
        }
        if (!metrics.members.empty()) doc.set("metrics", std::move(metrics));

        core::Value datasets = core::Value::makeArray();
        if (const core::Value* ds = member(meta, "datasets")) {
            std::vector<const core::Value*> names;
            if (ds->isString()) names.push_back(ds);
            bool good = ds->isString() || ds->isArray();
            if (ds->isArray())
                for (const core::Value& d : ds->items) {
                    if (d.isString() && !d.text.empty()) names.push_back(&d);
                    else good = false;
                }
            if (good) take("datasets");
            else note(m_r, f, "datasets", ds->pos, "expected a list of dataset names: kept under x_source");
            for (const core::Value* n : names) addDataset(datasets, n->text, n->pos);
        }
        if (const core::Value* mi = member(meta, "model-index"); mi && mi->isArray())
            for (const core::Value& entry : mi->items)
                if (const core::Value* results = member(entry, "results"); results && results->isArray())
                    for (const core::Value& res : results->items)
                        if (const core::Value* d = member(res, "dataset"); d && !partText(member(*d, "type")).empty())
                            addDataset(datasets, partText(member(*d, "type")), d->pos);
        if (!datasets.items.empty()) doc.set("datasets", std::move(datasets));

        // Tags: license, library, pipeline and language as key = value; the card's tags as key = true.
        core::Value tags = core::Value::makeObject();
        for (const char* k : {"license", "library_name", "pipeline_tag"}) {
            if (const core::Value* v = member(meta, k)) {
                if (v->isString()) {
                    tags.set(k, *v);
                    take(k);
                } else {
                    note(m_r, f, k, v->pos, std::string("expected a text, got ") + core::describe(*v) + ": kept under x_source");
                }
            }
        }
        if (const core::Value* lang = member(meta, "language")) {
            std::string joined;
            bool good = lang->isString();
            if (lang->isString()) joined = lang->text;
            if (lang->isArray()) {
                good = true;
                for (const core::Value& l : lang->items) {
                    good = good && l.isString();
                    if (l.isString()) joined += (joined.empty() ? "" : ",") + l.text;
                }
            }
            if (good && !joined.empty()) {
                tags.set("language", str(joined));
                take("language");
            }
        }
        if (const core::Value* t = member(meta, "tags")) {
            bool good = t->isArray();
            if (t->isArray())
                for (const core::Value& x : t->items) {
                    if (!x.isString() || x.text.empty() || tags.find(x.text)) {
                        good = false;
                        continue;
                    }
                    tags.set(x.text, core::Value::makeBool(true));
                }
            if (good) take("tags");
            else note(m_r, f, "tags", t->pos, "not every tag is a distinct text: the list is kept under x_source");
        }
        if (!tags.members.empty()) doc.set("tags", std::move(tags));

        core::Value xs = sourceInfo(kFormat, f.name);
        core::Value rest = core::Value::makeObject();
        if (meta.isObject())
            for (const core::Member& m : meta.members)
                if (std::find(mapped.begin(), mapped.end(), m.key) == mapped.end()) rest.members.push_back(m);
        if (!rest.members.empty()) xs.set("card", std::move(rest));
        if (!unmappedResults.items.empty()) xs.set("model_index_unmapped", std::move(unmappedResults));
        std::string body = c.body;
        size_t start = body.find_first_not_of("\r\n");
        body = start == std::string::npos ? "" : body.substr(start);
        if (!body.empty()) xs.set("text", str(body));
        doc.set("x_source", std::move(xs));
        return true;
    }

    static void addDataset(core::Value& list, const std::string& name, core::Pos at) {
        for (const core::Value& d : list.items)
            if (textOf(member(d, "name")) == name) return;
        core::Value d = core::Value::makeObject();
        d.pos = at;
        d.set("name", str(name));
        d.set("uri", str("https://huggingface.co/datasets/" + name));
        list.push(std::move(d));
    }

    // model-index: [{name, results: [{task, dataset, metrics: [{type, value, ...}]}]}]. What is valid becomes
    // metrics; every result or metric that is not is noted and kept.
    void modelIndex(const SourceFile& f, const core::Value& mi, core::Value& metrics, core::Value& unmapped) {
        if (!mi.isArray()) {
            note(m_r, f, "model-index", mi.pos, "expected a list of {name, results}, got " + core::describe(mi) + ": kept under x_source");
            unmapped.push(mi);
            return;
        }
        for (size_t i = 0; i < mi.items.size(); ++i) {
            const core::Value& entry = mi.items[i];
            std::string ep = "model-index";
            core::appendIndexSegment(ep, i);
            const core::Value* results = member(entry, "results");
            if (!results || !results->isArray()) {
                note(m_r, f, ep, entry.pos, "expected {\"name\", \"results\": [...]}, got " + core::describe(entry) + ": kept under x_source");
                unmapped.push(entry);
                continue;
            }
            for (size_t j = 0; j < results->items.size(); ++j) {
                const core::Value& res = results->items[j];
                std::string rp = ep + ".results";
                core::appendIndexSegment(rp, j);
                const core::Value* task = member(res, "task");
                const core::Value* dataset = member(res, "dataset");
                const core::Value* ms = member(res, "metrics");
                std::string taskType = task ? partText(member(*task, "type")) : "";
                std::string dsType = dataset ? partText(member(*dataset, "type")) : "";
                if (taskType.empty() || dsType.empty() || !ms || !ms->isArray()) {
                    note(m_r, f, rp, res.pos, "a result needs task.type, dataset.type and a list of metrics: kept under x_source, not imported");
                    unmapped.push(res);
                    continue;
                }
                core::Value badMetrics = core::Value::makeArray();
                for (size_t k = 0; k < ms->items.size(); ++k) {
                    const core::Value& m = ms->items[k];
                    std::string mp = rp + ".metrics";
                    core::appendIndexSegment(mp, k);
                    std::string type = partText(member(m, "type"));
                    const core::Value* value = member(m, "value");
                    core::Value number;
                    if (value && value->isNumber()) number = *value;
                    else if (value && value->isString() && isJsonNumberText(value->text)) number = core::Value::makeNumberLexeme(value->text);
                    if (type.empty() || number.isNull()) {
                        note(m_r, f, mp, m.pos, "a metric needs \"type\" and a number \"value\", got " +
                                                    (value ? core::describe(*value) : std::string("no value")) + ": kept under x_source, not imported");
                        badMetrics.push(m);
                        continue;
                    }
                    number.pos = value->pos;
                    std::string name = taskType + "/" + dsType;
                    for (const char* part : {"config", "split"})
                        if (std::string t = partText(member(*dataset, part)); !t.empty()) name += "/" + t;
                    name += "/" + type;
                    if (std::string cfg = partText(member(m, "config")); !cfg.empty()) name += "/" + cfg;
                    if (metrics.find(name)) {
                        note(m_r, f, mp, m.pos, "a second metric " + name + ": kept under x_source, not imported");
                        badMetrics.push(m);
                        continue;
                    }
                    core::Value out = core::Value::makeObject();
                    out.pos = m.pos;
                    out.set("value", std::move(number));
                    out.set("task", *task);
                    out.set("dataset", *dataset);
                    for (const core::Member& x : m.members)
                        if (x.key != "value") out.members.push_back(x);
                    metrics.members.push_back(core::Member{name, std::move(out), m.pos});
                }
                if (!badMetrics.items.empty()) {
                    core::Value keep = without(res, {"metrics"});
                    keep.set("metrics", std::move(badMetrics));
                    unmapped.push(std::move(keep));
                }
            }
        }
    }

    const Options& m_opt;
    Result& m_r;
};

}  // namespace

void importHuggingFace(const std::vector<const SourceFile*>& files, const Options& opt, Result& r) {
    HuggingFace h(opt, r);
    h.run(files);
}

}  // namespace mvr::importers::detail
