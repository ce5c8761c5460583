#include "ops/rules.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace mvr::ops {

namespace {

// Below this many candidates every candidate's document is read when the rule needs documents; above it only
// the documents of candidates that pass every other condition (the rest show those conditions as not read).
constexpr size_t kReadAllDocuments = 64;

}  // namespace

std::vector<core::Rule> storedRules(storage::Registry& r, const std::string& only) {
    std::vector<core::Rule> out;
    for (const storage::StoredRule& s : r.rules()) {
        if (!only.empty() && s.name != only) continue;
        core::Rule rule;
        std::vector<core::Diagnostic> problems;
        if (!core::parseRule(s.text, rule, problems))
            throw storage::StorageError("stored rule " + s.name + " does not parse (line " + std::to_string(problems[0].line) +
                                        ": " + problems[0].message + ")");
        out.push_back(std::move(rule));
    }
    return out;
}

namespace {

// One rule on one model's versions (as Registry::ruleFacts read them).
core::RuleEvaluation evaluateOn(storage::Registry& r, const core::Rule& rule, const std::string& model,
                                std::vector<core::VersionFacts>& versions, const std::string& label) {
    std::unordered_map<std::string, core::Goal> goals;
    core::GoalOf goalOf = [&](const std::string& metric) {
        auto it = goals.find(metric);
        if (it == goals.end()) it = goals.emplace(metric, r.metricGoal(model, metric)).first;
        return it->second;
    };
    auto holding = [&](const std::string& alias) -> core::VersionFacts* {
        for (core::VersionFacts& v : versions)
            if (std::find(v.aliases.begin(), v.aliases.end(), alias) != v.aliases.end()) return &v;
        return nullptr;
    };
    core::VersionFacts* holder = holding(rule.alias);
    core::VersionFacts* reference = holding(rule.holderAlias());
    bool documents = rule.readsDocuments();
    if (documents && reference) reference->manifest = r.manifestById(reference->id);

    if (!label.empty()) {
        auto it = std::find_if(versions.begin(), versions.end(), [&](const core::VersionFacts& v) { return v.label == label; });
        if (it == versions.end()) throw storage::StorageError("no version " + model + "@" + label);
        if (documents && !it->manifest) it->manifest = r.manifestById(it->id);
        core::RuleEvaluation e;
        e.rule = rule.name;
        e.model = model;
        e.alias = rule.alias;
        if (holder) e.holder = holder->label;
        if (reference) e.reference = reference->label;
        core::CandidateVerdict v = core::checkCandidate(rule, *it, reference, goalOf);
        if (!core::isCandidate(rule, *it, reference, holder)) {
            core::Outcome o;
            o.kind = "candidate";
            o.condition = rule.candidates == core::CandidateKind::Alias ? "candidates: alias " + rule.candidateAlias
                          : rule.candidates == core::CandidateKind::Newer ? "candidates: newer" : "candidates: all";
            o.note = it->deprecated ? label + " is deprecated (mvr deprecate " + model + "@" + label + " --undo)"
                     : holder && holder->label == label ? label + " holds " + rule.alias + " already"
                     : rule.candidates == core::CandidateKind::Alias ? label + " does not hold " + rule.candidateAlias
                                                                     : label + " is not newer than " + e.reference;
            v.outcomes.insert(v.outcomes.begin(), o);
            v.passed = false;
        }
        e.candidates.push_back(std::move(v));
        e.chosen = e.candidates[0].passed ? 0 : -1;
        e.note = e.chosen == 0 ? label + " passes" : label + " does not pass";
        return e;
    }

    core::RuleEvaluation e = core::evaluateRule(rule, model, versions, reference, holder, goalOf);
    if (documents && !e.candidates.empty()) {
        // Read the documents this evaluation needs, then decide again with them.
        std::unordered_map<int64_t, core::VersionFacts*> byId;
        for (core::VersionFacts& v : versions) byId.emplace(v.id, &v);
        std::vector<const core::VersionFacts*> from;
        for (core::CandidateVerdict& c : e.candidates) {
            core::VersionFacts* v = byId.at(c.id);
            from.push_back(v);
            bool hopeful = std::all_of(c.outcomes.begin(), c.outcomes.end(),
                                       [](const core::Outcome& o) { return o.passed || o.skipped; });
            if (e.candidates.size() > kReadAllDocuments && !hopeful) continue;
            v->manifest = r.manifestById(v->id);
            c = core::checkCandidate(rule, *v, reference, goalOf);
        }
        e.chosen = core::chooseCandidate(rule, from, e.candidates, goalOf);
        e.note = e.chosen < 0 ? "no candidate passes"
                              : e.to() + " takes " + rule.alias + (e.holder.empty() ? "" : " from " + e.holder);
    }
    if (e.chosen >= 0 && !e.moves()) e.note = e.to() + " holds " + rule.alias + " already";
    return e;
}

}  // namespace

core::RuleEvaluation evaluateRuleOn(storage::Registry& r, const core::Rule& rule, const std::string& model,
                                    const std::string& label) {
    std::vector<core::VersionFacts> versions = r.ruleFacts(model, rule);
    return evaluateOn(r, rule, model, versions, label);
}

std::vector<core::RuleEvaluation> checkRules(storage::Registry& r, const RuleScope& scope) {
    std::vector<core::RuleEvaluation> out;
    std::vector<core::Rule> rules = storedRules(r, scope.rule);
    if (!scope.rule.empty() && rules.empty()) throw storage::StorageError("no rule named " + scope.rule);
    std::vector<std::string> models;
    if (!scope.model.empty()) {
        if (!r.hasModel(scope.model)) throw storage::StorageError("no model \"" + scope.model + "\"");
        models.push_back(scope.model);
    } else {
        for (const storage::ModelInfo& m : r.models()) models.push_back(m.name);
    }
    for (const core::Rule& rule : rules) {
        std::vector<std::string> applies;
        for (const std::string& model : models)
            if (rule.appliesTo(model)) applies.push_back(model);
        if (applies.empty()) continue;
        // Every model's facts at once: each metric and tag is read once for the rule, not once per model.
        std::vector<std::vector<core::VersionFacts>> facts = r.ruleFacts(applies, rule);
        for (size_t i = 0; i < applies.size(); ++i) out.push_back(evaluateOn(r, rule, applies[i], facts[i], scope.label));
    }
    return out;
}

std::string moveDetail(const core::RuleEvaluation& e) {
    core::Value o = core::Value::makeObject();
    o.set("compared_with", e.reference.empty() ? core::Value() : core::Value::makeString(e.reference));
    o.set("outcomes", core::outcomesToJson(e.candidates[static_cast<size_t>(e.chosen)].outcomes));
    return core::toCanonical(o);
}

std::vector<core::RuleEvaluation> applyRules(storage::Registry& r, const std::string& author, const RuleScope& scope) {
    RuleScope all = scope;
    all.label.clear();
    std::vector<core::RuleEvaluation> moved;
    size_t passes = storedRules(r, scope.rule).size() + 1;
    for (size_t pass = 0; pass < passes; ++pass) {
        bool any = false;
        for (core::RuleEvaluation& e : checkRules(r, all)) {
            if (!e.moves()) continue;
            storage::MoveContext why{author, "rule", e.rule, moveDetail(e)};
            // The version chosen is one of e.model's: the facts were read from that model alone.
            r.setAlias(e.model, e.alias, e.to(), why);
            moved.push_back(std::move(e));
            any = true;
        }
        if (!any) break;
    }
    return moved;
}

}  // namespace mvr::ops
