// Which files of a folder are imported, from names alone: a DVC project's DVC files (never its data), the metrics
// files its dvc.yaml names, and any other folder's *.json and MLmodel files after a model card.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "importers/discover.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using importers::folderFiles;
using Names = std::vector<std::string>;

TEST_CASE("discover: the real DVC project gives its lock, pipeline, params and metrics, not its data") {
    const std::string dvcYaml = mvr::test::fixtureText("dvc-example-get-started/dvc.yaml");
    // dvc.yaml names eval/metrics.json, which this checkout does not hold; eval/live/metrics.json is found by name.
    Names names = {"SOURCE_COMMIT", "data/data.xml", "dvc.lock", "dvc.yaml", "eval/live/metrics.json",
                   "eval/plots/sklearn/roc/train.json", "model.pkl", "params.yaml", "src/train.py"};
    importers::FolderFiles f = folderFiles(names, dvcYaml, "");
    CHECK(f.dvc);
    CHECK_FALSE(f.modelCard);
    CHECK(f.files == Names{"dvc.lock", "dvc.yaml", "params.yaml", "eval/live/metrics.json"});
    names.push_back("eval/metrics.json");
    CHECK(folderFiles(names, dvcYaml, "").files ==
          Names{"dvc.lock", "dvc.yaml", "params.yaml", "eval/live/metrics.json", "eval/metrics.json"});
}

TEST_CASE("discover: metrics files named in dvc.yaml, at its top or in a stage, as a path or a mapping") {
    const std::string dvcYaml =
        "stages:\n"
        "  evaluate:\n"
        "    cmd: python eval.py\n"
        "    metrics:\n"
        "    - ./scores.json\n"
        "    - summary.yml:\n"
        "        cache: false\n"
        "metrics:\n"
        "- reports//../reports/final.yaml\n"
        "- ../outside/metrics.json\n"
        "- missing.json\n";
    const Names names = {"data/big.csv", "dvc.yaml", "params.json", "params.yml", "report/eval_metrics.yaml",
                         "reports/final.yaml", "scores.json", "summary.yml", "train_metrics.txt"};
    CHECK(importers::dvcProjectFiles(names, dvcYaml) ==
          Names{"dvc.yaml", "params.yml", "params.json", "report/eval_metrics.yaml", "reports/final.yaml", "scores.json",
                "summary.yml"});
    // A dvc.yaml that does not parse names nothing; the files are still found by their names.
    CHECK(importers::dvcProjectFiles(names, "stages: [\n") ==
          Names{"dvc.yaml", "params.yml", "params.json", "report/eval_metrics.yaml"});
}

TEST_CASE("discover: dvc.lock alone makes a project; a metrics name counts in the file's own name only") {
    const Names names = {"dvc.lock", "eval/metrics/scores.json", "live/metrics.json", "metrics.txt", "params.yaml"};
    importers::FolderFiles f = folderFiles(names, "", "");
    CHECK(f.dvc);
    CHECK(f.files == Names{"dvc.lock", "params.yaml", "live/metrics.json"});
    // Only at the folder's top: a project in a subfolder does not make the folder one.
    CHECK_FALSE(folderFiles({"sub/dvc.yaml", "sub/dvc.lock"}, "", "").dvc);
}

TEST_CASE("discover: any other folder gives its *.json and MLmodel files, after README.md when it is a model card") {
    const Names names = {"b.json", "a/MLmodel", "README.md", "notes.txt", "a/model.json", "x/.json", "mlmodel"};
    importers::FolderFiles plain = folderFiles(names, "", "# a folder\n\nJust a readme.\n");
    CHECK_FALSE(plain.dvc);
    CHECK_FALSE(plain.modelCard);
    CHECK(plain.files == Names{"a/MLmodel", "a/model.json", "b.json"});
    importers::FolderFiles card = folderFiles(names, "", "---\nlicense: mit\n---\n# a model\n");
    CHECK(card.modelCard);
    CHECK(card.files == Names{"README.md", "a/MLmodel", "a/model.json", "b.json"});
    // A README.md text without a README.md among the names (the caller read nothing) is no card.
    CHECK_FALSE(folderFiles({"b.json"}, "", "---\nlicense: mit\n---\n").modelCard);
    CHECK(folderFiles({"notes.txt", "README.md"}, "", "# only text\n").files.empty());
    CHECK(folderFiles({}, "", "").files.empty());
}
