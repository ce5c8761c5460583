// The mvr command's entry: global options, the usage text, the table of commands (with the options each
// accepts) and what several commands share (Ctx, MODEL@VERSION references). Each command is a cmd_*.cpp file.
#include "cli/commands.hpp"

#include <functional>
#include <map>
#include <ostream>

#include "cli/context.hpp"
#include "core/text.hpp"

namespace mvr::cli {

namespace {

const char* kUsageText = R"(usage: mvr [--db PATH] COMMAND [ARGS]

The registry is an SQLite file: --db PATH, else $MVR_DB, else ./mvr.db.

commands:
  init                                 create the registry file (or check an existing one)
  import [--replace] [--format F] [--model NAME] [--author A] [--no-rules] FILE|DIR|- ...
                                       import manifests, lists or registry exports, and MLflow exports,
                                       DVC projects, Hugging Face model cards, W&B manifests and summaries
                                       (format found from content, or F: mlflow|dvc|huggingface|wandb|mvr;
                                       NAME names the model where the files do not); all or nothing;
                                       then the rules run (unless --no-rules)
  validate [--format F] [--model NAME] FILE|DIR|- ...
                                       check files without importing
  create MODEL [--label L] [-d TEXT] [--params JSON|@FILE] [--metric NAME=VALUE[:max|min]]...
         [--author A] [--parent LABEL|MODEL@LABEL] [--alias NAME]... [--tag KEY=VALUE]... [--no-rules]
                                       add a version of MODEL (the next number unless --label), stamped now;
                                       the parent must exist (then the rules run)
  list [MODEL] [--where EXPR]          models, or the versions of one model
  show MODEL@VERSION [--at TIME]       one version (VERSION may be an alias or "latest"; with --at DATE or
                                       RFC 3339 time, the version the alias pointed at then)
  diff A B [--all] [--markdown]
                                       what differs between two versions (B may be a bare VERSION of A's model)
  compare A B [C ...] [--baseline X] [--all]
                                       N versions against a baseline (the first unless --baseline)
  alias MODEL@VERSION NAME [--author A]
                                       point alias NAME at a version (moving it; recorded in the history)
  alias --delete MODEL NAME            remove an alias
  alias --history MODEL [NAME]         every move of the model's aliases (or of one): when, from, to, by whom,
                                       by which rule and what it compared
  rules add FILE|- [--replace]         add a promotion rule (docs/rules.md), or change one with --replace
  rules list | show NAME | remove NAME the rules, one rule with its changes, removing one
  rules check [MODEL[@VERSION]] [--rule NAME] [--all]
                                       dry run: each rule's candidates, each condition with its values, and
                                       what would move; with MODEL@VERSION exit 0 when it passes, 1 when not
  rules apply [MODEL] [--rule NAME]    move the aliases the rules choose, saying what moved and why
  deprecate MODEL@VERSION... [--undo]  mark versions not to be used (never rule candidates, left out of best);
                                       --undo takes it back; recorded in the curation log
  edit MODEL@VERSION [-d TEXT] [--tag KEY=VALUE]... [--untag KEY]...
                                       change the description and tags in place (recorded: when, who, old, new)
  delete MODEL@VERSION... [--force]    delete versions in one transaction: refused while one holds an alias;
                                       --force when one has children (they keep a dangling parent link)
  (alias, rules, deprecate, edit, delete, import and create record who: --author A, else $MVR_AUTHOR)
  export [MODEL | MODEL@VERSION ...] [-o FILE]
                                       the registry (or a part) as JSON, to stdout or FILE
  pack OUT [--page-size N] [--force]   a read-only copy laid out for range reads, to put on any static host
                                       (N bytes a page, default 4096; checked to export identically; an
                                       existing OUT only with --force)
  trend MODEL METRIC... [--x seq|time] [--csv]
                                       metrics across the versions (in label order, or by creation time),
                                       with the best so far of each metric that has a goal
  best MODEL --metric M [--where EXPR] [--top N] [--max|--min] [--deprecated]
                                       the N best versions by M (default 10) by its goal, or as --max/--min say
                                       (deprecated versions only with --deprecated)
  plot MODEL METRIC... -o FILE.svg [--width W] [--height H] [--x seq|time] [--log]
                                       an SVG chart: a panel per metric, aliases marked, best so far dashed

options for every command: --json (output for scripts), --help
exit codes: 0 ok, 1 invalid input, conflict or failure, 2 usage error
)";

}  // namespace

int Ctx::fail(const std::string& msg) {
    env.err << "mvr: " << core::showInvalidBytes(msg) << "\n";
    return kFailed;
}

int Ctx::usage(const std::string& msg) {
    env.err << "mvr: " << core::showInvalidBytes(msg) << "\n(run 'mvr --help' for usage)\n";
    return kUsage;
}

bool splitRef(const std::string& ref, std::string& model, std::string& label) {
    size_t at = ref.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == ref.size()) return false;
    model = ref.substr(0, at);
    label = ref.substr(at + 1);
    return true;
}

bool loadRef(Ctx& c, storage::Registry& r, const std::string& ref, const std::string& defaultModel, core::Manifest& m,
             int& code) {
    std::string model, label;
    if (!splitRef(ref, model, label)) {
        if (defaultModel.empty() || ref.find('@') != std::string::npos) {
            code = c.usage("expected MODEL@VERSION, got \"" + ref + "\"");
            return false;
        }
        model = defaultModel;
        label = ref;
    }
    if (!r.load(model, label, m)) {
        std::string deleted = r.deletedAt(model, label);
        code = c.fail(!deleted.empty() ? model + "@" + label + " was deleted (" + deleted + ")"
                      : r.hasModel(model) ? "no version \"" + label + "\" of " + model + " (not a label or alias)"
                                          : "no model \"" + model + "\" in " + c.db);
        return false;
    }
    return true;
}

int run(const std::vector<std::string>& argv, Env& env) {
    Ctx c{env, env.dbFromEnv.empty() ? "mvr.db" : env.dbFromEnv};
    // Global options come before the command.
    size_t i = 0;
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--help" || a == "-h") {
            env.out << kUsageText;
            return kOk;
        }
        if (a == "--version") {
            env.out << "mvr 0.1.0\n";
            return kOk;
        }
        if (a == "--json") {
            c.json = true;
        } else if (a == "--db") {
            if (i + 1 >= argv.size()) return c.usage("--db needs a path");
            c.db = argv[++i];
        } else if (a.rfind("--db=", 0) == 0) {
            c.db = a.substr(5);
        } else if (!a.empty() && a[0] == '-') {
            return c.usage("unknown option " + a + " (global options go before the command)");
        } else {
            break;
        }
    }
    if (i >= argv.size()) {
        env.err << kUsageText;
        return kUsage;
    }
    std::string cmd = argv[i];
    std::vector<std::string> rest(argv.begin() + static_cast<long>(i) + 1, argv.end());

    OptionSpec spec;
    spec.flags = {"--json", "--help"};
    using Handler = std::function<int(Ctx&, const Args&)>;
    std::map<std::string, std::pair<OptionSpec, Handler>> commands;
    auto add = [&](const std::string& name, OptionSpec extra, Handler h) {
        extra.flags.insert(spec.flags.begin(), spec.flags.end());
        commands[name] = {extra, h};
    };
    add("init", {}, cmdInit);
    add("import", {{"--replace", "--no-rules"}, {"--format", "--model", "--author"}, {}, {}},
        [](Ctx& cx, const Args& a) { return cmdImport(cx, a, false); });
    add("validate", {{}, {"--format", "--model"}, {}, {}}, [](Ctx& cx, const Args& a) { return cmdImport(cx, a, true); });
    add("create", {{"--no-rules"}, {"--description", "--params", "--author", "--parent", "--label"}, {"--metric", "--tag", "--alias"}, {{"-d", "--description"}}},
        cmdCreate);
    add("list", {{}, {"--where"}, {}, {}}, cmdList);
    add("show", {{}, {"--at"}, {}, {}}, cmdShow);
    add("diff", {{"--all", "--markdown"}, {}, {}, {}}, cmdDiff);
    add("compare", {{"--all"}, {"--baseline"}, {}, {}}, cmdCompare);
    add("alias", {{"--delete", "--history"}, {"--author"}, {}, {}}, cmdAlias);
    add("rules", {{"--replace", "--all"}, {"--rule", "--author"}, {}, {}}, cmdRules);
    add("deprecate", {{"--undo"}, {"--author"}, {}, {}}, cmdDeprecate);
    add("edit", {{}, {"--description", "--author"}, {"--tag", "--untag"}, {{"-d", "--description"}}}, cmdEdit);
    add("delete", {{"--force"}, {"--author"}, {}, {}}, cmdDelete);
    add("export", {{}, {"--output"}, {}, {{"-o", "--output"}}}, cmdExport);
    add("pack", {{"--force"}, {"--page-size"}, {}, {}}, cmdPack);
    add("trend", {{"--csv"}, {"--x"}, {}, {}}, cmdTrend);
    add("best", {{"--max", "--min", "--deprecated"}, {"--metric", "--where", "--top"}, {}, {}}, cmdBest);
    add("plot", {{"--log"}, {"--output", "--width", "--height", "--x"}, {}, {{"-o", "--output"}}}, cmdPlot);

    auto it = commands.find(cmd);
    if (it == commands.end()) return c.usage("unknown command \"" + cmd + "\"");
    Args args;
    std::string err;
    if (!parseArgs(rest, it->second.first, args, err)) return c.usage(cmd + ": " + err);
    if (args.has("--help")) {
        env.out << kUsageText;
        return kOk;
    }
    if (args.has("--json")) c.json = true;
    try {
        return it->second.second(c, args);
    } catch (const storage::StorageError& e) {
        return c.fail(e.what());
    }
}

}  // namespace mvr::cli
