// mvr rules: promotion rules (docs/rules.md). add, list, show and remove them; check (a dry run: each rule on each
// model, every candidate's conditions with their values, what would move; with MODEL@VERSION a CI gate, exit 0
// when that version passes and 1 when it does not) and apply (moves the aliases, says what moved and why). Also
// what import and create run after storing (applyRulesAfter).
#include <algorithm>
#include <istream>
#include <iterator>
#include <ostream>

#include "cli/context.hpp"
#include "cli/io.hpp"
#include "core/text.hpp"

namespace mvr::cli {

namespace {

// Candidates printed per rule and model in text (the newest, and the chosen one); --all prints every one.
constexpr size_t kShownCandidates = 20;

const char* candidatesText(const core::Rule& r) {
    return r.candidates == core::CandidateKind::All ? "all" : r.candidates == core::CandidateKind::Newer ? "newer" : "alias";
}

std::string joined(const std::vector<std::string>& list, const char* sep = ", ") {
    std::string out;
    for (const std::string& s : list) out += (out.empty() ? "" : sep) + s;
    return out;
}

core::Value outcomeJson(const core::CandidateVerdict& v) {
    core::Value o = core::Value::makeObject();
    o.set("version", core::Value::makeString(v.label));
    o.set("passed", core::Value::makeBool(v.passed));
    o.set("outcomes", core::outcomesToJson(v.outcomes));
    return o;
}

core::Value evaluationJson(const core::RuleEvaluation& e) {
    core::Value o = core::Value::makeObject();
    auto textOrNull = [](const std::string& s) { return s.empty() ? core::Value() : core::Value::makeString(s); };
    o.set("rule", core::Value::makeString(e.rule));
    o.set("model", core::Value::makeString(e.model));
    o.set("alias", core::Value::makeString(e.alias));
    o.set("holder", textOrNull(e.holder));
    o.set("compared_with", textOrNull(e.reference));
    o.set("moves", core::Value::makeBool(e.moves()));
    o.set("to", textOrNull(e.to()));
    o.set("note", core::Value::makeString(e.note));
    core::Value list = core::Value::makeArray();
    for (const core::CandidateVerdict& v : e.candidates) list.push(outcomeJson(v));
    o.set("candidates", std::move(list));
    return o;
}

void printOutcome(std::ostream& o, const core::Outcome& x) {
    o << "      " << (x.passed ? "ok   " : x.skipped ? "-    " : "FAIL ") << " " << x.condition;
    if (!x.value.empty() || !x.holder.empty())
        o << ": " << (x.value.empty() ? "(none)" : x.value) << (x.kind == "compare" || x.kind == "same" ? " vs " + (x.holder.empty() ? "(none)" : x.holder) : "");
    if (!x.note.empty()) o << "  (" << x.note << ")";
    o << "\n";
}

void printEvaluation(std::ostream& o, const core::RuleEvaluation& e, bool all) {
    o << "rule " << e.rule << " on " << e.model << ": " << e.alias << " held by "
      << (e.holder.empty() ? "no version" : e.model + "@" + e.holder);
    if (e.reference != e.holder) o << ", compared with " << (e.reference.empty() ? "no version" : e.model + "@" + e.reference);
    o << "\n";
    size_t n = e.candidates.size();
    size_t from = all || n <= kShownCandidates ? 0 : n - kShownCandidates;
    if (from > 0) o << "  (" << from << " older candidates not shown; --all shows them)\n";
    for (size_t i = 0; i < n; ++i) {
        bool chosen = static_cast<int>(i) == e.chosen;
        if (i < from && !chosen) continue;
        const core::CandidateVerdict& v = e.candidates[i];
        o << "  " << e.model << "@" << v.label << "  " << (v.passed ? "passes" : "fails") << (chosen ? " (chosen)" : "") << "\n";
        for (const core::Outcome& x : v.outcomes) printOutcome(o, x);
    }
    o << "  " << (e.moves() ? "would move: " : "nothing moves: ") << e.note << "\n";
}

bool readRuleText(Ctx& c, const std::string& file, std::string& text, int& code) {
    std::string err;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(c.env.in), std::istreambuf_iterator<char>());
        return true;
    }
    if (!readFile(file, text, err)) {
        code = c.fail(err);
        return false;
    }
    return true;
}

int rulesAdd(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.positional.size() != 2) return c.usage("rules add needs one FILE (or - for stdin)");
    const std::string& file = a.positional[1];
    std::string text;
    int code = kOk;
    if (!readRuleText(c, file, text, code)) return code;
    core::Rule rule;
    std::vector<core::Diagnostic> problems;
    bool ok = core::parseRule(text, rule, problems);
    if (ok) ok = core::checkRuleAgainst(rule, r.knownModels(), problems);
    std::string shown = file == "-" ? "<stdin>" : file;
    for (core::Diagnostic& d : problems) {
        d.file = shown;
        d.message = (d.code == "rule-warning" ? "warning: " : "error: ") + d.message;
        c.env.err << core::formatDiagnostic(d) << "\n";
    }
    if (!ok) return c.fail("the rule was not added");
    bool existed;
    {
        storage::StoredRule before;
        existed = r.findRule(rule.name, before);
    }
    r.saveRule(text, c.author(a), a.has("--replace"));
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("rule", core::Value::makeString(rule.name));
        o.set("action", core::Value::makeString(existed ? "change" : "add"));
        o.set("warnings", diagnosticsToJson(problems));
        c.printJson(o);
    } else {
        c.env.out << (existed ? "changed" : "added") << " rule " << rule.name << ": assigns " << rule.alias << " on "
                  << joined(rule.models) << "\n";
    }
    return kOk;
}

int rulesList(Ctx& c, storage::Registry& r) {
    std::vector<core::Rule> rules = ops::storedRules(r);
    if (c.json) {
        core::Value list = core::Value::makeArray();
        for (const core::Rule& x : rules) {
            core::Value o = core::Value::makeObject();
            o.set("name", core::Value::makeString(x.name));
            o.set("alias", core::Value::makeString(x.alias));
            core::Value models = core::Value::makeArray();
            for (const std::string& m : x.models) models.push(core::Value::makeString(m));
            o.set("models", std::move(models));
            o.set("text", core::Value::makeString(x.text));
            list.push(std::move(o));
        }
        c.printJson(list);
        return kOk;
    }
    if (rules.empty()) {
        c.env.out << "no rules (mvr rules add FILE adds one; docs/rules.md)\n";
        return kOk;
    }
    std::vector<std::vector<std::string>> rows;
    for (const core::Rule& x : rules)
        rows.push_back({x.name, x.alias, joined(x.models),
                        std::string(candidatesText(x)) + (x.candidates == core::CandidateKind::Alias ? " " + x.candidateAlias : ""),
                        std::to_string(x.requires.size() + x.compares.size() + x.guards.size()),
                        x.choose == core::ChooseKind::Newest ? "newest" : "best " + x.chooseMetric});
    printTable(c.env.out, {"RULE", "ALIAS", "MODELS", "CANDIDATES", "CONDITIONS", "CHOOSE"}, rows);
    return kOk;
}

int rulesShow(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.positional.size() != 2) return c.usage("rules show needs a rule NAME");
    storage::StoredRule s;
    bool found = r.findRule(a.positional[1], s);
    std::vector<storage::RuleChange> changes = r.ruleChanges(a.positional[1]);
    if (!found && changes.empty()) return c.fail("no rule named " + a.positional[1]);
    if (c.json) {
        core::Value o = core::Value::makeObject();
        o.set("name", core::Value::makeString(a.positional[1]));
        o.set("text", found ? core::Value::makeString(s.text) : core::Value());
        core::Value list = core::Value::makeArray();
        for (const storage::RuleChange& x : changes) {
            core::Value ch = core::Value::makeObject();
            ch.set("at", core::Value::makeString(x.at));
            ch.set("author", core::Value::makeString(x.author));
            ch.set("action", core::Value::makeString(x.action));
            list.push(std::move(ch));
        }
        o.set("changes", std::move(list));
        c.printJson(o);
        return kOk;
    }
    if (found) {
        c.env.out << s.text;
        if (!s.text.empty() && s.text.back() != '\n') c.env.out << "\n";
    } else {
        c.env.out << "(rule " << a.positional[1] << " was removed)\n";
    }
    c.env.out << "\nchanges:\n";
    for (const storage::RuleChange& x : changes)
        c.env.out << "  " << x.at << "  " << x.action << (x.author.empty() ? "" : " by " + x.author) << "\n";
    return kOk;
}

int rulesCheck(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.positional.size() > 2) return c.usage("rules check takes at most one MODEL or MODEL@VERSION");
    ops::RuleScope scope;
    scope.rule = a.value("--rule");
    if (a.positional.size() == 2) {
        std::string ref = a.positional[1];
        if (ref.find('@') != std::string::npos) {
            if (!splitRef(ref, scope.model, scope.label)) return c.usage("expected MODEL or MODEL@VERSION, got \"" + ref + "\"");
            std::string label = r.resolveLabel(scope.model, scope.label);
            if (label.empty()) return c.fail("no version " + ref);
            scope.label = label;
        } else {
            scope.model = ref;
        }
    }
    std::vector<core::RuleEvaluation> evals = ops::checkRules(r, scope);
    bool gate = !scope.label.empty();
    bool passed = gate && !evals.empty();
    for (const core::RuleEvaluation& e : evals) passed = passed && e.chosen == 0;
    if (c.json) {
        // The text printJson would write for {"rules": [...], "version", "passed"}, one evaluation at a time: a dry run
        // over 100,000 versions is 90 MB of JSON, and a tree of all of it took 1 GB and most of the time.
        std::string buf = "{\n  \"rules\": ";
        buf += evals.empty() ? "[]" : "[";
        for (size_t i = 0; i < evals.size(); ++i) {
            buf += i ? ",\n    " : "\n    ";
            core::Value v = evaluationJson(evals[i]);
            validText(v);
            core::appendPretty(v, buf, 2, 2);
            if (buf.size() > (1u << 20)) c.env.out << buf, buf.clear();
        }
        if (!evals.empty()) buf += "\n  ]";
        if (gate) {
            buf += ",\n  \"version\": ";
            core::writeString(scope.model + "@" + scope.label, buf);
            buf += passed ? ",\n  \"passed\": true" : ",\n  \"passed\": false";
        }
        c.env.out << buf << "\n}\n";
        return gate && !passed ? kFailed : kOk;
    }
    if (evals.empty()) {
        c.env.out << "no rule applies" << (scope.model.empty() ? "" : " to " + scope.model) << "\n";
        return gate ? kFailed : kOk;
    }
    for (const core::RuleEvaluation& e : evals) {
        if (!gate) {
            printEvaluation(c.env.out, e, a.has("--all"));
            continue;
        }
        const core::CandidateVerdict& v = e.candidates[0];
        c.env.out << "rule " << e.rule << ": " << e.model << "@" << v.label << (v.passed ? " passes" : " does not pass") << " ("
                  << e.alias << " held by " << (e.holder.empty() ? "no version" : e.model + "@" + e.holder) << ")\n";
        for (const core::Outcome& x : v.outcomes)
            if (!x.passed || a.has("--all")) printOutcome(c.env.out, x);
    }
    if (gate) c.env.out << scope.model << "@" << scope.label << (passed ? " passes every rule\n" : " does not pass\n");
    return gate && !passed ? kFailed : kOk;
}

int rulesApply(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.positional.size() > 2) return c.usage("rules apply takes at most one MODEL");
    ops::RuleScope scope;
    scope.rule = a.value("--rule");
    if (a.positional.size() == 2) scope.model = a.positional[1];
    std::string author = c.author(a);
    std::vector<core::RuleEvaluation> moved = ops::applyRules(r, author.empty() ? "mvr rules apply" : author, scope);
    if (c.json) c.printJson(movesToJson(moved));
    else if (moved.empty()) c.env.out << "no alias moved\n";
    else printMoves(c.env.out, moved);
    return kOk;
}

}  // namespace

void printMoves(std::ostream& out, const std::vector<core::RuleEvaluation>& moved) {
    for (const core::RuleEvaluation& e : moved) {
        out << e.alias << " → " << e.model << "@" << e.to() << (e.holder.empty() ? "" : " (was " + e.holder + ")") << " by rule "
            << e.rule << "\n";
        for (const core::Outcome& x : e.candidates[static_cast<size_t>(e.chosen)].outcomes) printOutcome(out, x);
    }
}

core::Value movesToJson(const std::vector<core::RuleEvaluation>& moved) {
    core::Value list = core::Value::makeArray();
    for (const core::RuleEvaluation& e : moved) {
        core::Value o = core::Value::makeObject();
        o.set("rule", core::Value::makeString(e.rule));
        o.set("model", core::Value::makeString(e.model));
        o.set("alias", core::Value::makeString(e.alias));
        o.set("from", e.holder.empty() ? core::Value() : core::Value::makeString(e.holder));
        o.set("to", core::Value::makeString(e.to()));
        o.set("outcomes", core::outcomesToJson(e.candidates[static_cast<size_t>(e.chosen)].outcomes));
        list.push(std::move(o));
    }
    return list;
}

std::vector<core::RuleEvaluation> applyRulesAfter(Ctx& c, const Args& a, storage::Registry& r) {
    if (a.has("--no-rules")) return {};
    std::string author = c.author(a);
    return ops::applyRules(r, author.empty() ? "mvr rules" : author);
}

void printRulesMoved(Ctx& c, const std::vector<core::RuleEvaluation>& moved) {
    if (moved.empty()) return;
    c.env.out << "rules moved " << moved.size() << " alias" << (moved.size() == 1 ? "" : "es") << ":\n";
    printMoves(c.env.out, moved);
}

int cmdRules(Ctx& c, const Args& a) {
    if (a.positional.empty()) return c.usage("rules needs add, list, show, remove, check or apply");
    const std::string& sub = a.positional[0];
    storage::Registry r(c.db);
    if (sub == "add") return rulesAdd(c, a, r);
    if (sub == "list") return a.positional.size() == 1 ? rulesList(c, r) : c.usage("rules list takes no arguments");
    if (sub == "show") return rulesShow(c, a, r);
    if (sub == "remove") {
        if (a.positional.size() != 2) return c.usage("rules remove needs a rule NAME");
        if (!r.removeRule(a.positional[1], c.author(a))) return c.fail("no rule named " + a.positional[1]);
        c.env.out << "removed rule " << a.positional[1] << "\n";
        return kOk;
    }
    if (sub == "check") return rulesCheck(c, a, r);
    if (sub == "apply") return rulesApply(c, a, r);
    return c.usage("unknown rules command \"" + sub + "\" (add, list, show, remove, check or apply)");
}

}  // namespace mvr::cli
