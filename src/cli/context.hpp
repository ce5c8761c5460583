// Inside the mvr command: the context every command runs in (streams, registry path, --json), the helpers
// several commands share (MODEL@VERSION references), and each command's entry (one cmd_*.cpp file each).
#pragma once

#include <string>
#include <utility>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/manifest.hpp"
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
int cmdTrend(Ctx& c, const Args& a);
int cmdBest(Ctx& c, const Args& a);
int cmdPlot(Ctx& c, const Args& a);

}  // namespace mvr::cli
