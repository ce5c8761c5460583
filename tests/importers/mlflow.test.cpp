// MLflow exports (mlflow-export-import's real samples): registered models with MLflow's own version numbers,
// stages and aliases; runs with string params, metric histories, dataset inputs and tags; prompts; index files
// that hold no version; an export folder joining versions to runs; an export of one model version (by the
// importer and by mvr import); MLmodel files; malformed files; and the diff of two imported versions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/diff.hpp"
#include "core/manifest.hpp"
#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using mvr::test::at;
using mvr::test::fixtureFile;
using mvr::test::fixtureText;
using mvr::test::versionOf;

namespace {

const std::string kSamples = "mlflow-export-import/oss_mlflow/";

importers::Result importOne(const std::string& rel) {
    std::vector<importers::SourceFile> files{fixtureFile(kSamples + rel)};
    return importers::importFiles(files);
}

std::vector<std::string> aliases(const core::Value& doc) {
    std::vector<std::string> out;
    if (const core::Value* a = doc.find("aliases"))
        for (const core::Value& x : a->items) out.push_back(x.text);
    return out;
}

core::Manifest manifestOf(const core::Value& doc) {
    core::Diagnostics d;
    core::Manifest m;
    REQUIRE(core::validateManifest(doc, "x", "", d, m));
    return m;
}

}  // namespace

TEST_CASE("mlflow: a registered model's versions keep MLflow's numbers, stages and aliases") {
    importers::Result r = importOne("single/models/basic/model.json");
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 3);
    const core::Value* v1 = versionOf(r, "sklearn_wine", "1");
    REQUIRE(v1);
    CHECK(at(*v1, {"version"}).isNumber());  // "1" in MLflow's JSON, the integer 1 here: the same label, never renumbered
    CHECK(at(*v1, {"description"}).text == "v1 Production - wine");
    CHECK(at(*v1, {"created_on"}).text == "2023-05-22T00:41:15.276Z");
    CHECK_FALSE(mvr::test::has(*v1, "author"));  // user_id is "" and there is no run
    CHECK(aliases(*v1) == std::vector<std::string>{"good-to-go", "production"});
    CHECK(at(*v1, {"tags", "registered_version_info"}).text == "v1 Production - wine");
    CHECK(at(*v1, {"artifacts", 0, "name"}).text == "model");
    CHECK(at(*v1, {"artifacts", 0, "uri"}).text == "/opt/mlflow/server/mlruns/1/d583ca20513841749b26907cb2d3952b/artifacts/model");
    CHECK(at(*v1, {"x_source", "format"}).text == "mlflow");
    CHECK(at(*v1, {"x_source", "file"}).text == "model.json");
    CHECK(at(*v1, {"x_source", "version", "run_id"}).text == "d583ca20513841749b26907cb2d3952b");
    CHECK(at(*v1, {"x_source", "version", "status"}).text == "READY");
    CHECK(at(*v1, {"x_source", "version", "_experiment_name"}).text == "sklearn_wine");
    CHECK_FALSE(mvr::test::has(at(*v1, {"x_source", "version"}), "last_updated_timestamp"));
    CHECK_FALSE(mvr::test::has(at(*v1, {"x_source", "version"}), "current_stage"));
    CHECK(at(*v1, {"x_source", "registered_model", "description"}).text == "Skearn Wine Quality model");
    CHECK(at(*v1, {"x_source", "registered_model", "creation_timestamp"}).text == "1684716075258");
    CHECK(at(*v1, {"x_source", "registered_model", "tags", 0, "key"}).text == "info");
    CHECK_FALSE(mvr::test::has(*v1, "params"));

    const core::Value* v2 = versionOf(r, "sklearn_wine", "2");
    REQUIRE(v2);
    CHECK(aliases(*v2) == std::vector<std::string>{"about-ready", "staging"});
    CHECK(at(*v2, {"created_on"}).text == "2023-05-22T00:41:21.798Z");
    const core::Value* v3 = versionOf(r, "sklearn_wine", "3");
    REQUIRE(v3);
    CHECK(aliases(*v3) == std::vector<std::string>{"just-in-case"});  // stage "None" is no alias
    CHECK(at(*v3, {"description"}).text == "v3 Archived - wine");

    // The runs are not in this import: said once per version, not an error.
    REQUIRE(r.notes.size() == 3);
    CHECK(r.notes[0].path == "mlflow.registered_model.versions[0].run_id");
    CHECK(r.notes[0].line == 61);
    CHECK(r.notes[0].message.find("run d583ca20513841749b26907cb2d3952b is not in this import") != std::string::npos);
}

TEST_CASE("mlflow: src_tags exports keep mlflow_exim tags apart from the version's own") {
    importers::Result r = importOne("single/models/src_tags/model.json");
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 3);
    const core::Value* v1 = versionOf(r, "sklearn_wine", "1");
    REQUIRE(v1);
    const core::Value& tags = at(*v1, {"tags"});
    CHECK(tags.members.size() == 1);
    CHECK(at(tags, {"registered_version_info"}).text == "v1 Production - wine");
    CHECK(at(*v1, {"x_source", "version", "tags", "mlflow_exim.field.run_id"}).text == "d583ca20513841749b26907cb2d3952b");
    CHECK(at(*v1, {"x_source", "registered_model", "tags", 5, "key"}).text == "mlflow_exim.field.aliases");
    CHECK(at(*v1, {"created_on"}).text == "2023-05-22T01:09:16.975Z");
}

TEST_CASE("mlflow: latest_versions of a bulk export; an empty description stays out") {
    importers::Result r = importOne("bulk/models/models/sklearn_iris/model.json");
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "sklearn_iris");
    CHECK(at(v, {"version"}).text == "1");
    CHECK_FALSE(mvr::test::has(v, "description"));
    CHECK_FALSE(mvr::test::has(v, "tags"));
    CHECK(aliases(v) == std::vector<std::string>{"staging"});
    CHECK(at(v, {"created_on"}).text == "2023-01-01T19:33:01.587Z");
    CHECK(at(v, {"artifacts", 0, "uri"}).text ==
          "/opt/mlflow/server/mlruns/2/dee04cd7f0054008a3c8fe0260feb814/artifacts/artifacts/sklearn-model");
    CHECK_FALSE(r.versions[0].numbered);
}

TEST_CASE("mlflow: a run alone is a version of its experiment's model, labelled by its run id") {
    importers::Result r = importOne("bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json");
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "sklearn_iris");  // from the run's mlflow_export_import experiment tag
    CHECK(at(v, {"version"}).isString());
    CHECK(at(v, {"version"}).text == "5397ae67ee0c49139bf64834b4d27fab");
    CHECK(at(v, {"created_on"}).text == "2022-12-06T04:38:55.858Z");
    CHECK(at(v, {"author"}).text == "andre");
    CHECK(at(v, {"params", "max_depth"}).isString());  // MLflow params are strings and stay strings
    CHECK(at(v, {"params", "max_depth"}).text == "5");
    CHECK(at(v, {"metrics", "accuracy_score", "value"}).text == "0.9333333333333333");
    CHECK(at(v, {"metrics", "accuracy_score", "steps", 0, "step"}).text == "0");
    CHECK(at(v, {"metrics", "accuracy_score", "steps", 0, "timestamp"}).text == "1670301535917");
    CHECK(at(v, {"metrics", "zero_one_loss", "value"}).text == "0.06666666666666665");
    CHECK(at(v, {"tags", "algorithm"}).text == "sklearn-iris");
    CHECK(at(v, {"tags", "int"}).text == "123");
    CHECK(at(v, {"tags", "mlflow_version"}).text == "2.0.1");  // a user's tag, whatever its name looks like
    CHECK(at(v, {"tags"}).members.size() == 3);  // the mlflow.* and mlflow_export_import.* tags are kept apart
    CHECK(at(v, {"x_source", "tags", "mlflow.runName"}).text == "glamorous-fish-47");
    CHECK(at(v, {"x_source", "info", "status"}).text == "FINISHED");
    CHECK(at(v, {"x_source", "file"}).text == "run.json");
    CHECK_FALSE(mvr::test::has(at(v, {"x_source"}), "system"));
}

TEST_CASE("mlflow: metric histories are kept whole; the value is MLflow's latest (highest step)") {
    std::string run = fixtureText(kSamples + "bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json");
    std::string history = R"("accuracy_score": [
        {"value": 0.80, "timestamp": 1670301535900, "step": 2},
        {"value": 0.70, "timestamp": 1670301535800, "step": 1},
        {"value": 0.9333333333333333, "timestamp": 1670301535917, "step": 3}
      ],)";
    size_t from = run.find("\"accuracy_score\": [");
    size_t to = run.find("],", from) + 2;
    run.replace(from, to - from, history);
    std::vector<importers::SourceFile> files{mvr::test::textFile("run.json", run)};
    importers::Result r = importers::importFiles(files);
    REQUIRE(r.ok());
    const core::Value& m = at(r.versions[0].doc, {"metrics", "accuracy_score"});
    CHECK(at(m, {"value"}).text == "0.9333333333333333");
    REQUIRE(at(m, {"steps"}).items.size() == 3);
    CHECK(at(m, {"steps", 0, "value"}).text == "0.70");
    CHECK(at(m, {"steps", 1, "step"}).text == "2");
}

TEST_CASE("mlflow: an experiment folder names its runs' model") {
    std::vector<importers::SourceFile> files = mvr::test::fixtureFolder(
        kSamples + "single/experiments/basic",
        {"experiment.json", "logged_models/logged_models.json", "runs/eb66c160957d4a28b11d3f1b968df9cd/run.json"});
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "sklearn_wine");
    CHECK(at(v, {"version"}).text == "eb66c160957d4a28b11d3f1b968df9cd");
    CHECK(at(v, {"params", "max_leaf_nodes"}).text == "32");
    CHECK(at(v, {"metrics", "rmse", "value"}).text == "0.7367947360663162");
    CHECK(at(v, {"tags", "dataset"}).text == "wine-quality");
    CHECK(at(v, {"x_source", "file"}).text == "runs/eb66c160957d4a28b11d3f1b968df9cd/run.json");
    CHECK(at(v, {"created_on"}).text == "2023-05-20T23:04:09.419Z");
    // The logged models list is empty: said, not imported.
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].message.find("logged models, empty") != std::string::npos);
}

TEST_CASE("mlflow: a model export folder joins each version to its run by run id") {
    // The real bulk export's versions point at runs it does not contain (its samples were made separately), so
    // the real files are copied and one run is given the id its version names.
    mvr::test::TempDir dir("mlflow-join");
    std::string base = kSamples + "bulk/models/";
    dir.write("models/sklearn_wine/model.json", fixtureText(base + "models/sklearn_wine/model.json"));
    dir.write("models/models.json", fixtureText(base + "models/models.json"));
    dir.write("experiments/1/experiment.json", fixtureText(base + "experiments/1/experiment.json"));
    std::string run = mvr::test::replaceAll(fixtureText(base + "experiments/1/d057cae15f27465988e72c6212e1f226/run.json"),
                                            "d057cae15f27465988e72c6212e1f226", "939157dfaaf24244adafcb72acdfc4a6");
    dir.write("experiments/1/939157dfaaf24244adafcb72acdfc4a6/run.json", run);
    std::vector<importers::SourceFile> files;
    for (const char* rel : {"models/sklearn_wine/model.json", "models/models.json", "experiments/1/experiment.json",
                            "experiments/1/939157dfaaf24244adafcb72acdfc4a6/run.json"}) {
        std::string text;
        REQUIRE(mvr::test::readText(dir.str() + "/" + rel, text));
        files.push_back(mvr::test::textFile(rel, text, dir.str()));
    }
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);  // the run is the version's: not a version of its own
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "sklearn_wine");
    CHECK(at(v, {"version"}).text == "1");
    CHECK(at(v, {"description"}).text == "v1 Production - wine");
    CHECK(at(v, {"author"}).text == "andre");  // the version has no user: the run's
    CHECK(at(v, {"params", "max_depth"}).text == "4");
    CHECK(at(v, {"params", "max_leaf_nodes"}).text == "32");
    CHECK(at(v, {"metrics", "rmse", "value"}).text == "0.7367947360663162");
    CHECK(at(v, {"metrics", "r2", "steps", 0, "timestamp"}).text == "1672601485668");
    CHECK(at(v, {"metrics", "mae", "value"}).text == "0.5877424565761121");
    CHECK(at(v, {"tags", "registered_version_info"}).text == "v1 Production - wine");
    CHECK(at(v, {"tags", "dataset"}).text == "wine-quality");  // the run's own tags join the version's
    CHECK(aliases(v) == std::vector<std::string>{"production"});
    CHECK(at(v, {"x_source", "run", "file"}).text == "experiments/1/939157dfaaf24244adafcb72acdfc4a6/run.json");
    CHECK(at(v, {"x_source", "run", "info", "run_name"}).text == "2023-01-01 19:31:23 train.sh 2.1.1");
    CHECK(at(v, {"x_source", "run", "tags", "mlflow.user"}).text == "andre");
    CHECK(r.notes.size() == 1);  // models.json: nothing to import
}

TEST_CASE("mlflow: a version joins its run's dataset inputs and MLmodel") {
    std::string run = fixtureText(kSamples + "single/experiments/basic/runs/eb66c160957d4a28b11d3f1b968df9cd/run.json");
    std::string inputs = R"("inputs": {"dataset_inputs": [
        {"tags": [{"key": "mlflow.data.context", "value": "training"}],
         "dataset": {"name": "wine-quality", "digest": "2d8fa1a3", "source_type": "http",
                     "source": "{\"url\": \"https://example.org/wine-quality.csv\"}", "schema": "{}", "profile": "{\"num_rows\": 4898}"}}]},
      "params": {)";
    run = mvr::test::replaceAll(run, "\"params\": {", inputs);
    std::string model = fixtureText(kSamples + "single/models/basic/model.json");
    model = mvr::test::replaceAll(model, "d583ca20513841749b26907cb2d3952b", "eb66c160957d4a28b11d3f1b968df9cd");
    std::string mlmodel =
        "artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n"
        "  sklearn:\n    pickled_model: model.pkl\n    sklearn_version: 1.2.2\nmlflow_version: 2.3.2\n"
        "model_size_bytes: 1024\nmodel_uuid: 6879e8c028e044d4be725397187b0a2b\nrun_id: eb66c160957d4a28b11d3f1b968df9cd\n"
        "utc_time_created: '2023-05-20 23:04:09.593416'\n";
    std::vector<importers::SourceFile> files{mvr::test::textFile("model.json", model), mvr::test::textFile("run.json", run),
                                             mvr::test::textFile("MLmodel", mlmodel)};
    CHECK(files[2].role == importers::Role::MlflowMLmodel);
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 3);  // versions 1-3; the run joined version 1
    const core::Value* v1 = versionOf(r, "sklearn_wine", "1");
    REQUIRE(v1);
    CHECK(at(*v1, {"datasets", 0, "name"}).text == "wine-quality");
    CHECK(at(*v1, {"datasets", 0, "uri"}).text == "https://example.org/wine-quality.csv");
    CHECK(at(*v1, {"datasets", 0, "digest", "mlflow"}).text == "2d8fa1a3");
    CHECK(at(*v1, {"datasets", 0, "context"}).text == "training");
    CHECK(at(*v1, {"datasets", 0, "source_type"}).text == "http");
    CHECK(at(*v1, {"artifacts", 0, "name"}).text == "model");
    CHECK(at(*v1, {"artifacts", 0, "size"}).text == "1024");
    CHECK(at(*v1, {"artifacts", 0, "model_uuid"}).text == "6879e8c028e044d4be725397187b0a2b");
    CHECK(at(*v1, {"artifacts", 0, "flavors", 1}).text == "sklearn");
    CHECK(at(*v1, {"x_source", "mlmodel", "file"}).text == "MLmodel");
    CHECK(at(*v1, {"x_source", "mlmodel", "flavors", "sklearn", "sklearn_version"}).text == "1.2.2");
}

TEST_CASE("mlflow: an MLmodel file alone is a version named by its run") {
    std::string mlmodel = "artifact_path: sklearn-model\nflavors:\n  sklearn: {pickled_model: model.pkl}\n"
                          "run_id: a83cebbccbca41299360c695c5ea72f3\nutc_time_created: '2022-12-15 02:17:45.173770'\n";
    std::vector<importers::SourceFile> files{mvr::test::textFile("MLmodel", mlmodel)};
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "sklearn-model");
    CHECK(at(v, {"version"}).text == "a83cebbccbca41299360c695c5ea72f3");
    CHECK(at(v, {"created_on"}).text == "2022-12-15T02:17:45.173770Z");
    CHECK(at(v, {"artifacts", 0, "flavors", 0}).text == "sklearn");
    CHECK(at(v, {"x_source", "mlmodel", "run_id"}).text == "a83cebbccbca41299360c695c5ea72f3");
    importers::Options opt;
    opt.model = "wine";
    CHECK(at(importers::importFiles(files, opt).versions[0].doc, {"model"}).text == "wine");
}

namespace {

// export-model-version's layout for one version (tests/fixtures/mlflow-model-version/README.md): version.json,
// model.json, experiment.json, run/run.json and the run's artifacts, whose model/MLmodel (and Databricks' copy in
// model/metadata/) is the version's logged model.
const std::string kVersionExport = mvr::test::fixturePath("../mlflow-model-version/sklearn_wine");
const std::string kVersionModel = "andre_catalog.ml_models2.sklearn_wine_best";
const std::string kVersionRun = "6222162b4c7f47c2820a7e5b520f65a9";

// What a version made from the export holds of its run and of its MLmodel.
void checkModelVersion(const core::Value& v) {
    CHECK(at(v, {"model"}).text == kVersionModel);
    CHECK(at(v, {"version"}).text == "15");
    CHECK(at(v, {"description"}).text == "white_2");
    CHECK(at(v, {"params", "max_depth"}).text == "1");
    CHECK(at(v, {"metrics", "rmse", "value"}).text == "0.8248773953029855");
    CHECK(at(v, {"datasets", 0, "name"}).text == "winequality_white_2");
    const core::Value& a = at(v, {"artifacts"});
    REQUIRE(a.items.size() == 1);
    CHECK(at(a, {0, "name"}).text == "model");  // the MLmodel's artifact_path
    CHECK(at(a, {0, "uri"}).text == "dbfs:/databricks/mlflow-tracking/0828080c9c7b43a7b7624307809cfcda/" + kVersionRun +
                                        "/artifacts/model");
    CHECK(at(a, {0, "size"}).text == "102527");
    CHECK(at(a, {0, "model_uuid"}).text == "7c56d8b80973448b8c4e7b5a3b9fc7b6");
    CHECK(at(a, {0, "flavors"}).items.size() == 2);
    CHECK(at(a, {0, "flavors", 0}).text == "python_function");
    CHECK(at(a, {0, "flavors", 1}).text == "sklearn");
    const core::Value& mm = at(v, {"x_source", "mlmodel"});
    CHECK(at(mm, {"flavors", "sklearn", "sklearn_version"}).text == "1.3.0");
    CHECK(at(mm, {"signature", "inputs"}).text.rfind("[{\"type\": \"double\", \"name\": \"fixed_acidity\"", 0) == 0);
    CHECK(at(mm, {"signature", "outputs"}).text.find("float64") != std::string::npos);
    CHECK(at(mm, {"run_id"}).text == kVersionRun);
}

}  // namespace

TEST_CASE("mlflow: an export of one model version is that version, its run's MLmodel in it, no model of its own") {
    std::vector<importers::SourceFile> files = mvr::test::exportFolder(kVersionExport);
    std::vector<std::string> names;
    for (const importers::SourceFile& f : files) names.push_back(f.name);
    std::sort(names.begin(), names.end());
    REQUIRE(names == std::vector<std::string>{"experiment.json", "model.json", "run/artifacts/model/MLmodel",
                                              "run/artifacts/model/metadata/MLmodel", "run/run.json", "version.json"});
    importers::Result r = mvr::test::imported(files);
    checkModelVersion(r.versions[0].doc);
    CHECK(at(r.versions[0].doc, {"x_source", "run", "file"}).text == "run/run.json");
    CHECK(at(r.versions[0].doc, {"x_source", "mlmodel", "file"}).text == "run/artifacts/model/MLmodel");
    // Databricks' copy of the MLmodel in metadata/ is the same file: said, not a second model.
    bool told = false;
    for (const core::Diagnostic& n : r.notes)
        told = told || (n.file == kVersionExport + "/run/artifacts/model/metadata/MLmodel" &&
                        n.message.find("run/artifacts/model/MLmodel") != std::string::npos);
    CHECK(told);

    // The MLmodel is the run's by where it is, even when it does not name the run (MLmodels written before the
    // model was logged, or another run's copied into this one's artifacts).
    for (importers::SourceFile& f : files)
        if (importers::baseName(f.name) == "MLmodel") f.text = mvr::test::replaceAll(f.text, "run_id: " + kVersionRun + "\n", "");
    r = mvr::test::imported(files);
    CHECK(at(r.versions[0].doc, {"artifacts", 0, "flavors", 1}).text == "sklearn");
    CHECK_FALSE(mvr::test::has(at(r.versions[0].doc, {"x_source", "mlmodel"}), "run_id"));

    // A version's own MLflow model, exported with --export-version-model into version_model/, is the version's too.
    files = mvr::test::exportFolder(kVersionExport);
    for (importers::SourceFile& f : files)
        if (f.name == "run/artifacts/model/metadata/MLmodel") {
            f.name = "version_model/MLmodel";
            f.text = mvr::test::replaceAll(f.text, "7c56d8b80973448b8c4e7b5a3b9fc7b6", "0123456789abcdef0123456789abcdef");
        }
    r = mvr::test::imported(files);
    checkModelVersion(r.versions[0].doc);
    CHECK(at(r.versions[0].doc, {"x_source", "other_mlmodels", 0, "file"}).text == "version_model/MLmodel");
    CHECK(at(r.versions[0].doc, {"x_source", "other_mlmodels", 0, "model_uuid"}).text == "0123456789abcdef0123456789abcdef");
}

TEST_CASE("mlflow: a run exported with its artifacts is one version, its MLmodel in it") {
    // export-run's layout (the run/ folder of a version export): run.json and artifacts/.
    importers::Result r = mvr::test::imported(mvr::test::exportFolder(kVersionExport + "/run"));
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "mlflow-experiment-0828080c9c7b43a7b7624307809cfcda");
    CHECK(at(v, {"version"}).text == kVersionRun);
    CHECK(at(v, {"artifacts", 0, "name"}).text == "model");
    CHECK(at(v, {"artifacts", 0, "uri"}).text == "dbfs:/databricks/mlflow-tracking/0828080c9c7b43a7b7624307809cfcda/" +
                                                     kVersionRun + "/artifacts/model");
    CHECK(at(v, {"artifacts", 0, "flavors", 1}).text == "sklearn");
    CHECK(at(v, {"x_source", "mlmodel", "file"}).text == "artifacts/model/MLmodel");
    CHECK(at(v, {"x_source", "mlmodel", "signature", "outputs"}).text.find("float64") != std::string::npos);
}

TEST_CASE("mlflow: the files of a model version export dropped together (names only) are one version") {
    std::vector<importers::SourceFile> files;
    for (const importers::SourceFile& f : mvr::test::exportFolder(kVersionExport))
        files.push_back(mvr::test::textFile(importers::baseName(f.name), f.text));
    checkModelVersion(mvr::test::imported(files).versions[0].doc);  // both MLmodels name the version's run
}

TEST_CASE("mlflow: mvr import of a model version export's folder stores one version") {
    mvr::test::TempPath db("mlflow-version.db");
    auto run = [&](std::vector<std::string> args, std::string& out, std::string& err) {
        args.insert(args.begin(), {"--db", db.str()});
        std::istringstream in;
        std::ostringstream o, e;
        cli::Env env{in, o, e, "", false};
        int code = cli::run(args, env);
        out = o.str();
        err = e.str();
        return code;
    };
    std::string out, err;
    REQUIRE(run({"import", kVersionExport}, out, err) == 0);
    INFO(out << err);
    CHECK_THAT(out, Catch::Contains("imported 1 new version"));
    REQUIRE(run({"--json", "list"}, out, err) == 0);
    core::Value models = mvr::test::json(out);
    INFO(out);
    REQUIRE(models.items.size() == 1);  // no model "model" made from the MLmodel
    CHECK(at(models, {0, "model"}).text == kVersionModel);
    CHECK(at(models, {0, "versions"}).text == "1");
    REQUIRE(run({"export"}, out, err) == 0);
    core::Value exported = mvr::test::json(out);
    REQUIRE(at(exported, {"versions"}).items.size() == 1);
    checkModelVersion(at(exported, {"versions", 0}));
}

TEST_CASE("mlflow: an MLmodel with no export around it is still a version named by its run") {
    std::string text;
    REQUIRE(mvr::test::readText(kVersionExport + "/run/artifacts/model/MLmodel", text));
    // Given by itself, and alone in a folder.
    mvr::test::TempDir dir("mlflow-mlmodel");
    dir.write("model/MLmodel", text);
    for (const std::vector<importers::SourceFile>& files :
         {std::vector<importers::SourceFile>{mvr::test::textFile("MLmodel", text)}, mvr::test::exportFolder(dir.str())}) {
        importers::Result r = mvr::test::imported(files);
        const core::Value& v = r.versions[0].doc;
        CHECK(at(v, {"model"}).text == "model");
        CHECK(at(v, {"version"}).text == kVersionRun);
        CHECK(at(v, {"created_on"}).text == "2024-06-05T01:53:53.910623Z");
        CHECK(at(v, {"artifacts", 0, "flavors", 1}).text == "sklearn");
        CHECK(at(v, {"x_source", "mlmodel", "signature", "outputs"}).text.find("float64") != std::string::npos);
    }
}

TEST_CASE("mlflow: a prompt version") {
    importers::Result r = importOne("bulk/prompts/my-greeting-prompt_v1/prompt.json");
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const core::Value& v = r.versions[0].doc;
    CHECK(at(v, {"model"}).text == "my-greeting-prompt");
    CHECK(at(v, {"version"}).text == "1");
    CHECK(at(v, {"description"}).text == "A friendly greeting prompt for customer interactions");
    CHECK(at(v, {"author"}).text == "user@example.com");
    CHECK(at(v, {"created_on"}).text == "2024-10-27T03:33:20.000Z");
    CHECK(at(v, {"params", "template"}).text == "Hello {name}, welcome to {place}! How can I help you today?");
    CHECK(at(v, {"params", "variables", 1}).text == "place");
    CHECK(at(v, {"tags", "purpose"}).text == "customer-greeting");
    CHECK(at(v, {"x_source", "prompt", "commit_message"}).text == "Initial version");
    CHECK(at(v, {"x_source", "prompt", "uri"}).text == "prompts:/my-greeting-prompt/1");
}

TEST_CASE("mlflow: index and summary files hold no version and say so") {
    for (const char* rel : {"bulk/models/models/models.json", "bulk/models/manifest.json", "bulk/experiments/experiments.json",
                            "bulk/experiments/1/logged_models/logged_models.json", "bulk/prompts/prompts_summary.json",
                            "bulk/evaluation_datasets/evaluation_datasets_summary.json",
                            "bulk/evaluation_datasets/wine-quality-eval_abc123/evaluation_dataset.json",
                            "bulk/experiments/1/experiment.json", "single/experiments/src_tags/experiment.json"}) {
        INFO(rel);
        importers::Result r = importOne(rel);
        CHECK(r.ok());
        CHECK(r.versions.empty());
        REQUIRE(r.notes.size() == 1);
        CHECK(r.notes[0].message.rfind("nothing to import", 0) == 0);
    }
}

TEST_CASE("mlflow: the real experiment.json that is not JSON is reported where it breaks") {
    importers::Result r = importOne("bulk/experiments/2/experiment.json");
    CHECK(r.versions.empty());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == "syntax");
    CHECK(r.problems[0].line == 28);
    CHECK(r.problems[0].col == 31);
    CHECK(r.problems[0].path == "mlflow.experiment.tags.experiment_created");
    CHECK(r.problems[0].file == mvr::test::fixturePath(kSamples + "bulk/experiments/2/experiment.json"));
}

TEST_CASE("mlflow: the same run twice is imported once; two different runs with one id are a problem") {
    std::vector<importers::SourceFile> same = mvr::test::fixtureFolder(
        kSamples + "bulk/models/experiments",
        {"2/5397ae67ee0c49139bf64834b4d27fab/run.json", "2/8a6af43e756f433da7a90fd6b4e49c3a/run.json", "2/experiment.json"});
    importers::Result r = importers::importFiles(same);
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    CHECK(at(r.versions[0].doc, {"model"}).text == "sklearn_iris");
    CHECK(at(r.versions[0].doc, {"metrics", "accuracy_score", "value"}).text == "0.9555555555555556");
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].message.find("with the same content: imported once") != std::string::npos);

    std::vector<importers::SourceFile> clash{
        fixtureFile(kSamples + "bulk/models/experiments/2/5397ae67ee0c49139bf64834b4d27fab/run.json"),
        fixtureFile(kSamples + "bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json")};
    r = importers::importFiles(clash);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == "conflict");
    CHECK(r.problems[0].message.find("with different content") != std::string::npos);
}

TEST_CASE("mlflow: malformed files give clear problems and nothing") {
    struct Case {
        std::string text, code, path;
    };
    std::vector<Case> cases = {
        {"{\"mlflow\": {\"info\": {\"run_id\": \"r1\"}, \"metrics\": {\"loss\": [{\"value\": \"0.5\", \"step\": 0}]}}}", "type",
         "mlflow.metrics.loss[0]"},
        {"{\"mlflow\": {\"info\": {\"run_id\": \"r1\"}, \"params\": [1, 2]}}", "", ""},
        {"{\"mlflow\": {\"info\": {}, \"params\": {}}}", "required", "mlflow.info"},
        {"{\"mlflow\": {\"registered_model\": {\"name\": \"m\", \"versions\": {}}}}", "type", "mlflow.registered_model.versions"},
        {"{\"mlflow\": {\"registered_model\": {\"name\": \"m\", \"versions\": [{\"version\": \"1\", \"aliases\": [\"bad alias\"]}]}}}",
         "alias", "aliases[0]"},
        {"{\"mlflow\": {\"model_version\": {\"name\": \"m\"}}}", "required", "mlflow.model_version"},
        {"{\"mlflow\": {\"registered_model\": {\"name\": \"m\", \"versions\": [{\"version\": \"1\",}]}}}", "syntax", ""},
        {"{\"mlflow\": 7}", "type", "mlflow"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        std::vector<importers::SourceFile> files{mvr::test::textFile("model.json", c.text)};
        files[0].role = importers::Role::MlflowJson;
        importers::Result r = importers::importFiles(files);
        INFO(mvr::test::allDiagnostics(r));
        if (c.code.empty()) {
            // params as a list of non-pairs: nothing usable, but the run still imports (MLflow's REST form is pairs)
            CHECK(r.ok());
            continue;
        }
        CHECK(r.versions.empty());
        REQUIRE_FALSE(r.problems.empty());
        CHECK(r.problems[0].code == c.code);
        if (!c.path.empty()) CHECK(r.problems[0].path == c.path);
        CHECK(r.problems[0].line >= 1);
    }
}

TEST_CASE("mlflow: diffing two imported versions shows params, metrics and data digests; \"0.1\" and \"0.10\" are the same") {
    std::string base = fixtureText(kSamples + "single/experiments/basic/runs/eb66c160957d4a28b11d3f1b968df9cd/run.json");
    auto variant = [&](const std::string& id, const std::string& depth, const std::string& alpha, const std::string& rmse,
                       const std::string& digest) {
        std::string t = mvr::test::replaceAll(base, "eb66c160957d4a28b11d3f1b968df9cd", id);
        t = mvr::test::replaceAll(t, "\"max_depth\": \"4\"", "\"max_depth\": \"" + depth + "\", \"alpha\": \"" + alpha + "\"");
        t = mvr::test::replaceAll(t, "0.7367947360663162", rmse);
        t = mvr::test::replaceAll(t, "\"params\": {",
                                  "\"inputs\": {\"dataset_inputs\": [{\"tags\": [], \"dataset\": {\"name\": \"wine\", \"digest\": \"" +
                                      digest + "\", \"source_type\": \"local\", \"source\": \"{}\"}}]}, \"params\": {");
        return mvr::test::textFile("run-" + id + ".json", t);
    };
    std::vector<importers::SourceFile> files{variant("run-a", "4", "0.1", "0.7367947360663162", "aaaa1111"),
                                             variant("run-b", "6", "0.10", "0.7011", "bbbb2222")};
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 2);
    core::Manifest a = manifestOf(r.versions[0].doc), b = manifestOf(r.versions[1].doc);
    core::VersionDiff d = core::diffVersions(a, b);
    std::vector<std::string> rows;
    for (const core::DiffEntry& e : d.entries)
        if (e.section != core::Section::Extra)
            rows.push_back(std::string(core::sectionName(e.section)) + " " + e.path + " " + core::changeName(e.change));
    // tags.run_id: the run's own tag saying its id.
    CHECK(rows == std::vector<std::string>{"field tags.run_id changed", "param max_depth changed", "metric rmse changed",
                                           "dataset wine.digest changed"});
    for (const core::DiffEntry& e : d.entries) {
        if (e.path == "max_depth") {
            CHECK(e.before.text == "4");
            CHECK(e.after.text == "6");
        }
        if (e.path == "rmse") CHECK(e.absDelta == Approx(0.7011 - 0.7367947360663162));
        if (e.path == "wine.digest") {
            CHECK(e.before.text == "mlflow:aaaa1111");
            CHECK(e.after.text == "mlflow:bbbb2222");
        }
    }
}
