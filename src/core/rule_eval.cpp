// Evaluation of promotion rules: the candidates, each condition's outcome with its values, the choice.
#include "core/rule_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/diff_format.hpp"

namespace mvr::core {

const double* VersionFacts::metric(const std::string& name) const {
    for (const auto& [n, v] : metrics)
        if (n == name) return &v;
    return nullptr;
}

const std::string* VersionFacts::tag(const std::string& key) const {
    for (const auto& [k, v] : tags)
        if (k == key) return &v;
    return nullptr;
}

VersionFacts VersionFacts::of(std::shared_ptr<const Manifest> m, int64_t id, int64_t seq) {
    VersionFacts f;
    f.id = id;
    f.seq = seq;
    f.label = m->label;
    f.createdOn = m->createdOn;
    f.author = m->author;
    f.aliases = m->aliases;
    for (const Metric& x : m->metrics) f.metrics.emplace_back(x.name, x.value);
    f.tags = m->tags;
    f.manifest = std::move(m);
    return f;
}

std::vector<const Outcome*> CandidateVerdict::failed() const {
    std::vector<const Outcome*> out;
    for (const Outcome& o : outcomes)
        if (!o.passed) out.push_back(&o);
    return out;
}

const std::string& RuleEvaluation::to() const {
    static const std::string none;
    return chosen >= 0 ? candidates[static_cast<size_t>(chosen)].label : none;
}

namespace {

// A difference for people: six significant digits, signed.
std::string signedApprox(double v) {
    std::string fast;
    if (formatGeneralFast(v, 6, true, fast)) return fast;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%+.6g", v);
    return buf;
}

// A field's value in one version, as text (and as a number when it is one).
struct Field {
    bool present = false;
    bool unread = false;  // its document was not read
    std::string text;
    bool numeric = false;
    double number = 0;
};

// Walks a param path as parseField wrote it ($.params."a"."b"[2]) through the manifest's params.
const Value* paramAt(const Manifest& m, const std::string& path) {
    const Value* v = m.params();
    size_t i = 8;  // past "$.params"
    while (v && i < path.size()) {
        if (path[i] == '.' && i + 1 < path.size() && path[i + 1] == '"') {
            size_t close = path.find('"', i + 2);
            if (close == std::string::npos) return nullptr;
            v = v->isObject() ? v->find(std::string_view(path).substr(i + 2, close - i - 2)) : nullptr;
            i = close + 1;
        } else if (path[i] == '[') {
            size_t close = path.find(']', i);
            if (close == std::string::npos) return nullptr;
            size_t k = static_cast<size_t>(std::strtoull(path.c_str() + i + 1, nullptr, 10));
            v = v->isArray() && k < v->items.size() ? &v->items[k] : nullptr;
            i = close + 1;
        } else {
            return nullptr;
        }
    }
    return v;
}

Field number(double v) {
    Field f;
    f.present = true;
    f.numeric = true;
    f.number = v;
    f.text = formatNumber(v);
    return f;
}

Field text(const std::string& s) {
    Field f;
    f.present = true;
    f.text = s;
    char* end = nullptr;
    f.number = std::strtod(s.c_str(), &end);
    f.numeric = !s.empty() && end && *end == '\0';
    return f;
}

Field fieldOf(const Condition& c, const VersionFacts& v) {
    switch (c.field) {
    case FilterField::Metric: {
        const double* x = v.metric(c.key);
        return x ? number(*x) : Field();
    }
    case FilterField::Tag: {
        const std::string* t = v.tag(c.key);
        return t ? text(*t) : Field();
    }
    case FilterField::Author: return v.author.empty() ? Field() : text(v.author);
    case FilterField::CreatedOn: return v.createdOn.empty() ? Field() : text(v.createdOn);
    case FilterField::Label: return text(v.label);
    case FilterField::Alias: {
        Field f;
        f.present = true;
        for (const std::string& a : v.aliases) f.text += (f.text.empty() ? "" : ", ") + a;
        return f;
    }
    case FilterField::Param: {
        Field f;
        if (!v.manifest) return f.unread = true, f;
        const Value* p = paramAt(*v.manifest, c.key);
        if (!p) return f;
        if (p->isNumber()) {
            f = number(p->number);
            f.text = p->text;  // the lexeme as written
        } else if (p->isString()) {
            f = text(p->text);
            f.numeric = false;
        } else {
            f.present = true;
            f.text = toCanonical(*p);
        }
        return f;
    }
    case FilterField::Dataset: {
        Field f;
        if (!v.manifest) return f.unread = true, f;
        for (const DataRef& d : v.manifest->datasets) {
            if (d.key != c.key && d.name != c.key) continue;
            if (c.sub == "digest") return d.digests.empty() ? f : text(d.digestText());
            if (c.sub == "uri") return d.uri.empty() ? f : text(d.uri);
            if (c.sub == "path") return d.path.empty() ? f : text(d.path);
            return d.hasSize ? number(static_cast<double>(d.size)) : f;
        }
        return f;
    }
    case FilterField::Text: {
        Field f;
        f.present = true;
        f.text = v.label + " " + v.author;
        if (v.manifest) f.text += " " + v.manifest->description;
        return f;
    }
    }
    return Field();
}

bool containsNoCase(const std::string& hay, const std::string& needle) {
    auto low = [](char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch; };
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                       [&](char a, char b) { return low(a) == low(b); }) != hay.end();
}

// -1, 0, 1: numbers by value when both are numbers, labels as people read them, other text bytewise.
int order(const Condition& c, const Field& f) {
    if (c.field == FilterField::Label)
        return labelLess(f.text, c.value) ? -1 : labelLess(c.value, f.text) ? 1 : 0;
    if (f.numeric && c.numeric) return f.number < c.number ? -1 : f.number > c.number ? 1 : 0;
    return f.text < c.value ? -1 : f.text > c.value ? 1 : 0;
}

bool holds(const Condition& c, const Field& f, const VersionFacts& v) {
    if (c.field == FilterField::Alias) {
        bool any = false;
        for (const std::string& a : v.aliases)
            any = any || (c.op == FilterOp::Contains ? containsNoCase(a, c.value) : a == c.value);
        return c.op == FilterOp::Ne ? !any : (c.op == FilterOp::Eq || c.op == FilterOp::Contains) ? any : false;
    }
    if (c.op == FilterOp::Contains) return containsNoCase(f.text, c.value);
    int o = order(c, f);
    switch (c.op) {
    case FilterOp::Eq: return o == 0;
    case FilterOp::Ne: return o != 0;
    case FilterOp::Lt: return o < 0;
    case FilterOp::Le: return o <= 0;
    case FilterOp::Gt: return o > 0;
    case FilterOp::Ge: return o >= 0;
    case FilterOp::Contains: break;
    }
    return false;
}

// An outcome on the candidate's field f, not decided yet; skipped when f's document was not read.
Outcome begin(const char* kind, const RulePlace& p, const Field& f) {
    Outcome o;
    o.kind = kind;
    o.condition = p.text;
    o.value = f.text;
    if (f.unread) {
        o.skipped = true;
        o.note = "not read (an earlier condition failed)";
    }
    return o;
}

Outcome requireOutcome(const RuleRequire& r, const VersionFacts& v) {
    Field f = fieldOf(r.cond, v);
    Outcome o = begin("require", r.place, f);
    if (f.unread) return o;
    if (!f.present) {
        o.note = "this version has no " + r.cond.lhs;
    } else {
        o.passed = holds(r.cond, f, v);
    }
    return o;
}

// What a comparison needs of the version compared with, the same for every candidate: worked out once per
// evaluation (formatting numbers was most of the time of a rule over 100,000 versions).
struct PreparedCompare {
    const RuleCompare* c = nullptr;
    const double* theirs = nullptr;
    Goal goal = Goal::None;
    std::string holderText, needText, goalText;
    double need = 0, slack0 = 0;
    bool strict = false;
};

PreparedCompare prepareCompare(const RuleCompare& c, const VersionFacts* ref, const GoalOf& goalOf) {
    PreparedCompare p;
    p.c = &c;
    if (!ref) return p;
    p.theirs = ref->metric(c.metric);
    if (!p.theirs) return p;
    p.holderText = formatNumber(*p.theirs);
    p.goal = goalOf(c.metric);
    if (p.goal == Goal::None) return p;
    double scale = c.relative ? std::fabs(*p.theirs) : 1.0;
    p.need = c.kind == CompareKind::Better ? c.margin * scale : c.kind == CompareKind::Within ? -c.margin * scale : 0;
    p.strict = c.kind == CompareKind::Better && c.margin == 0;
    p.needText = c.relative ? signedApprox(p.need / (scale == 0 ? 1 : scale) * 100) + "%" : signedApprox(p.need);
    p.goalText = std::string(p.goal == Goal::Max ? " (higher is better)" : " (lower is better)") +
                 (p.strict ? ", needs > 0" : ", needs at least " + p.needText);
    return p;
}

Outcome compareOutcome(const PreparedCompare& p, const VersionFacts& v, const VersionFacts* ref) {
    const RuleCompare& c = *p.c;
    Outcome o;
    o.kind = "compare";
    o.condition = c.place.text;
    const double* mine = v.metric(c.metric);
    if (mine) o.value = formatNumber(*mine);
    if (!mine) {
        o.note = "this version has no metrics." + c.metric;
        return o;
    }
    if (!ref) {
        o.passed = true;
        o.note = "no version to compare with";
        return o;
    }
    if (!p.theirs) {
        o.passed = true;
        o.note = ref->label + " has no metrics." + c.metric + ": nothing to compare with";
        return o;
    }
    const double theirs = *p.theirs;
    o.holder = p.holderText;
    if (p.goal == Goal::None) {
        o.note = "metrics." + c.metric + " has no goal: give it one (\"goal\": \"max\" or \"min\") so better has a direction";
        return o;
    }
    double gain = p.goal == Goal::Max ? *mine - theirs : theirs - *mine;  // > 0 is better
    // Decimal margins are not exact in binary: 0.95 - 0.94 is a hair under 0.01.
    double slack = 1e-12 * std::max({std::fabs(*mine), std::fabs(theirs), 1.0});
    o.passed = p.strict ? gain > slack : gain >= p.need - slack;
    o.note = signedApprox(gain);
    if (c.relative && theirs != 0) o.note += " (" + signedApprox(gain / std::fabs(theirs) * 100) + "%)";
    o.note += p.goalText;
    return o;
}

Outcome guardOutcome(const RuleGuard& g, const VersionFacts& v, const VersionFacts* ref) {
    Field mine = fieldOf(g.field, v);
    Outcome o = begin("same", g.place, mine);
    if (mine.unread) return o;
    if (!ref) {
        o.passed = true;
        o.note = "no version to compare with";
        return o;
    }
    Field theirs = fieldOf(g.field, *ref);
    o.holder = theirs.text;
    if (!mine.present) o.note = "this version has no " + g.field.lhs;
    else if (!theirs.present) o.note = ref->label + " has no " + g.field.lhs;
    else if (mine.numeric && theirs.numeric ? mine.number != theirs.number : mine.text != theirs.text)
        o.note = "differs from " + ref->label + "'s";
    else o.passed = true;
    return o;
}

bool newerThan(const VersionFacts& a, const VersionFacts& b) {
    if (!a.createdOn.empty() && !b.createdOn.empty() && a.createdOn != b.createdOn) return a.createdOn > b.createdOn;
    return a.seq > b.seq;
}

}  // namespace

bool isCandidate(const Rule& rule, const VersionFacts& v, const VersionFacts* reference, const VersionFacts* holder) {
    if (v.deprecated || (holder && holder->label == v.label)) return false;
    switch (rule.candidates) {
    case CandidateKind::All: return true;
    case CandidateKind::Newer: return !reference || newerThan(v, *reference);
    case CandidateKind::Alias:
        return std::find(v.aliases.begin(), v.aliases.end(), rule.candidateAlias) != v.aliases.end();
    }
    return false;
}

namespace {

std::vector<PreparedCompare> prepareCompares(const Rule& rule, const VersionFacts* reference, const GoalOf& goalOf) {
    std::vector<PreparedCompare> out;
    out.reserve(rule.compares.size());
    for (const RuleCompare& c : rule.compares) out.push_back(prepareCompare(c, reference, goalOf));
    return out;
}

CandidateVerdict checkPrepared(const Rule& rule, const VersionFacts& candidate, const VersionFacts* reference,
                               const std::vector<PreparedCompare>& compares) {
    CandidateVerdict out;
    out.id = candidate.id;
    out.label = candidate.label;
    out.outcomes.reserve(rule.requires.size() + rule.compares.size() + rule.guards.size());
    for (const RuleRequire& r : rule.requires) out.outcomes.push_back(requireOutcome(r, candidate));
    for (const PreparedCompare& p : compares) out.outcomes.push_back(compareOutcome(p, candidate, reference));
    for (const RuleGuard& g : rule.guards) out.outcomes.push_back(guardOutcome(g, candidate, reference));
    out.passed = std::all_of(out.outcomes.begin(), out.outcomes.end(), [](const Outcome& o) { return o.passed; });
    return out;
}

}  // namespace

CandidateVerdict checkCandidate(const Rule& rule, const VersionFacts& candidate, const VersionFacts* reference,
                                const GoalOf& goalOf) {
    return checkPrepared(rule, candidate, reference, prepareCompares(rule, reference, goalOf));
}

int chooseCandidate(const Rule& rule, const std::vector<const VersionFacts*>& versions,
                    const std::vector<CandidateVerdict>& verdicts, const GoalOf& goalOf) {
    int best = -1;
    Goal g = rule.choose == ChooseKind::Best ? goalOf(rule.chooseMetric) : Goal::None;
    for (size_t i = 0; i < verdicts.size(); ++i) {
        if (!verdicts[i].passed) continue;
        const VersionFacts& v = *versions[i];
        if (best < 0) {
            if (rule.choose == ChooseKind::Newest || (g != Goal::None && v.metric(rule.chooseMetric))) best = static_cast<int>(i);
            continue;
        }
        const VersionFacts& b = *versions[static_cast<size_t>(best)];
        bool better;
        if (rule.choose == ChooseKind::Newest) {
            better = newerThan(v, b);
        } else {
            const double* x = v.metric(rule.chooseMetric);
            if (!x || g == Goal::None) continue;
            double y = *b.metric(rule.chooseMetric);
            better = (g == Goal::Max ? *x > y : *x < y) || (*x == y && newerThan(v, b));
        }
        if (better) best = static_cast<int>(i);
    }
    return best;
}

RuleEvaluation evaluateRule(const Rule& rule, const std::string& model, const std::vector<VersionFacts>& versions,
                            const VersionFacts* reference, const VersionFacts* holder, const GoalOf& goalOf) {
    RuleEvaluation e;
    e.rule = rule.name;
    e.model = model;
    e.alias = rule.alias;
    if (holder) e.holder = holder->label;
    if (reference) e.reference = reference->label;
    std::vector<const VersionFacts*> chosenFrom;
    std::vector<PreparedCompare> compares = prepareCompares(rule, reference, goalOf);
    for (const VersionFacts& v : versions) {
        if (!isCandidate(rule, v, reference, holder)) continue;
        e.candidates.push_back(checkPrepared(rule, v, reference, compares));
        chosenFrom.push_back(&v);
    }
    e.chosen = chooseCandidate(rule, chosenFrom, e.candidates, goalOf);
    if (e.candidates.empty())
        e.note = rule.candidates == CandidateKind::Alias ? "no version holds " + rule.candidateAlias
                 : rule.candidates == CandidateKind::Newer && reference ? "no version is newer than " + reference->label
                                                                        : "no candidate";
    else if (e.chosen < 0)
        e.note = "no candidate passes";
    else
        e.note = e.to() + " takes " + rule.alias + (e.holder.empty() ? "" : " from " + e.holder);
    return e;
}

Value outcomesToJson(const std::vector<Outcome>& outcomes) {
    Value list = Value::makeArray();
    for (const Outcome& o : outcomes) {
        Value x = Value::makeObject();
        x.set("kind", Value::makeString(o.kind));
        x.set("condition", Value::makeString(o.condition));
        x.set("passed", Value::makeBool(o.passed));
        if (o.skipped) x.set("skipped", Value::makeBool(true));
        x.set("value", o.value.empty() ? Value() : Value::makeString(o.value));
        if (o.kind != "require") x.set("holder", o.holder.empty() ? Value() : Value::makeString(o.holder));
        if (!o.note.empty()) x.set("note", Value::makeString(o.note));
        list.push(std::move(x));
    }
    return list;
}

}  // namespace mvr::core
