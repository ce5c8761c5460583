// Format detection: every real file of tests/fixtures/real gets the role its content says (names only where
// content cannot tell), mvr's own files stay mvr's, and --format picks a role within the named format.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using importers::Role;
using mvr::test::fixtureText;

TEST_CASE("detect: every real fixture file gets its role") {
    const std::map<std::string, Role> expected = {
        {"dvc-example-get-started/dvc.lock", Role::DvcLock},
        {"dvc-example-get-started/dvc.yaml", Role::DvcPipeline},
        {"dvc-example-get-started/params.yaml", Role::DvcParams},
        {"dvc-example-get-started/eval/live/metrics.json", Role::DvcMetrics},  // empty: its name decides
        {"huggingface-hub-cards/sample_no_metadata.md", Role::HfCard},
        {"huggingface-hub-cards/sample_simple.md", Role::HfCard},
        {"huggingface-hub-cards/sample_simple_model_index.md", Role::HfCard},
        {"wandb/wandb_manifest.json", Role::WandbManifest},
    };
    for (const auto& [rel, role] : expected) {
        INFO(rel);
        CHECK(importers::detect(rel, fixtureText(rel)) == role);
    }
    // Every JSON file of the MLflow samples, whatever its name, by its "mlflow" member.
    std::vector<std::string> files;
    mvr::test::listFiles(mvr::test::fixturePath("mlflow-export-import/oss_mlflow"), "", files);
    REQUIRE(files.size() == 31);
    for (const std::string& f : files) {
        INFO(f);
        CHECK(importers::detect(f, fixtureText("mlflow-export-import/oss_mlflow/" + f)) == Role::MlflowJson);
    }
}

TEST_CASE("detect: content decides, not the name") {
    std::string lock = fixtureText("dvc-example-get-started/dvc.lock");
    CHECK(importers::detect("renamed.txt", lock) == Role::DvcLock);
    std::string card = fixtureText("huggingface-hub-cards/sample_simple.md");
    CHECK(importers::detect("card.txt", card) == Role::HfCard);
    std::string manifest = fixtureText("wandb/wandb_manifest.json");
    CHECK(importers::detect("whatever.json", manifest) == Role::WandbManifest);
    std::string run = fixtureText("mlflow-export-import/oss_mlflow/bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json");
    CHECK(importers::detect("pasted text", run) == Role::MlflowJson);
    CHECK(importers::detect("x", "flavors:\n  python_function: {}\nrun_id: abc\n") == Role::MlflowMLmodel);
    CHECK(importers::detect("x", "stages:\n  train:\n    cmd: python train.py\n") == Role::DvcPipeline);
    CHECK(importers::detect("x", "{\"metadata\": {\"total_size\": 10}, \"weight_map\": {\"a\": \"m.safetensors\"}}") ==
          Role::HfSafetensorsIndex);
    CHECK(importers::detect("x", "{\"loss\": 0.1, \"_runtime\": 12, \"_step\": 3}") == Role::WandbSummary);
    CHECK(importers::detect("x", "{\"_wandb\": {\"runtime\": 3}, \"acc\": 0.5}") == Role::WandbSummary);
    CHECK(importers::detect("tags.txt", "text-classification@v1.2.0\ntext-classification#prod#3\n") == Role::GtoTags);
    CHECK(importers::detect("x", "  model@v1.0.0  ") == Role::GtoTags);
}

TEST_CASE("detect: mvr's own files stay mvr's, even huge or broken ones") {
    CHECK(importers::detect("m.json", "{\"model\": \"m\", \"version\": 1}") == Role::Mvr);
    CHECK(importers::detect("r.json", "{\"format\": \"mvr-registry\", \"format_version\": 1, \"versions\": []}") == Role::Mvr);
    CHECK(importers::detect("l.json", "[{\"model\": \"m\"}]") == Role::Mvr);
    CHECK(importers::detect("b.json", "{\"model\": \"m\", \"version\": 1,}") == Role::Mvr);
    CHECK(importers::detect("e.json", "") == Role::Mvr);
    CHECK(importers::detect("e.json", "not json at all") == Role::Mvr);
    CHECK(importers::detect("o.json", "{\"something\": 1}") == Role::Mvr);
    // The first member of a big registry decides without reading the rest.
    std::string big = "{\"format\": \"mvr-registry\", \"versions\": [";
    big += std::string(1 << 20, ' ');
    CHECK(importers::detect("big.json", big) == Role::Mvr);
}

TEST_CASE("detect: names decide where content cannot") {
    CHECK(importers::detect("params.yaml", "lr: 0.1\n") == Role::DvcParams);
    CHECK(importers::detect("params.json", "{\"lr\": 0.1}") == Role::DvcParams);
    CHECK(importers::detect("eval/metrics.json", "{\"acc\": 0.9}") == Role::DvcMetrics);
    CHECK(importers::detect("wandb-summary.json", "{\"acc\": 0.9}") == Role::WandbSummary);
    CHECK(importers::detect("README.md", "# A model\n\nNo metadata.\n") == Role::HfCard);
    CHECK(importers::detect("MLmodel", "") == Role::MlflowMLmodel);
    CHECK(importers::detect("dvc.lock", "schema: [broken\n") == Role::DvcLock);
}

TEST_CASE("detect: a named format picks the role within it") {
    using importers::Format;
    CHECK(importers::detectAs(Format::Dvc, "scores.json", "{\"acc\": 0.9}") == Role::DvcMetrics);
    CHECK(importers::detectAs(Format::Dvc, "my-params.yaml", "lr: 1\n") == Role::DvcParams);
    CHECK(importers::detectAs(Format::Wandb, "summary.json", "{\"acc\": 0.9}") == Role::WandbSummary);
    CHECK(importers::detectAs(Format::HuggingFace, "card.txt", "# x\n") == Role::HfCard);
    CHECK(importers::detectAs(Format::MLflow, "x.json", "{\"a\": 1}") == Role::MlflowJson);
    CHECK(importers::detectAs(Format::Mvr, "run.json", fixtureText("wandb/wandb_manifest.json")) == Role::Mvr);
    importers::Format f;
    CHECK(importers::formatFromName("huggingface", f));
    CHECK(f == Format::HuggingFace);
    CHECK_FALSE(importers::formatFromName("tensorboard", f));
}

TEST_CASE("detect: the start of a file is enough to know mvr's own format, never a wrong yes") {
    const std::string registry = "\xEF\xBB\xBF \n{\"format\": \"mvr-registry\", \"format_version\": 1, \"versions\": [";
    const std::string list = "  [{\"model\": \"m\", \"version\": 1}";
    const std::string one = "{\"model\": \"m\", \"version\": 1, \"params\": {\"lr\": 0.1";
    // Cut anywhere after the first key, they are mvr's; cut before it, nothing can be said (yet).
    for (const std::string* t : {&registry, &list, &one}) {
        INFO(*t);
        CHECK(importers::startsAsMvr("big.json", *t));
        CHECK(importers::detect("big.json", *t) == Role::Mvr);
    }
    CHECK_FALSE(importers::startsAsMvr("big.json", "{\"for"));
    CHECK_FALSE(importers::startsAsMvr("big.json", ""));
    CHECK_FALSE(importers::startsAsMvr("big.json", "  \n"));
    // Other tools' files, and the one name that wins over a "model" key, are not.
    CHECK_FALSE(importers::startsAsMvr("wandb-summary.json", one));
    CHECK(importers::detect("wandb-summary.json", one) == Role::WandbSummary);
    CHECK_FALSE(importers::startsAsMvr("run.json", "{\"mlflow\": {\"run\": {}}}"));
    CHECK_FALSE(importers::startsAsMvr("x.json", "{\"info\": {}, \"model\": \"m\"}"));
    CHECK_FALSE(importers::startsAsMvr("MLmodel", "flavors:\n  sklearn: {}\n"));
    // Every real fixture of other tools is a no.
    for (const char* rel : {"wandb/wandb_manifest.json", "dvc-example-get-started/params.yaml",
                            "huggingface-hub-cards/sample_simple.md", "dvc-example-get-started/dvc.lock"}) {
        INFO(rel);
        CHECK_FALSE(importers::startsAsMvr(rel, fixtureText(rel)));
    }
}
