// mvr rules (add, list, show, remove, check, apply), mvr alias --history, mvr show --at, --author and
// $MVR_AUTHOR, and the rules that run after import and create unless --no-rules: run in-process.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "run_cli.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::test::CliResult;
using mvr::test::runCli;
using mvr::test::TempPath;

namespace {

struct Cli {
    TempPath db{"cli-rules.db"};
    TempPath file{"cli-rules.json"};
    TempPath rule{"cli-rules.rule"};
    CliResult run(std::vector<std::string> args, const std::string& in = "") {
        args.insert(args.begin(), {"--db", db.str()});
        CliResult r = runCli(args, in);
        INFO("mvr " << args[2] << ": " << r.out << r.err);
        return r;
    }
    CliResult addRule(const std::string& text, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"rules", "add", "-"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args, text);
    }
    CliResult importText(const std::string& text, std::vector<std::string> extra = {}) {
        REQUIRE(mvr::test::writeText(file.str(), text));
        std::vector<std::string> args = {"import", file.str()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
};

std::string version(int label, double auc, char digest, const std::string& extra = "") {
    return "{\"model\":\"fraud\",\"version\":" + std::to_string(label) + ",\"created_on\":\"2024-0" + std::to_string(label) +
           "-01T00:00:00Z\",\"metrics\":{\"auc\":{\"value\":" + std::to_string(auc) +
           ",\"goal\":\"max\"},\"rows\":100},\"datasets\":[{\"name\":\"validation\",\"digest\":{\"sha256\":\"" +
           std::string(64, digest) + "\"}}]" + extra + "}";
}

const char* kPromote =
    "rule: promote\nalias: production\nmodels: fraud\ncandidates: alias staging\n"
    "compare: metrics.auc better by 0.01\nsame: datasets.validation.digest\n";

}  // namespace

TEST_CASE("cli rules: add, list, show, remove; errors located, warnings told") {
    Cli c;
    REQUIRE(c.importText("[" + version(1, 0.9, 'a', ",\"aliases\":[\"production\"]") + "]").code == 0);
    CliResult added = c.addRule(kPromote, {"--author", "ana"});
    CHECK(added.code == 0);
    CHECK(added.out == "added rule promote: assigns production on fraud\n");
    CHECK(added.err.find("<stdin>:1:1: warning: candidates: no model this rule applies to has the alias \"staging\"") !=
          std::string::npos);

    CliResult syntax = c.addRule("rule: x\nalias: production\nmodels: churn\nrequire: metrics.auc >> 1\n");
    CHECK(syntax.code == 1);
    CHECK(syntax.err.find("<stdin>:4:10: error: require: metric auc compares with a number") != std::string::npos);
    CHECK(syntax.err.find("the rule was not added") != std::string::npos);

    CliResult noGoal = c.addRule("rule: x\nalias: champion\nmodels: fraud\ncompare: metrics.rows better\n");
    CHECK(noGoal.code == 1);
    CHECK(noGoal.err.find("<stdin>:4:10: error: metrics.rows has no goal") != std::string::npos);

    CliResult overlap = c.addRule("rule: other\nalias: production\nmodels: fr*\n");
    CHECK(overlap.code == 1);
    CHECK(overlap.err.find("would both move \"production\"") != std::string::npos);

    CHECK(c.addRule(kPromote).code == 1);  // exists: --replace changes it
    CHECK(c.addRule(std::string(kPromote) + "choose: newest\n", {"--replace", "--author", "bo"}).out.find("changed rule promote") == 0);

    CliResult list = c.run({"rules", "list"});
    CHECK(list.out.find("RULE") == 0);
    CHECK(list.out.find("promote  production  fraud   alias staging") != std::string::npos);
    CliResult show = c.run({"rules", "show", "promote"});
    CHECK(show.out.find(std::string(kPromote) + "choose: newest\n\nchanges:\n") == 0);
    CHECK(show.out.find("add by ana") != std::string::npos);
    CHECK(show.out.find("change by bo") != std::string::npos);
    CHECK(c.run({"rules", "remove", "promote"}).code == 0);
    CHECK(c.run({"rules", "remove", "promote"}).code == 1);
    CHECK(c.run({"rules", "list"}).out.find("no rules") == 0);
    CHECK(c.run({"rules", "bogus"}).code == 2);
}

TEST_CASE("cli rules: check as a dry run and as a CI gate, then apply") {
    Cli c;
    REQUIRE(c.importText("[" + version(1, 0.90, 'a', ",\"aliases\":[\"production\"]") + "," +
                         version(2, 0.95, 'a', ",\"aliases\":[\"staging\"]") + "," + version(3, 0.99, 'b') + "]")
                .code == 0);
    REQUIRE(c.addRule(kPromote).code == 0);
    CliResult dry = c.run({"rules", "check"});
    CHECK(dry.code == 0);
    CHECK(dry.out.find("rule promote on fraud: production held by fraud@1\n  fraud@2  passes (chosen)\n") == 0);
    CHECK(dry.out.find("ok    metrics.auc better by 0.01: 0.95 vs 0.9  (+0.05 (higher is better), needs at least +0.01)") !=
          std::string::npos);
    CHECK(dry.out.find("would move: 2 takes production from 1") != std::string::npos);

    // The gate: 2 passes (exit 0); 3 is measured on other data and is not staged (exit 1, failing conditions shown).
    CliResult pass = c.run({"rules", "check", "fraud@staging", "--rule", "promote"});
    CHECK(pass.code == 0);
    CHECK(pass.out.find("fraud@2 passes every rule") != std::string::npos);
    CliResult fail = c.run({"rules", "check", "fraud@3"});
    CHECK(fail.code == 1);
    CHECK(fail.out.find("rule promote: fraud@3 does not pass") == 0);
    CHECK(fail.out.find("FAIL  candidates: alias staging  (3 does not hold staging)") != std::string::npos);
    CHECK(fail.out.find("FAIL  datasets.validation.digest: sha256:bbbb") != std::string::npos);
    CHECK(fail.out.find("metrics.auc better") == std::string::npos);  // passing conditions are not listed
    CliResult json = c.run({"--json", "rules", "check", "fraud@3"});
    CHECK(json.code == 1);
    core::Value v = mvr::test::json(json.out);
    CHECK_FALSE(mvr::test::at(v, "passed").boolean);
    CHECK(c.run({"rules", "check", "fraud@9"}).code == 1);
    CHECK(c.run({"rules", "check", "nope@1"}).code == 1);
    CHECK(c.run({"rules", "check", "--rule", "nope"}).code == 1);

    CliResult apply = c.run({"rules", "apply", "--author", "ci"});
    CHECK(apply.code == 0);
    CHECK(apply.out.find("production → fraud@2 (was 1) by rule promote\n") == 0);
    CHECK(c.run({"rules", "apply"}).out == "no alias moved\n");
    CliResult history = c.run({"alias", "--history", "fraud", "production"});
    CHECK(history.out.find("WHEN") == 0);
    CHECK(history.out.find("production  1     2   ci ") != std::string::npos);
    CHECK(history.out.find("rule promote\n") != std::string::npos);
    CliResult hj = c.run({"--json", "alias", "--history", "fraud"});
    core::Value h = mvr::test::json(hj.out);
    REQUIRE(h.items.size() == 3);
    CHECK(mvr::test::at(h.items[2], "rule").text == "promote");
    CHECK(mvr::test::at(mvr::test::at(h.items[2], "detail"), "compared_with").text == "1");
    CHECK(c.run({"alias", "--history", "nope"}).code == 1);
}

TEST_CASE("cli rules: run after import and create unless --no-rules; --author and MVR_AUTHOR recorded") {
    Cli c;
    REQUIRE(c.importText("[" + version(1, 0.90, 'a', ",\"aliases\":[\"production\"]") + "]").code == 0);
    REQUIRE(c.addRule("rule: stage\nalias: staging\nmodels: fraud\nrequire: metrics.auc >= 0.92\n").code == 0);
    CliResult quiet = c.importText("[" + version(2, 0.95, 'a') + "]", {"--no-rules"});
    CHECK(quiet.out.find("rules moved") == std::string::npos);
    CliResult moved = c.importText("[" + version(3, 0.96, 'a') + "]", {"--author", "ana"});
    CHECK(moved.out.find("rules moved 1 alias:\nstaging → fraud@3 by rule stage\n") != std::string::npos);
    CliResult created = c.run({"create", "fraud", "--metric", "auc=0.97:max"});
    CHECK(created.out.find("rules moved 1 alias:\nstaging → fraud@4 (was 3) by rule stage\n") != std::string::npos);
    CHECK(c.run({"create", "fraud", "--metric", "auc=0.98:max", "--no-rules"}).out.find("rules moved") == std::string::npos);
    // By hand, with MVR_AUTHOR.
    std::istringstream in;
    std::ostringstream out, err;
    mvr::cli::Env env{in, out, err, c.db.str(), false, "dana"};
    CHECK(mvr::cli::run({"alias", "fraud@1", "champion"}, env) == 0);
    core::Value h = mvr::test::json(c.run({"--json", "alias", "--history", "fraud"}).out);
    std::vector<std::string> seen;
    for (const core::Value& m : h.items)
        seen.push_back(mvr::test::at(m, "alias").text + ":" + mvr::test::at(m, "author").text + ":" + mvr::test::at(m, "source").text);
    CHECK(seen == std::vector<std::string>{"production:" + c.file.str() + ":import", "staging:ana:rule", "staging:mvr rules:rule",
                                           "champion:dana:hand"});
}

TEST_CASE("cli show --at: who held an alias then") {
    Cli c;
    REQUIRE(c.importText("[" + version(1, 0.90, 'a') + "," + version(2, 0.95, 'a') + "]").code == 0);
    REQUIRE(c.run({"alias", "fraud@1", "production"}).code == 0);
    CliResult now = c.run({"show", "fraud@production", "--at", "2999-01-01"});
    CHECK(now.code == 0);
    CHECK(now.out.find("fraud@production at 2999-01-01 was fraud@1\n\nfraud@1\n") == 0);
    CHECK(c.run({"show", "fraud@production", "--at", "2000-01-01"}).code == 1);
    CHECK(c.run({"show", "fraud@production", "--at", "yesterday"}).code == 2);
    CHECK(c.run({"show", "fraud@production", "--at", "2999-01-01T00:00:00Z"}).code == 0);
}
