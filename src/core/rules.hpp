// Promotion rules (docs/rules.md): which version of a model may hold an alias, written as a few
// "keyword: value" lines and parsed here (no eval). Conditions are the filter language's (core/filter), plus
// comparisons with the alias's current holder by each metric's goal, guards and a choice among candidates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/filter.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

// Where a piece of a rule was written: 1-based line and column (bytes) in the rule's text, and the text.
struct RulePlace {
    uint32_t line = 0, col = 0;
    std::string text;
};

enum class CandidateKind { All, Newer, Alias };  // every version; created after the holder; holding an alias
enum class CompareKind { Better, NotWorse, Within };
enum class ChooseKind { Newest, Best };

struct RuleRequire {  // require: an absolute condition (metrics.auc >= 0.93)
    RulePlace place;
    Condition cond;
};

struct RuleCompare {  // compare: a metric against the holder's, in the direction of its goal
    RulePlace place;
    std::string metric;
    CompareKind kind = CompareKind::Better;
    double margin = 0;      // better by / within: the amount (a fraction when relative: 2% is 0.02)
    bool relative = false;
};

struct RuleGuard {  // same: a field equal to the holder's (datasets.validation.digest)
    RulePlace place;
    Condition field;  // field, key and sub only
};

struct Rule {
    std::string name;
    std::string alias;                // the alias it assigns
    std::string against;              // whose holder the candidates are compared with ("": alias)
    std::vector<std::string> models;  // names or globs (* and ?)
    CandidateKind candidates = CandidateKind::Newer;
    std::string candidateAlias;       // CandidateKind::Alias
    std::vector<RuleRequire> requires;
    std::vector<RuleCompare> compares;
    std::vector<RuleGuard> guards;
    ChooseKind choose = ChooseKind::Newest;
    std::string chooseMetric;         // ChooseKind::Best
    RulePlace choosePlace;
    std::string text;                 // the rule as written

    const std::string& holderAlias() const { return against.empty() ? alias : against; }
    bool appliesTo(const std::string& model) const;
    // Whether conditions read a version's document (params, datasets): the rest comes from indexed rows.
    bool readsDocuments() const;
    // Metric names and tag keys the rule reads, each once.
    std::vector<std::string> metrics() const;
    std::vector<std::string> tags() const;
};

// Parses a rule. Problems (code "rule", with line and column in the text; file and path left for the caller)
// go to problems; false when there was any.
bool parseRule(const std::string& text, Rule& out, std::vector<Diagnostic>& problems);

// Glob patterns of model names: '*' any run of characters, '?' one character, everything else itself.
bool globMatch(const std::string& pattern, const std::string& text);
// Whether some name matches both patterns.
bool globsOverlap(const std::string& a, const std::string& b);
// Why a and b may not both exist ("" when they may): they move the same alias on models both apply to.
std::string rulesConflict(const Rule& a, const Rule& b);

// What the registry knows of one model a rule applies to, for the checks when the rule is defined.
struct KnownModel {
    std::string name;
    std::vector<std::pair<std::string, Goal>> metrics;  // every metric name with its goal (None: no goal)
    std::vector<std::string> aliases;
};
// Warnings (code "rule-warning": no model matches, a metric or alias no matched model has) and errors
// (code "rule": a metric compared or chosen by whose goal no version states) of rule against what is known.
// Returns false when there was an error.
bool checkRuleAgainst(const Rule& rule, const std::vector<KnownModel>& known, std::vector<Diagnostic>& problems);

}  // namespace mvr::core
