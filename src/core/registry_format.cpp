#include "core/registry_format.hpp"

#include "core/document.hpp"
#include "core/json_reader.hpp"
#include "core/rules.hpp"

namespace mvr::core {

std::string registryHeader() {
    return std::string("{\"format\":\"") + kRegistryFormat + "\",\"format_version\":1,\"versions\":[";
}

const char* registrySeparator(size_t index) { return index == 0 ? "\n" : ",\n"; }

std::string registryFooter(size_t count) { return count ? "\n]}\n" : "]}\n"; }

std::string exportedManifest(const Value& doc, const std::vector<std::string>& aliases) {
    Value list = Value::makeArray();
    for (const std::string& a : aliases) list.push(Value::makeString(a));
    std::string out;
    out.reserve(4096);
    out.push_back('{');
    bool first = true;
    bool placed = false;
    for (const Member& m : doc.members) {
        if (!first) out.push_back(',');
        first = false;
        writeString(m.key, out);
        out.push_back(':');
        if (m.key == "aliases") {
            writeCanonical(list, out);
            placed = true;
        } else {
            writeCanonical(m.value, out);
        }
    }
    if (!placed && !aliases.empty()) {
        if (!first) out.push_back(',');
        out += "\"aliases\":";
        writeCanonical(list, out);
    }
    out.push_back('}');
    return out;
}

}  // namespace mvr::core

// ---------------------------------------------------------------------------------------------------------
// Format 2: rules and alias history

namespace mvr::core {

std::string registryHeaderWithExtras() {
    return std::string("{\"format\":\"") + kRegistryFormat + "\",\"format_version\":2,\"rules\":[";
}

std::string extrasSeparator(size_t itemsBefore, const char* nextMember) {
    return std::string(itemsBefore ? "\n]," : "],") + "\"" + nextMember + "\":[";
}

namespace {

Value textOrNull(const std::string& s) { return s.empty() ? Value() : Value::makeString(s); }

Value ruleValue(const RegistryRule& r) {
    Value o = Value::makeObject();
    o.set("name", Value::makeString(r.name));
    o.set("text", Value::makeString(r.text));
    Value changes = Value::makeArray();
    for (const RuleChangeRecord& c : r.changes) {
        Value x = Value::makeObject();
        x.set("at", textOrNull(c.at));
        x.set("author", Value::makeString(c.author));
        x.set("action", Value::makeString(c.action));
        x.set("text", textOrNull(c.text));
        changes.push(std::move(x));
    }
    o.set("changes", std::move(changes));
    return o;
}

Value historyValue(const HistoryRecord& h) {
    Value o = Value::makeObject();
    o.set("at", textOrNull(h.at));
    o.set("model", Value::makeString(h.model));
    o.set("alias", Value::makeString(h.alias));
    o.set("from", textOrNull(h.from));
    o.set("to", textOrNull(h.to));
    o.set("author", Value::makeString(h.author));
    o.set("source", Value::makeString(h.source));
    o.set("rule", textOrNull(h.rule));
    o.set("detail", Value());  // historyJson writes the detail's canonical text in its place
    return o;
}

// A curation record: its values are JSON (a string for description and tags, true/false for deprecated), written
// in place of the nulls curationValue leaves for them.
Value curationValue(const CurationRecord& c) {
    Value o = Value::makeObject();
    o.set("at", textOrNull(c.at));
    o.set("model", Value::makeString(c.model));
    o.set("version", Value::makeString(c.label));
    o.set("field", Value::makeString(c.field));
    o.set("author", Value::makeString(c.author));
    o.set("old", Value());
    o.set("new", Value());
    return o;
}

// Reads an object's members of the given names as text (null allowed where nullable), reporting what is not.
class Fields {
public:
    Fields(const Value& v, const std::string& file, const std::string& path, Diagnostics& diags)
        : m_v(v), m_file(file), m_path(path), m_diags(diags) {
        if (!v.isObject()) problem(v, "type", "expected an object, got " + describe(v));
    }
    bool ok() const { return m_ok; }
    std::string text(const char* key, bool nullable) {
        if (!m_v.isObject()) return "";
        const Value* f = m_v.find(key);
        if ((!f || f->isNull()) && nullable) return "";
        if (!f || !f->isString()) {
            problem(f ? *f : m_v, f ? "type" : "required",
                    std::string("\"") + key + "\" must be a string" + (nullable ? " or null" : "") +
                        (f ? ", got " + describe(*f) : ""));
            return "";
        }
        return f->text;
    }
    void problem(const Value& at, const std::string& code, const std::string& message) {
        m_ok = false;
        m_diags.add(Diagnostic{m_file, m_path, at.pos.line, at.pos.col, code, message});
    }

private:
    const Value& m_v;
    const std::string& m_file;
    std::string m_path;
    Diagnostics& m_diags;
    bool m_ok = true;
};

}  // namespace

std::string ruleJson(const RegistryRule& r) { return toCanonical(ruleValue(r)); }

std::string historyJson(const HistoryRecord& h) {
    std::string out = toCanonical(historyValue(h));
    if (h.detail.empty()) return out;
    // "detail" is last: its canonical text replaces the null written for it.
    out.resize(out.size() - 5);  // "null}"
    return out + h.detail + "}";
}

std::string curationJson(const CurationRecord& c) {
    std::string out = toCanonical(curationValue(c));
    out.resize(out.size() - 22);  // "old":null,"new":null}
    return out + "\"old\":" + (c.before.empty() ? "null" : c.before) + ",\"new\":" + (c.after.empty() ? "null" : c.after) + "}";
}

bool readRegistryExtras(const Value& doc, const std::string& file, Diagnostics& diags, RegistryExtras& out) {
    size_t before = diags.count();
    out = RegistryExtras();
    auto list = [&](const char* key) -> const Value* {
        const Value* v = doc.find(key);
        if (!v) return nullptr;
        if (!v->isArray()) {
            diags.add(Diagnostic{file, key, v->pos.line, v->pos.col, "type", std::string("expected an array, got ") + describe(*v)});
            return nullptr;
        }
        return v;
    };
    std::vector<Rule> parsed;
    if (const Value* rules = list("rules")) {
        for (size_t i = 0; i < rules->items.size(); ++i) {
            const Value& v = rules->items[i];
            std::string path = "rules";
            appendIndexSegment(path, i);
            Fields f(v, file, path, diags);
            RegistryRule r;
            r.path = path;
            r.pos = v.pos;
            r.name = f.text("name", false);
            r.text = f.text("text", false);
            if (const Value* changes = v.isObject() ? v.find("changes") : nullptr) {
                if (!changes->isArray()) f.problem(*changes, "type", "\"changes\" must be an array");
                else
                    for (const Value& c : changes->items) {
                        Fields cf(c, file, path + ".changes", diags);
                        RuleChangeRecord rc{cf.text("at", true), cf.text("author", false), cf.text("action", false),
                                            cf.text("text", true)};
                        if (cf.ok() && rc.action != "add" && rc.action != "change" && rc.action != "remove")
                            cf.problem(c, "value", "a rule change's action is add, change or remove, not \"" + rc.action + "\"");
                        r.changes.push_back(std::move(rc));
                    }
            }
            if (!f.ok()) continue;
            Rule rule;
            std::vector<Diagnostic> problems;
            const Value* textValue = v.find("text");
            if (!parseRule(r.text, rule, problems)) {
                for (const Diagnostic& d : problems)
                    diags.add(Diagnostic{file, path + ".text", textValue->pos.line, textValue->pos.col, "rule",
                                         "rule line " + std::to_string(d.line) + ", column " + std::to_string(d.col) + ": " +
                                             d.message});
                continue;
            }
            if (rule.name != r.name) {
                f.problem(v, "value", "\"name\" is \"" + r.name + "\" but the rule's text says rule: " + rule.name);
                continue;
            }
            bool clash = false;
            for (const Rule& other : parsed) {
                std::string why = other.name == rule.name ? "rule " + rule.name + " is given twice" : rulesConflict(rule, other);
                if (!why.empty()) {
                    f.problem(v, "rule", why);
                    clash = true;
                    break;
                }
            }
            if (clash) continue;
            parsed.push_back(std::move(rule));
            out.rules.push_back(std::move(r));
        }
    }
    if (const Value* history = list("alias_history")) {
        for (size_t i = 0; i < history->items.size(); ++i) {
            const Value& v = history->items[i];
            std::string path = "alias_history";
            appendIndexSegment(path, i);
            Fields f(v, file, path, diags);
            HistoryRecord h;
            h.at = f.text("at", true);
            h.model = f.text("model", false);
            h.alias = f.text("alias", false);
            h.from = f.text("from", true);
            h.to = f.text("to", true);
            h.author = f.text("author", false);
            h.source = f.text("source", false);
            h.rule = f.text("rule", true);
            if (const Value* d = v.isObject() ? v.find("detail") : nullptr; d && !d->isNull()) h.detail = toCanonical(*d);
            if (f.ok() && !h.at.empty() && !isRfc3339(h.at)) f.problem(*v.find("at"), "value", "\"at\" must be an RFC 3339 time");
            if (f.ok() && !isValidAliasName(h.alias)) f.problem(*v.find("alias"), "alias", "\"" + h.alias + "\" is not an alias name");
            if (f.ok()) out.history.push_back(std::move(h));
        }
    }
    if (const Value* curation = list("curation")) {
        for (size_t i = 0; i < curation->items.size(); ++i) {
            const Value& v = curation->items[i];
            std::string path = "curation";
            appendIndexSegment(path, i);
            Fields f(v, file, path, diags);
            CurationRecord c;
            c.at = f.text("at", true);
            c.model = f.text("model", false);
            c.label = f.text("version", false);
            c.field = f.text("field", false);
            c.author = f.text("author", false);
            if (!f.ok()) continue;
            const Value* values[2] = {v.find("old"), v.find("new")};
            std::string* texts[2] = {&c.before, &c.after};
            bool deprecation = c.field == "deprecated", deletion = c.field == "deleted";
            if (c.field != "description" && !deprecation && !deletion && (c.field.rfind("tags.", 0) != 0 || c.field.size() == 5)) {
                f.problem(*v.find("field"), "value", "a curation field is description, tags.NAME, deprecated or deleted, not \"" + c.field + "\"");
                continue;
            }
            // A deletion: "old" the deleted version's digest, "new" null.
            if (deletion && (!values[0] || !values[0]->isString() || (values[1] && !values[1]->isNull()))) {
                f.problem(values[0] && !values[0]->isString() ? *values[0] : v, "type",
                          "a deletion's \"old\" is the deleted version's digest (a string) and its \"new\" is null");
                continue;
            }
            for (int k = 0; k < 2; ++k) {
                const Value* x = values[k];
                if (!x || x->isNull()) {
                    if (deprecation) f.problem(x ? *x : v, "type", std::string("\"") + (k ? "new" : "old") + "\" of deprecated must be true or false");
                    continue;
                }
                if (deprecation ? !x->isBool() : !x->isString()) {
                    f.problem(*x, "type", std::string("\"") + (k ? "new" : "old") + "\" must be " +
                                              (deprecation ? "true or false" : "a string or null") + ", got " + describe(*x));
                    continue;
                }
                *texts[k] = toCanonical(*x);
            }
            if (f.ok() && !c.at.empty() && !isRfc3339(c.at)) f.problem(*v.find("at"), "value", "\"at\" must be an RFC 3339 time");
            if (f.ok()) out.curation.push_back(std::move(c));
        }
    }
    return diags.count() == before;
}

Value extrasToJson(const RegistryExtras& e) {
    Value o = Value::makeObject();
    Value rules = Value::makeArray();
    for (const RegistryRule& r : e.rules) rules.push(ruleValue(r));
    o.set("rules", std::move(rules));
    Value history = Value::makeArray();
    for (const HistoryRecord& h : e.history) {
        Value x = historyValue(h);
        if (!h.detail.empty()) x.set("detail", Value::makeString(h.detail));  // as text: read back as it was
        history.push(std::move(x));
    }
    o.set("alias_history", std::move(history));
    Value curation = Value::makeArray();
    for (const CurationRecord& c : e.curation) {
        Value parsed;
        Diagnostics ignored;
        parseJson(curationJson(c), parsed, ignored);
        curation.push(std::move(parsed));
    }
    o.set("curation", std::move(curation));
    return o;
}

bool extrasFromJson(const Value& v, RegistryExtras& out) {
    Diagnostics diags;
    Value doc = v;
    // The detail travels as text (see extrasToJson): put it back as the JSON it was, for readRegistryExtras.
    if (Value* h = doc.find("alias_history"); h && h->isArray())
        for (Value& x : h->items)
            if (Value* d = x.find("detail"); d && d->isString()) {
                Value parsed;
                if (!parseJson(d->text, parsed, diags)) return false;
                *d = std::move(parsed);
            }
    return readRegistryExtras(doc, "", diags, out);
}

}  // namespace mvr::core
