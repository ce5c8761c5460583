// Running the registry's promotion rules, for every front end: a dry run (each rule on each model it applies to,
// every candidate with its conditions' outcomes), or applying them (each move one transaction with its history
// record, naming the rule and the values it compared).
#pragma once

#include <string>
#include <vector>

#include "core/rule_eval.hpp"
#include "storage/registry.hpp"

namespace mvr::ops {

struct RuleScope {
    std::string rule;   // only this rule ("": all)
    std::string model;  // only this model ("": every model a rule applies to)
    std::string label;  // with model: only this version, checked whether or not it is a candidate
};

// Every stored rule in scope, parsed; StorageError when a stored rule does not parse (a damaged registry).
std::vector<core::Rule> storedRules(storage::Registry& r, const std::string& only = "");

// One rule on one model. With label, that version is the one candidate, and when the rule would not consider it
// its verdict says why (an outcome of kind "candidate" that fails).
core::RuleEvaluation evaluateRuleOn(storage::Registry& r, const core::Rule& rule, const std::string& model,
                                    const std::string& label = "");

// The dry run: every rule in scope on every model in scope, by rule name then model name.
std::vector<core::RuleEvaluation> checkRules(storage::Registry& r, const RuleScope& scope = {});

// Applies the rules in scope: evaluates, moves what they choose (recorded as by author, source "rule"), and goes
// again while something moved (a rule promoting from staging sees what another rule staged), at most once more
// than there are rules. Returns the evaluations that moved an alias, in the order they moved.
std::vector<core::RuleEvaluation> applyRules(storage::Registry& r, const std::string& author, const RuleScope& scope = {});

// The detail recorded with a rule's move: the rule, the holder it was compared with and the chosen candidate's
// outcomes, as canonical JSON.
std::string moveDetail(const core::RuleEvaluation& e);

}  // namespace mvr::ops
