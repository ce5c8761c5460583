// The importers as a whole: every real file of tests/fixtures/real imports by itself (or says why it holds
// no version, or where it is broken), a drop of files of every format at once, and the shared helpers.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "importers/common.hpp"
#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using mvr::test::at;

TEST_CASE("importers: every real fixture file imports by itself") {
    struct Expect {
        size_t versions;
        std::string first;  // model@label of the first version ("" when none; "#" for a numbered one)
        size_t problems = 0;
    };
    const std::string m = "mlflow-export-import/oss_mlflow/";
    const std::map<std::string, Expect> expected = {
        {"dvc-example-get-started/dvc.lock", {1, "dvc-project@#"}},
        {"dvc-example-get-started/dvc.yaml", {1, "text-classification@#"}},
        {"dvc-example-get-started/params.yaml", {1, "dvc-project@#"}},
        {"dvc-example-get-started/eval/live/metrics.json", {0, ""}},
        {"huggingface-hub-cards/sample_no_metadata.md", {1, "MyCoolModel@#"}},
        {"huggingface-hub-cards/sample_simple.md", {1, "my-cool-model@#"}},
        {"huggingface-hub-cards/sample_simple_model_index.md", {1, "my-cool-model@#"}},
        {"wandb/wandb_manifest.json", {1, "wandb-artifact@#"}},
        {m + "bulk/evaluation_datasets/evaluation_datasets_summary.json", {0, ""}},
        {m + "bulk/evaluation_datasets/iris-classification-eval_def456/evaluation_dataset.json", {0, ""}},
        {m + "bulk/evaluation_datasets/wine-quality-eval_abc123/evaluation_dataset.json", {0, ""}},
        {m + "bulk/experiments/1/experiment.json", {0, ""}},
        {m + "bulk/experiments/1/logged_models/logged_models.json", {0, ""}},
        {m + "bulk/experiments/1/runs/d057cae15f27465988e72c6212e1f226/run.json", {1, "mlflow-experiment-1@a83cebbccbca41299360c695c5ea72f3"}},
        // Not JSON (a string without its closing quote, in the real sample): reported, nothing imported.
        {m + "bulk/experiments/2/experiment.json", {0, "", 1}},
        {m + "bulk/experiments/2/logged_models/logged_models.json", {0, ""}},
        {m + "bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json", {1, "sklearn_iris@5397ae67ee0c49139bf64834b4d27fab"}},
        {m + "bulk/experiments/2/runs/8a6af43e756f433da7a90fd6b4e49c3a/run.json", {1, "sklearn_iris@8a6af43e756f433da7a90fd6b4e49c3a"}},
        {m + "bulk/experiments/experiments.json", {0, ""}},
        {m + "bulk/models/experiments/1/d057cae15f27465988e72c6212e1f226/run.json",
         {1, "mlflow-experiment-1@d057cae15f27465988e72c6212e1f226"}},
        {m + "bulk/models/experiments/1/experiment.json", {0, ""}},
        {m + "bulk/models/experiments/2/5397ae67ee0c49139bf64834b4d27fab/run.json",
         {1, "mlflow-experiment-2@5397ae67ee0c49139bf64834b4d27fab"}},
        {m + "bulk/models/experiments/2/8a6af43e756f433da7a90fd6b4e49c3a/run.json",
         {1, "mlflow-experiment-2@5397ae67ee0c49139bf64834b4d27fab"}},
        {m + "bulk/models/experiments/2/experiment.json", {0, ""}},
        {m + "bulk/models/experiments/experiments.json", {0, ""}},
        {m + "bulk/models/manifest.json", {0, ""}},
        {m + "bulk/models/models/models.json", {0, ""}},
        {m + "bulk/models/models/sklearn_iris/model.json", {1, "sklearn_iris@1"}},
        {m + "bulk/models/models/sklearn_wine/model.json", {1, "sklearn_wine@1"}},
        {m + "bulk/prompts/my-greeting-prompt_v1/prompt.json", {1, "my-greeting-prompt@1"}},
        {m + "bulk/prompts/prompts_summary.json", {0, ""}},
        {m + "single/experiments/basic/experiment.json", {0, ""}},
        {m + "single/experiments/basic/logged_models/logged_models.json", {0, ""}},
        {m + "single/experiments/basic/runs/eb66c160957d4a28b11d3f1b968df9cd/run.json",
         {1, "mlflow-experiment-1@eb66c160957d4a28b11d3f1b968df9cd"}},
        {m + "single/experiments/src_tags/experiment.json", {0, ""}},
        {m + "single/experiments/src_tags/logged_models/logged_models.json", {0, ""}},
        {m + "single/experiments/src_tags/runs/4b0ce88fd34e45fc8ca08876127299ce/run.json",
         {1, "mlflow-experiment-1@4b0ce88fd34e45fc8ca08876127299ce"}},
        {m + "single/models/basic/model.json", {3, "sklearn_wine@1"}},
        {m + "single/models/src_tags/model.json", {3, "sklearn_wine@1"}},
    };
    std::vector<std::string> all;
    mvr::test::listFiles(mvr::test::fixturePath(""), "", all);
    size_t checked = 0;
    for (const std::string& rel : all) {
        std::string base = importers::baseName(rel);
        if (base == "SOURCE_COMMIT" || rel == "README.md") continue;  // the fixtures' own notes, not tool files
        INFO(rel);
        auto it = expected.find(rel);
        REQUIRE(it != expected.end());  // a new fixture file needs its line here
        std::vector<importers::SourceFile> files{mvr::test::fixtureFile(rel)};
        importers::Result r = importers::importFiles(files);
        INFO(mvr::test::allDiagnostics(r));
        CHECK(r.problems.size() == it->second.problems);
        REQUIRE(r.versions.size() == it->second.versions);
        // Whatever holds no version says why.
        if (r.versions.empty() && r.problems.empty()) CHECK_FALSE(r.notes.empty());
        if (!r.versions.empty()) {
            const importers::Version& v = r.versions[0];
            std::string id = at(v.doc, {"model"}).text + "@" + (v.numbered ? "#" : at(v.doc, {"version"}).text);
            CHECK(id == it->second.first);
            CHECK(at(v.doc, {"x_source", "format"}).text == importers::formatName(importers::formatOf(files[0].role)));
        }
        ++checked;
    }
    CHECK(checked == expected.size());
}

TEST_CASE("importers: one drop of files of every format (names only) imports each as it should") {
    std::vector<importers::SourceFile> files;
    for (const char* rel : {"mlflow-export-import/oss_mlflow/single/models/basic/model.json", "dvc-example-get-started/dvc.lock",
                            "dvc-example-get-started/params.yaml", "dvc-example-get-started/dvc.yaml",
                            "huggingface-hub-cards/sample_simple_model_index.md", "wandb/wandb_manifest.json"}) {
        files.push_back(mvr::test::textFile(importers::baseName(rel), mvr::test::fixtureText(rel)));
    }
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    std::vector<std::string> ids;
    for (const importers::Version& v : r.versions)
        ids.push_back(at(v.doc, {"model"}).text + (v.numbered ? "" : "@" + at(v.doc, {"version"}).text));
    CHECK(ids == std::vector<std::string>{"sklearn_wine@1", "sklearn_wine@2", "sklearn_wine@3", "text-classification",
                                          "my-cool-model", "wandb-artifact"});
    // The DVC files dropped together are one project.
    const core::Value& dvc = r.versions[3].doc;
    CHECK(at(dvc, {"artifacts"}).items.size() == 4);
    CHECK(at(dvc, {"x_source", "files", 2}).text == "params.yaml");
}

TEST_CASE("importers: timestamps, labels and names") {
    using namespace mvr::importers::detail;
    CHECK(millisToRfc3339(0) == "1970-01-01T00:00:00.000Z");
    CHECK(millisToRfc3339(1684716075276) == "2023-05-22T00:41:15.276Z");
    CHECK(millisToRfc3339(951782400000) == "2000-02-29T00:00:00.000Z");
    std::string out;
    CHECK(millisToRfc3339(core::Value::makeString("1670301535858"), out));
    CHECK(out == "2022-12-06T04:38:55.858Z");
    CHECK_FALSE(millisToRfc3339(core::Value::makeString("2022-12-06"), out));
    CHECK(spaceDateToRfc3339("2022-12-15 02:17:45.173770", out));
    CHECK(out == "2022-12-15T02:17:45.173770Z");
    CHECK(labelValue("3").isNumber());
    CHECK(labelValue("03").isString());
    CHECK(labelValue("v3").isString());
    CHECK(labelValue("1234567890123456789012").isString());
    CHECK(importers::baseName("a/b/run.json") == "run.json");
    CHECK(importers::baseName("dir/") == "dir");
    CHECK(std::string(importers::formatName(importers::Format::Wandb)) == "wandb");
    CHECK(isJsonNumberText("0.91"));
    CHECK_FALSE(isJsonNumberText("0.91%"));
    CHECK_FALSE(isJsonNumberText(".5"));
}

TEST_CASE("importers: cut and garbled real files never crash, and any problem means the import stores nothing") {
    std::vector<std::string> all;
    mvr::test::listFiles(mvr::test::fixturePath(""), "", all);
    size_t withProblems = 0, runs = 0;
    for (const std::string& rel : all) {
        if (rel == "README.md" || rel.find("SOURCE_COMMIT") != std::string::npos) continue;
        std::string text = mvr::test::fixtureText(rel);
        std::vector<std::string> variants;
        for (size_t cut : {size_t(1), text.size() / 3, text.size() / 2, text.size() - 1})
            if (cut < text.size()) variants.push_back(text.substr(0, cut));
        std::string swapped = text;
        for (size_t i = 7; i < swapped.size(); i += 97) swapped[i] = "\"{}[]:,-#\n\t\\"[i % 12];
        variants.push_back(swapped);
        for (const std::string& v : variants) {
            INFO(rel << " variant of " << v.size() << " bytes");
            importers::SourceFile f = mvr::test::textFile(importers::baseName(rel), v);
            if (f.role == importers::Role::Mvr) continue;  // mvr's own reader has its own tests
            importers::Result r = importers::importFiles({f});
            ++runs;
            if (!r.ok()) {
                ++withProblems;
                for (const core::Diagnostic& d : r.problems) {
                    CHECK(d.file == f.path);
                    CHECK_FALSE(d.message.empty());
                    CHECK_FALSE(d.code.empty());
                }
            }
        }
    }
    CHECK(runs > 40);
    CHECK(withProblems > 10);
}
