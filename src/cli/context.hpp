// Inside the mvr command: the context every command runs in (streams, registry path, --json), the helpers
// several commands share (MODEL@VERSION references), and each command's entry (one cmd_*.cpp file each).
#pragma once

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/manifest.hpp"
#include "ops/rules.hpp"
#include "ops/trend.hpp"
#include "storage/registry.hpp"

namespace mvr::cli {

struct Ctx {
    Env& env;
    std::string db;
    bool json = false;

    // The message on stderr; kFailed.
    int fail(const std::string& msg);
    // The message and a pointer to --help on stderr; kUsage.
    int usage(const std::string& msg);
    // Who this command's alias moves and rule changes are recorded as made by: --author, else $MVR_AUTHOR.
    std::string author(const Args& a) const { return a.value("--author", env.authorFromEnv); }
    // Output for scripts (printJson in output.hpp: invalid UTF-8 is written as \xNN).
    void printJson(core::Value v) { cli::printJson(env.out, std::move(v)); }
};

// "MODEL@VERSION" split at its last '@'; false when either part is empty or there is no '@'.
bool splitRef(const std::string& ref, std::string& model, std::string& label);
// Loads the version ref names (MODEL@VERSION, or a bare VERSION of defaultModel when that is not empty). False
// with code set (a usage error or a failure, already reported) when it is malformed or not in the registry.
bool loadRef(Ctx& c, storage::Registry& r, const std::string& ref, const std::string& defaultModel, core::Manifest& m,
             int& code);

// MODEL METRIC... and --x of mvr trend and mvr plot (cmd_trend.cpp) loaded into t. False with code set (a usage
// error or a failure, already reported) when they do not name a model and metrics of it.
bool loadTrendArgs(Ctx& c, const Args& a, storage::Registry& r, ops::Trend& t, int& code);

// The commands (cmd_<name>.cpp); import and validate share cmd_import.cpp.
int cmdInit(Ctx& c, const Args& a);
int cmdImport(Ctx& c, const Args& a, bool validateOnly);
int cmdCreate(Ctx& c, const Args& a);
int cmdList(Ctx& c, const Args& a);
int cmdShow(Ctx& c, const Args& a);
int cmdDiff(Ctx& c, const Args& a);
int cmdCompare(Ctx& c, const Args& a);
int cmdAlias(Ctx& c, const Args& a);
int cmdExport(Ctx& c, const Args& a);
int cmdPack(Ctx& c, const Args& a);
int cmdTrend(Ctx& c, const Args& a);
int cmdBest(Ctx& c, const Args& a);
int cmdPlot(Ctx& c, const Args& a);
int cmdRules(Ctx& c, const Args& a);
// cmd_curate.cpp
int cmdDeprecate(Ctx& c, const Args& a);
int cmdEdit(Ctx& c, const Args& a);
int cmdDelete(Ctx& c, const Args& a);
// One curation record as JSON: {"at", "version", "field", "old", "new", "author"} (old and new as the values).
core::Value curationToJson(const storage::CurationChange& x);

// After versions arrived (import, create): applies the registry's rules unless --no-rules; returns what moved,
// which printRulesMoved prints (text), or movesToJson gives (--json).
std::vector<core::RuleEvaluation> applyRulesAfter(Ctx& c, const Args& a, storage::Registry& r);
void printRulesMoved(Ctx& c, const std::vector<core::RuleEvaluation>& moved);
// What moved, for people: "production → fraud@7 (was 5) by rule promote: metrics.auc +0.012 ..."
void printMoves(std::ostream& out, const std::vector<core::RuleEvaluation>& moved);
core::Value movesToJson(const std::vector<core::RuleEvaluation>& moved);

}  // namespace mvr::cli
