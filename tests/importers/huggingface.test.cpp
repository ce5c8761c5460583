// Hugging Face model cards (huggingface_hub's real test cards): front matter mapped field by field, model-index
// results as metrics per task/dataset/config/split, base_model as lineage, a card without metadata, an invalid
// model-index imported in part with notes, broken YAML reported, and model.safetensors.index.json as weights.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using mvr::test::at;
using mvr::test::fixtureText;
using mvr::test::has;

namespace {

const std::string kCards = "huggingface-hub-cards/";

importers::Result importCard(const std::string& name, const std::string& text) {
    std::vector<importers::SourceFile> files{mvr::test::textFile(name, text)};
    return importers::importFiles(files);
}

const std::string kIndex = R"({
  "metadata": {"total_size": 2692096},
  "weight_map": {
    "lm_head.weight": "model-00002-of-00002.safetensors",
    "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
    "model.norm.weight": "model-00002-of-00002.safetensors"
  }
})";

}  // namespace

TEST_CASE("huggingface: a card with model-index results") {
    std::vector<importers::SourceFile> files{mvr::test::fixtureFile(kCards + "sample_simple_model_index.md")};
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    CHECK(r.notes.empty());
    REQUIRE(r.versions.size() == 1);
    const importers::Version& v = r.versions[0];
    CHECK(v.numbered);  // a card names no version: numbered on import, skipped when nothing changed
    const core::Value& doc = v.doc;
    CHECK(at(doc, {"model"}).text == "my-cool-model");  // model-index's name
    const core::Value& metrics = at(doc, {"metrics"});
    REQUIRE(metrics.members.size() == 2);
    const core::Value& acc = at(metrics, {"image-classification/beans/accuracy"});
    CHECK(at(acc, {"value"}).text == "0.9");
    CHECK(at(acc, {"type"}).text == "accuracy");
    CHECK(at(acc, {"dataset", "name"}).text == "Beans");
    CHECK(at(acc, {"task", "type"}).text == "image-classification");
    const core::Value& f1 = at(metrics, {"image-classification/beans/default/test/f1"});
    CHECK(at(f1, {"value"}).text == "0.66");
    CHECK(at(f1, {"dataset", "split"}).text == "test");
    CHECK(at(f1, {"dataset", "revision"}).text == "5503434ddd753f426f4b38109466949a1217c2bb");
    CHECK(at(f1, {"dataset", "args", "date"}).text == "20220120");
    REQUIRE(at(doc, {"datasets"}).items.size() == 1);
    CHECK(at(doc, {"datasets", 0, "name"}).text == "beans");
    CHECK(at(doc, {"datasets", 0, "uri"}).text == "https://huggingface.co/datasets/beans");
    CHECK(at(doc, {"tags", "license"}).text == "mit");
    CHECK(at(doc, {"tags", "library_name"}).text == "timm");
    CHECK(at(doc, {"tags", "language"}).text == "en");
    CHECK(at(doc, {"tags", "pytorch"}).boolean);
    CHECK(at(doc, {"tags", "image-classification"}).boolean);
    CHECK(at(doc, {"x_source", "format"}).text == "huggingface");
    CHECK(at(doc, {"x_source", "file"}).text == "sample_simple_model_index.md");
    CHECK(at(doc, {"x_source", "card", "metrics", 0}).text == "accuracy");  // the card's own list, unmapped
    CHECK(at(doc, {"x_source", "text"}).text.rfind("# my-cool-model\n", 0) == 0);
    CHECK_FALSE(has(doc, "parent"));
}

TEST_CASE("huggingface: a card without model-index is named by its heading; languages join") {
    importers::Result r = importers::importFiles({mvr::test::fixtureFile(kCards + "sample_simple.md")});
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "my-cool-model");
    CHECK_FALSE(has(doc, "metrics"));
    CHECK(at(doc, {"tags", "language"}).text == "en");
    CHECK(at(doc, {"tags", "library_name"}).text == "pytorch-lightning");
    CHECK(at(doc, {"datasets", 0, "name"}).text == "beans");
    CHECK(at(doc, {"x_source", "card", "metrics", 0}).text == "acc");
}

TEST_CASE("huggingface: a card without metadata imports its name and text, with a note") {
    importers::Result r = importers::importFiles({mvr::test::fixtureFile(kCards + "sample_no_metadata.md")});
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "MyCoolModel");
    CHECK_FALSE(has(doc, "tags"));
    CHECK(at(doc, {"x_source", "text"}).text.find("we don't have any metadata") != std::string::npos);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].message.find("no YAML metadata") != std::string::npos);
}

TEST_CASE("huggingface: an invalid model-index imports what is valid and notes the rest") {
    std::string card = "---\nlicense: apache-2.0\nbase_model: google-bert/bert-base-uncased\nmodel-index:\n- name: sentiment\n"
                       "  results:\n"
                       "  - task: {type: text-classification}\n    dataset: {type: imdb, split: test}\n"
                       "    metrics:\n    - {type: accuracy, value: 0.93}\n    - {type: f1, value: high}\n    - {type: recall, value: '0.91'}\n"
                       "  - task: {name: no type}\n    metrics: []\n"
                       "tags: pytorch\n---\n# Sentiment\n";
    importers::Result r = importCard("README.md", card);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "sentiment");
    CHECK(at(doc, {"metrics", "text-classification/imdb/test/accuracy", "value"}).text == "0.93");
    CHECK(at(doc, {"metrics", "text-classification/imdb/test/recall", "value"}).text == "0.91");  // a number written as text
    CHECK(at(doc, {"metrics"}).members.size() == 2);
    CHECK(at(doc, {"parent", "model"}).text == "google-bert/bert-base-uncased");
    CHECK(at(doc, {"parent", "version"}).text == "main");
    CHECK(at(doc, {"tags", "license"}).text == "apache-2.0");
    CHECK(at(doc, {"x_source", "card", "tags"}).text == "pytorch");  // not a list: kept, not mapped
    CHECK(at(doc, {"x_source", "model_index_unmapped", 0, "metrics", 0, "value"}).text == "high");
    CHECK(at(doc, {"x_source", "model_index_unmapped", 1, "task", "name"}).text == "no type");
    REQUIRE(r.notes.size() == 3);
    CHECK(r.notes[0].path == "model-index[0].results[0].metrics[1]");
    CHECK(r.notes[0].line == 11);
    CHECK(r.notes[0].message.find("kept under x_source, not imported") != std::string::npos);
    CHECK(r.notes[1].path == "model-index[0].results[1]");
    CHECK(r.notes[2].path == "tags");
}

TEST_CASE("huggingface: broken front matter is a problem with the card's own line numbers") {
    importers::Result r = importCard("README.md", "---\nlicense: mit\ntags: [a, b\n---\n# x\n");
    CHECK(r.versions.empty());
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems[0].code == "syntax");
    CHECK(r.problems[0].line >= 3);
    CHECK(r.problems[0].file == "README.md");

    r = importCard("README.md", "---\nlicense: mit\nlicense: apache-2.0\n---\n");
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == "duplicate-key");
    CHECK(r.problems[0].line == 3);  // line 1 is the '---'

    r = importCard("README.md", "---\n- a list\n---\n# Named\n");
    REQUIRE(r.ok());
    CHECK(r.notes[0].message.find("not a mapping") != std::string::npos);
    CHECK(at(r.versions[0].doc, {"model"}).text == "Named");
}

TEST_CASE("huggingface: model.safetensors.index.json is the weights artifact, with the card or alone") {
    std::vector<importers::SourceFile> files{mvr::test::fixtureFile(kCards + "sample_simple_model_index.md"),
                                             mvr::test::textFile("model.safetensors.index.json", kIndex)};
    REQUIRE(files[1].role == importers::Role::HfSafetensorsIndex);
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"artifacts", 0, "name"}).text == "model.safetensors");
    CHECK(at(doc, {"artifacts", 0, "size"}).text == "2692096");
    CHECK(at(doc, {"artifacts", 0, "shards", 0}).text == "model-00001-of-00002.safetensors");
    CHECK(at(doc, {"artifacts", 0, "shards", 1}).text == "model-00002-of-00002.safetensors");
    CHECK(at(doc, {"artifacts", 0, "tensors"}).text == "3");
    CHECK(at(doc, {"x_source", "safetensors_index", "weight_map", "lm_head.weight"}).text == "model-00002-of-00002.safetensors");

    importers::Result alone = importCard("model.safetensors.index.json", kIndex);
    REQUIRE(alone.ok());
    REQUIRE(alone.versions.size() == 1);
    CHECK(at(alone.versions[0].doc, {"model"}).text == "huggingface-model");
    CHECK(at(alone.versions[0].doc, {"artifacts", 0, "size"}).text == "2692096");

    importers::Result bad = importCard("model.safetensors.index.json", R"({"metadata": {}, "weight_map": {"a": 3}})");
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].path == "weight_map.a");
    CHECK(bad.versions.empty());
    bad = importCard("model.safetensors.index.json", R"({"metadata": {"total_size": -1}, "weight_map": {"a": "m.safetensors"}})");
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].path == "artifacts[0].size");
    CHECK(bad.problems[0].line == 1);
}

TEST_CASE("huggingface: a card whose text is not UTF-8 is a problem at the first bad byte") {
    std::vector<core::Diagnostic> ds =
        mvr::test::refused({mvr::test::textFile("README.md", "---\nlicense: mit\n---\n# Caf\xE9 model\n\nIt works.\n")}, 1);
    mvr::test::checkProblem(ds[0], "utf8", "", 4, 6);
    CHECK(ds[0].message.find("invalid UTF-8 byte 0xE9") != std::string::npos);
    // In the front matter, and with no front matter at all, the same.
    for (const auto& [text, col] : std::vector<std::pair<std::string, uint32_t>>{{"---\nlicense: \"m\xC3\x28t\"\n---\n", 12},
                                                                                 {"# Model\n\xFF\n", 1}})
        mvr::test::checkProblem(mvr::test::refused({mvr::test::textFile("README.md", text)}, 1)[0], "utf8", "", 2, col);
}
