// Evaluating a promotion rule (core/rules) over a model's versions: which are candidates, each condition's
// outcome with the values it compared (kept for display and for the alias history), and which candidate
// would take the alias. Plain data in, plain data out: storage supplies the facts, front ends format them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "core/manifest.hpp"
#include "core/rules.hpp"

namespace mvr::core {

// What a rule may read of one version. Metrics and tags come from indexed rows; the manifest only when the
// rule reads params or datasets (Rule::readsDocuments), and then only for the versions that need it.
struct VersionFacts {
    int64_t id = 0;
    std::string label;
    int64_t seq = 0;  // arrival order within the model
    std::string createdOn, author;
    bool deprecated = false;  // never a candidate (docs/manifest.md, curation)
    std::vector<std::string> aliases;
    std::vector<std::pair<std::string, double>> metrics;
    std::vector<std::pair<std::string, std::string>> tags;
    std::shared_ptr<const Manifest> manifest;

    const double* metric(const std::string& name) const;
    const std::string* tag(const std::string& key) const;
    // Everything from a whole manifest (the holder, a version named on the command line).
    static VersionFacts of(std::shared_ptr<const Manifest> m, int64_t id = 0, int64_t seq = 0);
};

struct Outcome {
    std::string kind;       // "require", "compare", "same"
    std::string condition;  // as written in the rule
    bool passed = false;
    bool skipped = false;   // not evaluated (its document was not read: an earlier condition failed)
    std::string value;      // the candidate's value ("" when it has none)
    std::string holder;     // the holder's value, for compare and same
    std::string note;       // why, in words: "+0.012, needs at least +0.005"
};

struct CandidateVerdict {
    int64_t id = 0;
    std::string label;
    bool passed = false;
    std::vector<Outcome> outcomes;
    std::vector<const Outcome*> failed() const;
};

struct RuleEvaluation {
    std::string rule, model, alias;
    std::string holder;     // the version holding the alias now ("" none)
    std::string reference;  // the version compared with (the holder of `against`, else of the alias; "" none)
    std::vector<CandidateVerdict> candidates;
    int chosen = -1;        // index into candidates, -1 when none passes
    std::string note;       // what happened, in words ("no candidate passes", "v7 already holds production")
    bool moves() const { return chosen >= 0 && candidates[static_cast<size_t>(chosen)].label != holder; }
    const std::string& to() const;
};

using GoalOf = std::function<Goal(const std::string& metric)>;

// Whether v is a candidate of the rule (a deprecated version never is), given the reference version (the holder of the compared alias) and the
// holder of the alias it assigns (never a candidate: it holds the alias already).
bool isCandidate(const Rule& rule, const VersionFacts& v, const VersionFacts* reference, const VersionFacts* holder);
// Every condition of the rule on one candidate against the reference version (null: nothing to compare with,
// and comparisons and guards pass with a note saying so).
CandidateVerdict checkCandidate(const Rule& rule, const VersionFacts& candidate, const VersionFacts* reference,
                                const GoalOf& goalOf);
// Which passing verdict the rule chooses (newest, or best by its metric's goal, newest among equals): -1 when
// none passed. versions[i] is the candidate of verdicts[i].
int chooseCandidate(const Rule& rule, const std::vector<const VersionFacts*>& versions,
                    const std::vector<CandidateVerdict>& verdicts, const GoalOf& goalOf);
// The whole rule over one model's versions (arrival order). reference and holder point into versions or are null.
RuleEvaluation evaluateRule(const Rule& rule, const std::string& model, const std::vector<VersionFacts>& versions,
                            const VersionFacts* reference, const VersionFacts* holder, const GoalOf& goalOf);

// The outcomes as JSON, [{"kind","condition","passed","value","holder","note"}...], for the alias history.
Value outcomesToJson(const std::vector<Outcome>& outcomes);

}  // namespace mvr::core
