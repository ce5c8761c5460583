// The exported registry document (docs/registry-format.md): canonical and deterministic, one version per
// line, so the same registry always exports to the same bytes and exports diff well in git.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"

namespace mvr::core {

// What format version 2 adds to the versions: the promotion rules, each with the record of its changes, and the
// alias history.
struct RuleChangeRecord {
    std::string at, author, action, text;  // action add, change or remove (text "" after remove)
};
struct RegistryRule {
    std::string name, text;
    std::vector<RuleChangeRecord> changes;
    std::string path;  // where it sat in its file ("rules[2]"), for messages
    Pos pos;
};
struct HistoryRecord {
    std::string at, model, alias, from, to, author, source, rule;
    std::string detail;  // canonical JSON, "" for none
};
// One change of a version's curation (docs/manifest.md): field "description", "tags.KEY" or "deprecated"; before and
// after as canonical JSON text, "" when absent.
struct CurationRecord {
    std::string at, model, label, field, before, after, author;
};
struct RegistryExtras {
    std::vector<RegistryRule> rules;
    std::vector<HistoryRecord> history;
    std::vector<CurationRecord> curation;
    bool empty() const { return rules.empty() && history.empty() && curation.empty(); }
};

// Checks and reads the "rules", "alias_history" and "curation" members of a registry document's top-level members (doc):
// every rule's text must parse (its problems located in the file, with the line and column inside the rule), no
// name twice, no two rules moving one alias on overlapping models. False when there was a problem.
bool readRegistryExtras(const Value& doc, const std::string& file, Diagnostics& diags, RegistryExtras& out);
// The extras as one JSON value ({"rules":[...],"alias_history":[...]}, each item as exported) and back (for the
// packs of a parse worker; fromJson expects what toJson wrote).
Value extrasToJson(const RegistryExtras& e);
bool extrasFromJson(const Value& v, RegistryExtras& out);
// One rule and one history record as exported: canonical JSON on one line.
std::string ruleJson(const RegistryRule& r);
std::string historyJson(const HistoryRecord& h);
std::string curationJson(const CurationRecord& c);

// {"format":"mvr-registry","format_version":1,"versions":[  (a registry without rules and alias history)
std::string registryHeader();
// {"format":"mvr-registry","format_version":2,"rules":[  then the rules, extrasSeparator(rules, "alias_history"),
// the history records, [extrasSeparator(records, "curation") and the curation records, when there are some,]
// extrasSeparator(records, "versions"), and the versions as in format 1.
std::string registryHeaderWithExtras();
std::string extrasSeparator(size_t itemsBefore, const char* nextMember);
// The separator before the version with this index (",\n" except before the first).
const char* registrySeparator(size_t index);
// \n]}\n  (or ]}\n when there were no versions)
std::string registryFooter(size_t count);

// The manifest as exported: its stored document with "aliases" set to the version's current aliases
// (in place when the document had the field, appended when it did not and there are some).
std::string exportedManifest(const Value& doc, const std::vector<std::string>& aliases);

}  // namespace mvr::core
