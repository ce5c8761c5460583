// mvr deprecate, edit and delete (src/cli/cmd_curate.cpp, storage/curation.cpp): exit codes, messages, nothing
// changed on error, the curation log in show and in the export, round trip byte for byte, rules and best leaving
// deprecated versions out.
#include <catch2/catch.hpp>

#include <string>

#include "run_cli.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::test::CliResult;
using mvr::test::runCli;
using mvr::test::TempPath;

namespace {

std::string fileText(const std::string& path) {
    std::string out;
    REQUIRE(mvr::test::readText(path, out));
    return out;
}

struct Cli {
    TempPath db{"cli-curation.db"};
    CliResult run(std::vector<std::string> args, const std::string& in = "") {
        args.insert(args.begin(), {"--db", db.str()});
        CliResult r = runCli(args, in);
        INFO("mvr " << args[2] << ": " << r.out << r.err);
        return r;
    }
};

// m@1 <- m@2 <- m@3 (production), auc rising.
void threeVersions(Cli& c) {
    REQUIRE(c.run({"create", "m", "--metric", "auc=0.9:max", "-d", "first", "--tag", "team=a", "--no-rules"}).code == 0);
    REQUIRE(c.run({"create", "m", "--metric", "auc=0.95:max", "--parent", "1", "--no-rules"}).code == 0);
    REQUIRE(c.run({"create", "m", "--metric", "auc=0.97:max", "--parent", "2", "--alias", "production", "--no-rules"}).code == 0);
}

}  // namespace

TEST_CASE("cli curation: edit changes description and tags in place, recorded, the digest kept") {
    Cli c;
    threeVersions(c);
    std::string before = c.run({"show", "m@1"}).out;
    CliResult e = c.run({"edit", "m@1", "-d", "better words", "--tag", "owner=ana", "--untag", "team", "--author", "bo"});
    REQUIRE(e.code == 0);
    CHECK(e.out == "m@1  description: \"first\" -> \"better words\"\nm@1  tags.owner: (none) -> \"ana\"\n"
                   "m@1  tags.team: \"a\" -> (none)\n");
    std::string after = c.run({"show", "m@1"}).out;
    CHECK_THAT(after, Catch::Contains("description  better words") && Catch::Contains("tag          owner = ana") &&
                          !Catch::Contains("tag          team") && Catch::Contains("tags.owner: (none) -> \"ana\"  by bo"));
    auto digest = [](const std::string& s) { return s.substr(s.find("digest")); };
    CHECK(digest(after).substr(0, 90) == digest(before).substr(0, 90));
    // Filters see the current tags.
    CHECK(c.run({"list", "m", "--where", "tags.owner = ana"}).out.find("better words") != std::string::npos);
    // Nothing to change; and errors change nothing.
    CHECK(c.run({"edit", "m@1", "-d", "better words"}).out == "nothing changed (the values were so already)\n");
    CliResult missingTag = c.run({"edit", "m@1", "-d", "other", "--untag", "nope"});
    CHECK(missingTag.code == 1);
    CHECK(missingTag.err == "mvr: m@1 has no tag nope (nothing was changed)\n");
    CHECK_THAT(c.run({"show", "m@1"}).out, Catch::Contains("description  better words"));
    CHECK(c.run({"edit", "m@9", "-d", "x"}).err == "mvr: no version m@9\n");
    CHECK(c.run({"edit", "m@1"}).code == 2);
    CliResult json = c.run({"--json", "edit", "m@production", "--tag", "k=v"});
    CHECK(json.code == 0);
    CHECK_THAT(json.out, Catch::Contains("\"version\": \"m@3\"") && Catch::Contains("\"field\": \"tags.k\"") &&
                             Catch::Contains("\"old\": null") && Catch::Contains("\"new\": \"v\""));
}

TEST_CASE("cli curation: deprecate leaves a version out of best and of rules' candidates, --undo takes it back") {
    Cli c;
    threeVersions(c);
    REQUIRE(c.run({"alias", "m@1", "production"}).code == 0);
    REQUIRE(c.run({"rules", "add", "-"}, "rule: p\nalias: production\nmodels: m\ncandidates: all\nchoose: best metrics.auc\n").code == 0);
    CHECK(c.run({"deprecate", "m@3"}).out == "deprecated 1 of 1 version\n");
    CHECK(c.run({"deprecate", "m@3"}).out == "deprecated 0 of 1 version (the others were so already)\n");
    CHECK_THAT(c.run({"show", "m@3"}).out, Catch::StartsWith("m@3  (deprecated)\n"));
    CliResult best = c.run({"best", "m", "--metric", "auc"});
    CHECK_THAT(best.out, Catch::Contains("top 2 of 2 versions") && Catch::Contains("1 deprecated left out"));
    CHECK_THAT(c.run({"best", "m", "--metric", "auc", "--deprecated"}).out, Catch::Contains("top 3 of 3"));
    CliResult gate = c.run({"rules", "check", "m@3"});
    CHECK(gate.code == 1);
    CHECK_THAT(gate.out, Catch::Contains("3 is deprecated"));
    CliResult apply = c.run({"rules", "apply"});
    CHECK_THAT(apply.out, Catch::Contains("m@2"));
    CHECK(c.run({"deprecate", "m@3", "--undo"}).out == "undeprecated 1 of 1 version\n");
    CHECK(c.run({"rules", "check", "m@3"}).code == 0);
    CHECK(c.run({"deprecate", "nope@1"}).err == "mvr: no model \"nope\"\n");
    CHECK(c.run({"deprecate", "m"}).code == 2);
}

TEST_CASE("cli curation: delete refuses an alias holder and, without --force, a parent; one transaction") {
    Cli c;
    threeVersions(c);
    CliResult held = c.run({"delete", "m@1", "m@3"});
    CHECK(held.code == 1);
    CHECK(held.err ==
          "mvr: m@3 holds production: move or remove the alias first (mvr alias m production OTHER_VERSION, or mvr alias "
          "--delete m production)\nm@1 is the parent of m@2: with --force it is deleted and m@2 keeps its parent link as a "
          "dangling reference\nnothing was deleted\n");
    CHECK_THAT(c.run({"list", "m"}).out, Catch::Contains("3 versions") || Catch::Contains("\n3 "));
    CHECK(c.run({"delete", "m@2"}).code == 1);
    // A parent deleted with its child needs no force.
    CHECK(c.run({"alias", "--delete", "m", "production"}).code == 0);
    CliResult both = c.run({"--json", "delete", "m@2", "m@3"});
    CHECK(both.code == 0);
    CHECK_THAT(both.out, Catch::Contains("\"m@2\"") && Catch::Contains("\"dangling_parents\": []"));
    // A deleted version's number is not given again, nor can it be typed.
    CliResult again = c.run({"create", "m", "--label", "3", "--no-rules"});
    CHECK(again.code == 1);
    CHECK_THAT(again.err, Catch::Contains("mvr create: version: m@3 was deleted (") && Catch::Contains("leave it empty for 4"));
    CHECK_THAT(c.run({"show", "m@3"}).err, Catch::Contains("m@3 was deleted ("));
    REQUIRE(c.run({"create", "m", "--metric", "auc=0.99:max", "--parent", "1", "--no-rules"}).out.rfind("created m@4 (", 0) == 0);
    CliResult forced = c.run({"delete", "m@1", "--force", "--author", "ana"});
    CHECK(forced.code == 0);
    CHECK(forced.out == "deleted m@1\n  m@4 keeps its parent m@1 as a dangling reference\n");
    CHECK_THAT(c.run({"show", "m@4"}).out, Catch::Contains("parent       1  (not in the registry: a dangling reference)"));
    // Each deletion is in the log, with who and which content, and the export carries it: the round trip keeps it.
    TempPath out1("del-1.json"), out2("del-2.json");
    REQUIRE(c.run({"export", "-o", out1.str()}).code == 0);
    std::string text = fileText(out1.str());
    CHECK_THAT(text, Catch::Contains("\"field\":\"deleted\""));
    CHECK_THAT(text, Catch::Contains("\"version\":\"1\",\"field\":\"deleted\",\"author\":\"ana\",\"old\":\"") &&
                         Catch::Contains("\"new\":null"));
    size_t deletions = 0;
    for (size_t at = text.find("\"deleted\""); at != std::string::npos; at = text.find("\"deleted\"", at + 1)) ++deletions;
    CHECK(deletions == 3);
    Cli other;
    REQUIRE(other.run({"import", out1.str()}).code == 0);
    REQUIRE(other.run({"export", "-o", out2.str()}).code == 0);
    CHECK(fileText(out2.str()) == text);
    // An import never deletes: a file with the deleted version brings it back, the record stays.
    CHECK(other.run({"import", "-"}, "{\"model\":\"m\",\"version\":1}").code == 0);
    CHECK(other.run({"show", "m@1"}).code == 0);
}

TEST_CASE("cli curation: the export carries the curation log; import then export is byte-identical") {
    Cli c;
    threeVersions(c);
    REQUIRE(c.run({"edit", "m@2", "-d", "edited", "--author", "ana"}).code == 0);
    REQUIRE(c.run({"deprecate", "m@1"}).code == 0);
    TempPath out1("cur-1.json"), out2("cur-2.json");
    REQUIRE(c.run({"export", "-o", out1.str()}).code == 0);
    std::string text = fileText(out1.str());
    CHECK_THAT(text, Catch::Contains("\"curation\":[\n{\"at\":") &&
                         Catch::Contains("\"field\":\"description\",\"author\":\"ana\",\"old\":null,\"new\":\"edited\"}") &&
                         Catch::Contains("\"field\":\"deprecated\",\"author\":\"\",\"old\":false,\"new\":true}"));
    Cli d;
    REQUIRE(d.run({"import", out1.str(), "--no-rules"}).code == 0);
    CHECK_THAT(d.run({"show", "m@2"}).out, Catch::Contains("description  edited"));
    CHECK_THAT(d.run({"show", "m@1"}).out, Catch::StartsWith("m@1  (deprecated)"));
    REQUIRE(d.run({"export", "-o", out2.str()}).code == 0);
    CHECK(fileText(out2.str()) == text);
    // Importing it again adds nothing.
    REQUIRE(d.run({"import", out1.str(), "--no-rules"}).code == 0);
    CHECK(d.run({"export"}).out == text);
    // A bad record is located and imports nothing.
    std::string bad = text;
    bad.replace(bad.find("\"field\":\"deprecated\""), 20, "\"field\":\"colour\"");
    TempPath badFile("cur-bad.json");
    REQUIRE(mvr::test::writeText(badFile.str(), bad));
    Cli e;
    CliResult r = e.run({"import", badFile.str()});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("curation[1]") && Catch::Contains("a curation field is description, tags.NAME, deprecated or deleted"));
}
