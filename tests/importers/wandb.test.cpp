// Weights & Biases: the real artifact manifest (base64 MD5 digests become hex md5, sizes kept), run summaries
// (numbers become metrics, media and W&B's own keys are kept), both together as one version, and malformed files.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using mvr::test::at;
using mvr::test::has;

namespace {

const std::string kSummary = R"({
  "train/loss": 0.3127,
  "eval": {"accuracy": 0.912, "f1": 0.88},
  "best_epoch": 7,
  "finished": true,
  "notes": "tuned",
  "roc": {"_type": "table-file", "path": "media/table/roc_1.table.json", "sha256": "ab12"},
  "_runtime": 532.4,
  "_step": 1200,
  "_timestamp": 1700000000.5,
  "_wandb": {"runtime": 532}
})";

importers::Result run(std::vector<importers::SourceFile> files, const std::string& model = "") {
    importers::Options opt;
    opt.model = model;
    return importers::importFiles(files, opt);
}

}  // namespace

TEST_CASE("wandb: the real artifact manifest: hex md5 from base64, size, the rest kept") {
    importers::Result r = run({mvr::test::fixtureFile("wandb/wandb_manifest.json")});
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    CHECK(r.versions[0].numbered);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "wandb-artifact");
    REQUIRE(at(doc, {"artifacts"}).items.size() == 1);
    const core::Value& a = at(doc, {"artifacts", 0});
    CHECK(at(a, {"path"}).text == "roc_curve_table.table.json");
    CHECK(at(a, {"digest", "md5"}).text == "ee8c3f7db5d5d0f4abf64b05fee09bec");  // base64 "7ow/fbXV0PSr9ksF/uCb7A=="
    CHECK(at(a, {"size"}).text == "566");
    CHECK(at(a, {"birthArtifactID"}).text == "QXJ0aWZhY3Q6NTY1Njg4ODg0");
    CHECK(at(doc, {"x_source", "format"}).text == "wandb");
    CHECK(at(doc, {"x_source", "file"}).text == "wandb_manifest.json");
    CHECK(at(doc, {"x_source", "manifest", "storagePolicy"}).text == "wandb-storage-policy-v1");
    CHECK(at(doc, {"x_source", "manifest", "storagePolicyConfig", "storageLayout"}).text == "V2");
    CHECK(at(doc, {"x_source", "manifest", "version"}).text == "1");
    CHECK(at(run({mvr::test::fixtureFile("wandb/wandb_manifest.json")}, "protein-clf").versions[0].doc, {"model"}).text ==
          "protein-clf");
}

TEST_CASE("wandb: a run summary: numbers are metrics, everything else is kept") {
    importers::Result r = run({mvr::test::textFile("wandb-summary.json", kSummary)});
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "wandb-run");
    const core::Value& m = at(doc, {"metrics"});
    CHECK(m.members.size() == 4);
    CHECK(at(m, {"train/loss"}).text == "0.3127");
    CHECK(at(m, {"eval.accuracy"}).text == "0.912");
    CHECK(at(m, {"eval.f1"}).text == "0.88");
    CHECK(at(m, {"best_epoch"}).text == "7");
    const core::Value& kept = at(doc, {"x_source", "summary"});
    CHECK(at(kept, {"finished"}).boolean);
    CHECK(at(kept, {"notes"}).text == "tuned");
    CHECK(at(kept, {"roc", "_type"}).text == "table-file");
    CHECK(at(kept, {"_runtime"}).text == "532.4");
    CHECK(at(kept, {"_wandb", "runtime"}).text == "532");
    CHECK_FALSE(has(doc, "artifacts"));
}

TEST_CASE("wandb: a manifest and a summary together are one version") {
    importers::Result r = run({mvr::test::fixtureFile("wandb/wandb_manifest.json"), mvr::test::textFile("wandb-summary.json", kSummary)});
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"metrics", "eval.f1"}).text == "0.88");
    CHECK(at(doc, {"artifacts", 0, "digest", "md5"}).text == "ee8c3f7db5d5d0f4abf64b05fee09bec");
    CHECK(at(doc, {"x_source", "files", 0}).text == "wandb_manifest.json");
    CHECK(at(doc, {"x_source", "files", 1}).text == "wandb-summary.json");
}

TEST_CASE("wandb: reference digests that are no MD5 are kept as W&B wrote them") {
    std::string manifest = R"({"version": 1, "storagePolicy": "wandb-storage-policy-v1", "contents": {
        "s3/data.csv": {"digest": "\"9f86d081884c7d65\"", "ref": "s3://bucket/data.csv", "size": 10},
        "a.bin": {"digest": "1B2M2Y8AsgTpgAmY7PhCfg==", "size": 0}}})";
    importers::Result r = run({mvr::test::textFile("wandb_manifest.json", manifest)});
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"artifacts", 0, "digest", "wandb"}).text == "\"9f86d081884c7d65\"");
    CHECK(at(doc, {"artifacts", 0, "ref"}).text == "s3://bucket/data.csv");
    CHECK(at(doc, {"artifacts", 1, "digest", "md5"}).text == "d41d8cd98f00b204e9800998ecf8427e");  // MD5 of nothing
}

TEST_CASE("wandb: malformed files give clear problems and nothing") {
    struct Case {
        std::string name, text, code, path;
        uint32_t line;
    };
    std::vector<Case> cases = {
        {"wandb_manifest.json", R"({"version": 1, "storagePolicy": "x", "contents": []})", "type", "contents", 1},
        {"wandb_manifest.json", "{\"version\": 1, \"storagePolicy\": \"x\", \"contents\": {\"a\": 5}}", "type", "contents.a", 1},
        {"wandb_manifest.json", "{\"version\": 1, \"storagePolicy\": \"x\", \"contents\": {\"a\": {\"digest\": 5}}}", "type",
         "contents.a.digest", 1},
        {"wandb_manifest.json", "{\"version\": 1, \"storagePolicy\": \"x\",\n \"contents\": {\"a\": {\"digest\": \"x\", \"size\": -4}}}",
         "type", "artifacts[0].size", 2},
        {"wandb-summary.json", "{\"loss\": NaN}", "nan", "loss", 1},
        {"wandb-summary.json", "[1, 2]", "type", "", 1},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        importers::SourceFile f = mvr::test::textFile(c.name, c.text);
        f.role = c.name == "wandb-summary.json" ? importers::Role::WandbSummary : importers::Role::WandbManifest;
        importers::Result r = run({f});
        INFO(mvr::test::allDiagnostics(r));
        CHECK(r.versions.empty());
        REQUIRE_FALSE(r.problems.empty());
        CHECK(r.problems[0].code == c.code);
        CHECK(r.problems[0].path == c.path);
        CHECK(r.problems[0].line == c.line);
    }
}

TEST_CASE("wandb: summary names that nested keys and a dotted key both give are a problem naming both") {
    std::vector<core::Diagnostic> ds =
        mvr::test::refused({mvr::test::textFile("wandb-summary.json", "{\"_step\": 3, \"eval\": {\"f1\": 0.8}, \"eval.f1\": 0.9}")}, 1);
    mvr::test::checkProblem(ds[0], "duplicate", "[\"eval.f1\"]", 1, 35);
    CHECK(ds[0].message.find("by eval.f1 (line 1, column 23) and by [\"eval.f1\"]") != std::string::npos);
}
