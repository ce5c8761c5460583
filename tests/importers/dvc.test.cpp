// DVC (iterative/example-get-started's real files): a project folder is one numbered version; dvc.lock's outs
// are artifacts and its external deps datasets, with md5 digests, sizes and file counts; params come from
// params.yaml with the lock's values on top; metrics files; GTO tags; malformed locks; the diff of two locks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/manifest.hpp"
#include "importers/importers.hpp"
#include "importers/importers_support.hpp"

using namespace mvr;
using mvr::test::at;
using mvr::test::fixtureText;

namespace {

const std::string kProject = "dvc-example-get-started";

std::vector<importers::SourceFile> project() {
    return mvr::test::fixtureFolder(kProject, {"dvc.lock", "dvc.yaml", "params.yaml", "eval/live/metrics.json"});
}

const core::Value* dataRef(const core::Value& doc, const char* list, const std::string& path) {
    if (const core::Value* l = doc.find(list))
        for (const core::Value& d : l->items)
            if (d.find("path") && d.find("path")->text == path) return &d;
    return nullptr;
}

core::Manifest manifestOf(core::Value doc) {
    doc.set("version", core::Value::makeInteger(1));
    core::Diagnostics d;
    core::Manifest m;
    REQUIRE(core::validateManifest(std::move(doc), "x", "", d, m));
    return m;
}

}  // namespace

TEST_CASE("dvc: the project folder is one version of its dvc.yaml model") {
    std::vector<importers::SourceFile> files = project();
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const importers::Version& v = r.versions[0];
    CHECK(v.numbered);
    CHECK(v.source == mvr::test::fixturePath(kProject));
    const core::Value& doc = v.doc;
    CHECK(at(doc, {"model"}).text == "text-classification");
    CHECK(at(doc, {"description"}).text == "Detect whether the given stackoverflow question should have R language tag");
    CHECK(at(doc, {"tags", 0}).text == "nlp");
    CHECK(at(doc, {"tags", 2}).text == "stackoverflow");

    // Params: params.yaml's tree; the values the lock recorded (what produced the outputs) on top.
    CHECK(at(doc, {"params", "prepare", "split"}).text == "0.2");  // params.yaml says 0.20, dvc.lock 0.2
    CHECK(at(doc, {"params", "prepare", "seed"}).text == "20170428");
    CHECK(at(doc, {"params", "featurize", "max_features"}).text == "200");
    CHECK(at(doc, {"params", "featurize", "ngrams"}).text == "2");
    CHECK(at(doc, {"params", "train", "n_est"}).text == "50");
    CHECK(at(doc, {"params", "train", "min_split"}).text == "0.01");

    // Datasets: the deps no stage makes (data and code alike: DVC does not tell them apart).
    REQUIRE(at(doc, {"datasets"}).items.size() == 5);
    const core::Value* data = dataRef(doc, "datasets", "data/data.xml");
    REQUIRE(data);
    CHECK(at(*data, {"digest", "md5"}).text == "22a1a2931c8370d3aeedd7183606fd7f");
    CHECK(at(*data, {"size"}).text == "14445097");
    CHECK(at(*data, {"hash"}).text == "md5");
    CHECK(at(*data, {"stages", 0}).text == "prepare");
    const core::Value* evalPy = dataRef(doc, "datasets", "src/evaluate.py");
    REQUIRE(evalPy);
    CHECK(at(*evalPy, {"digest", "md5"}).text == "a1a59f55636170fb56e0c6afd3e28fa4");
    CHECK_FALSE(dataRef(doc, "datasets", "data/features"));  // made by featurize: an artifact

    // Artifacts: every stage's outs; folders keep DVC's ".dir" digest apart, with their file count.
    REQUIRE(at(doc, {"artifacts"}).items.size() == 4);
    const core::Value* prepared = dataRef(doc, "artifacts", "data/prepared");
    REQUIRE(prepared);
    CHECK(at(*prepared, {"digest", "md5-dir"}).text == "153aad06d376b6595932470e459ef42a");
    CHECK(at(*prepared, {"nfiles"}).text == "2");
    CHECK(at(*prepared, {"size"}).text == "8437363");
    CHECK(at(*prepared, {"stage"}).text == "prepare");
    const core::Value* model = dataRef(doc, "artifacts", "model.pkl");
    REQUIRE(model);
    CHECK(at(*model, {"digest", "md5"}).text == "d1f6e055f7f5e2827fcfae68d9b64d4c");
    CHECK(at(*model, {"size"}).text == "1958115");
    CHECK(at(*dataRef(doc, "artifacts", "eval"), {"nfiles"}).text == "8");

    // No metrics: the real eval/live/metrics.json is empty (a DVC output that is not in git).
    CHECK_FALSE(mvr::test::has(doc, "metrics"));
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].file == mvr::test::fixturePath(kProject + "/eval/live/metrics.json"));
    CHECK(r.notes[0].message.find("empty") != std::string::npos);

    const core::Value& xs = at(doc, {"x_source"});
    CHECK(at(xs, {"format"}).text == "dvc");
    CHECK(at(xs, {"files", 0}).text == "dvc.lock");
    CHECK(at(xs, {"files", 2}).text == "eval/live/metrics.json");
    CHECK(at(xs, {"schema"}).text == "2.0");
    CHECK(at(xs, {"stages", "train", "cmd"}).text == "python src/train.py data/features model.pkl");
    CHECK(at(xs, {"dvc_yaml", "plots", 0, "ROC", "x"}).text == "fpr");
}

TEST_CASE("dvc: each real file imports by itself") {
    importers::Result lock = importers::importFiles({mvr::test::fixtureFile(kProject + "/dvc.lock")});
    REQUIRE(lock.ok());
    REQUIRE(lock.versions.size() == 1);
    CHECK(at(lock.versions[0].doc, {"model"}).text == "dvc-project");  // nothing names it
    CHECK(at(lock.versions[0].doc, {"params", "train", "seed"}).text == "20170428");
    CHECK(at(lock.versions[0].doc, {"artifacts"}).items.size() == 4);

    importers::Result pipeline = importers::importFiles({mvr::test::fixtureFile(kProject + "/dvc.yaml")});
    REQUIRE(pipeline.ok());
    REQUIRE(pipeline.versions.size() == 1);
    CHECK(at(pipeline.versions[0].doc, {"model"}).text == "text-classification");
    CHECK_FALSE(mvr::test::has(pipeline.versions[0].doc, "artifacts"));

    importers::Result params = importers::importFiles({mvr::test::fixtureFile(kProject + "/params.yaml")});
    REQUIRE(params.ok());
    REQUIRE(params.versions.size() == 1);
    CHECK(at(params.versions[0].doc, {"params", "prepare", "split"}).text == "0.20");  // as written

    importers::Result empty = importers::importFiles({mvr::test::fixtureFile(kProject + "/eval/live/metrics.json")});
    CHECK(empty.ok());
    CHECK(empty.versions.empty());
    CHECK(empty.notes.size() == 2);  // the file is empty; so there is nothing to import
}

TEST_CASE("dvc: --model names the project's model; metrics files become metrics") {
    std::vector<importers::SourceFile> files = project();
    files.pop_back();
    files.push_back(mvr::test::textFile("eval/metrics.json", R"({"avg_prec": {"train": 0.97, "test": 0.93}, "roc_auc": 0.96, "note": "ok"})",
                                        files[0].root));
    files[3].role = importers::Role::DvcMetrics;
    importers::Options opt;
    opt.model = "so-tagger";
    importers::Result r = importers::importFiles(files, opt);
    REQUIRE(r.ok());
    const core::Value& doc = r.versions[0].doc;
    CHECK(at(doc, {"model"}).text == "so-tagger");
    CHECK(at(doc, {"metrics", "avg_prec.train"}).text == "0.97");
    CHECK(at(doc, {"metrics", "avg_prec.test"}).text == "0.93");
    CHECK(at(doc, {"metrics", "roc_auc"}).text == "0.96");
    CHECK(at(doc, {"x_source", "metrics", "eval/metrics.json", "note"}).text == "ok");
}

TEST_CASE("dvc: dropped files (names only) still make one version") {
    std::vector<importers::SourceFile> files{
        mvr::test::textFile("dvc.lock", fixtureText(kProject + "/dvc.lock")),
        mvr::test::textFile("params.yaml", fixtureText(kProject + "/params.yaml")),
        mvr::test::textFile("metrics.json", R"({"avg_prec": {"test": 0.9}})")};
    importers::Result r = importers::importFiles(files);
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    CHECK(at(r.versions[0].doc, {"model"}).text == "dvc-project");
    CHECK(at(r.versions[0].doc, {"metrics", "avg_prec.test"}).text == "0.9");
    CHECK(at(r.versions[0].doc, {"params", "train", "n_est"}).text == "50");
}

TEST_CASE("dvc: GTO tags given as text label the version and set aliases") {
    std::vector<importers::SourceFile> files = project();
    files.push_back(mvr::test::textFile("tags.txt", "text-classification@v1.2.0\ntext-classification#prod#3\n"));
    REQUIRE(files.back().role == importers::Role::GtoTags);
    importers::Result r = importers::importFiles(files);
    INFO(mvr::test::allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == 1);
    const importers::Version& v = r.versions[0];
    CHECK_FALSE(v.numbered);
    CHECK(at(v.doc, {"version"}).text == "v1.2.0");
    CHECK_FALSE(mvr::test::has(v.doc, "created_on"));  // the same files and tags import the same
    CHECK(at(v.doc, {"aliases", 0}).text == "prod");
    CHECK(at(v.doc, {"x_source", "gto_tags", 1}).text == "text-classification#prod#3");

    // Tags alone: a version tag makes a version; a stage tag with no version of its model is a problem.
    importers::Result alone = importers::importFiles({mvr::test::textFile("tags.txt", "churn@v2.0.0 churn#staging#1 churn@v1.0.0!")});
    INFO(mvr::test::allDiagnostics(alone));
    REQUIRE(alone.ok());
    REQUIRE(alone.versions.size() == 1);
    CHECK(at(alone.versions[0].doc, {"model"}).text == "churn");
    CHECK(at(alone.versions[0].doc, {"version"}).text == "v2.0.0");
    CHECK(at(alone.versions[0].doc, {"aliases", 0}).text == "staging");
    CHECK(alone.notes.size() == 1);  // the deprecation is not imported

    importers::Result lonely = importers::importFiles({mvr::test::textFile("tags.txt", "churn#prod#2")});
    REQUIRE(lonely.problems.size() == 1);
    CHECK(lonely.problems[0].message.find("no version of churn in this import") != std::string::npos);
    CHECK(lonely.versions.empty());
}

TEST_CASE("dvc: malformed YAML and JSON give clear problems and import nothing") {
    std::string lock = fixtureText(kProject + "/dvc.lock");
    struct Case {
        std::string name, text, code;
        uint32_t line;
        std::string path;
    };
    std::vector<Case> cases = {
        {"dvc.lock", mvr::test::replaceAll(lock, "    deps:\n    - path: data/data.xml", "    deps:\n   - path: data/data.xml"), "syntax", 6, ""},
        {"dvc.lock", mvr::test::replaceAll(lock, "md5: 22a1a2931c8370d3aeedd7183606fd7f", "md5: 22a1a2931c83"), "digest", 8,
         "datasets[0].digest.md5"},
        {"dvc.lock", mvr::test::replaceAll(lock, "      size: 14445097\n", "      size: 14445097\n      size: 3\n"), "duplicate-key", 10,
         "stages.prepare.deps[0].size"},
        {"dvc.lock", "schema: '2.0'\nstages:\n  train:\n    outs: model.pkl\n", "type", 4, "stages.train.outs"},
        {"dvc.lock", "schema: '2.0'\nstages: [a, b]\n", "type", 2, "stages"},
        {"dvc.lock", "schema: '2.0'\nstages:\n  train:\n    outs:\n    - md5: d1f6e055f7f5e2827fcfae68d9b64d4c\n", "required", 5,
         "stages.train.outs[0]"},
        {"params.yaml", "train:\n  lr: [0.1\n", "syntax", 3, ""},
        {"params.yaml", "- 1\n- 2\n", "type", 1, ""},
        {"metrics.json", "{\"acc\": 0.9,}", "syntax", 1, ""},
    };
    for (const Case& c : cases) {
        INFO(c.name << ":\n" << c.text);
        std::vector<importers::SourceFile> files{mvr::test::textFile(c.name, c.text)};
        importers::Result r = importers::importFiles(files);
        INFO(mvr::test::allDiagnostics(r));
        CHECK(r.versions.empty());
        REQUIRE_FALSE(r.problems.empty());
        CHECK(r.problems[0].code == c.code);
        CHECK(r.problems[0].line == c.line);
        if (!c.path.empty()) CHECK(r.problems[0].path == c.path);
        CHECK(r.problems[0].file == c.name);
    }
}

TEST_CASE("dvc: two lock files of successive commits diff by params, data digests and metrics") {
    std::string lock1 = fixtureText(kProject + "/dvc.lock");
    std::string lock2 = mvr::test::replaceAll(lock1, "22a1a2931c8370d3aeedd7183606fd7f", "0c3bd4a0c02d9a5c1e1e3e0b7b0a9d11");
    lock2 = mvr::test::replaceAll(lock2, "train.n_est: 50", "train.n_est: 100");
    lock2 = mvr::test::replaceAll(lock2, "d1f6e055f7f5e2827fcfae68d9b64d4c", "5f0a4b1f7c0e3e9a2b8d6c4e1f3a5b7c");
    lock2 = mvr::test::replaceAll(lock2, "size: 1958115", "size: 2058115");
    auto version = [](const std::string& lock, const std::string& metrics) {
        std::vector<importers::SourceFile> files{mvr::test::textFile("dvc.lock", lock), mvr::test::textFile("metrics.json", metrics)};
        importers::Result r = importers::importFiles(files);
        REQUIRE(r.ok());
        REQUIRE(r.versions.size() == 1);
        return manifestOf(r.versions[0].doc);
    };
    core::Manifest a = version(lock1, R"({"avg_prec": {"test": 0.925}, "roc_auc": 0.96})");
    core::Manifest b = version(lock2, R"({"avg_prec": {"test": 0.931}, "roc_auc": 0.96})");
    core::VersionDiff d = core::diffVersions(a, b);
    std::vector<std::string> rows;
    for (const core::DiffEntry& e : d.entries)
        rows.push_back(std::string(core::sectionName(e.section)) + " " + e.path + " " + core::changeName(e.change));
    CHECK(rows == std::vector<std::string>{"param train.n_est changed", "metric avg_prec.test changed",
                                           "dataset [\"data/data.xml\"].digest changed", "artifact [\"model.pkl\"].digest changed",
                                           "artifact [\"model.pkl\"].size changed"});
    for (const core::DiffEntry& e : d.entries) {
        if (e.path == "train.n_est") CHECK((e.before.text == "50" && e.after.text == "100"));
        if (e.path == "[\"data/data.xml\"].digest") {
            CHECK(e.before.text == "md5:22a1a2931c8370d3aeedd7183606fd7f");
            CHECK(e.after.text == "md5:0c3bd4a0c02d9a5c1e1e3e0b7b0a9d11");
        }
        if (e.path == "avg_prec.test") CHECK(e.absDelta == Approx(0.006));
    }
}

TEST_CASE("dvc: metric names that nested keys and a dotted key both give are a problem naming both") {
    std::vector<importers::SourceFile> files = project();
    files.back() = mvr::test::textFile("eval/metrics.json", "{\"a\": {\"b\": 1},\n \"a.b\": 2, \"n\": {\"x\": \"s\"}, \"n.x\": \"t\"}",
                                       files[0].root);
    std::vector<core::Diagnostic> ds = mvr::test::refused(files, 2);
    mvr::test::checkProblem(ds[0], "duplicate", "[\"a.b\"]", 2, 2);
    CHECK(ds[0].file == files[3].path);
    CHECK(ds[0].message == "\"a.b\" is given twice once nested keys are joined with '.': by a.b (line 1, column 8) "
                           "and by [\"a.b\"]; rename one of the keys");
    // The values that are no numbers (kept under x_source) too.
    mvr::test::checkProblem(ds[1], "duplicate", "[\"n.x\"]", 2, 29);
    CHECK(ds[1].message.find("by n.x (line 2, column 18)") != std::string::npos);
}

TEST_CASE("dvc: params that do not fit a 64-bit float are refused where they are written") {
    std::vector<importers::SourceFile> files = project();
    files[2].text = mvr::test::replaceAll(files[2].text, "n_est: 50", "n_est: 50\n  lr: 1e-400");
    uint32_t line = 1 + static_cast<uint32_t>(std::count(files[2].text.begin(), files[2].text.begin() + files[2].text.find("lr: 1e-400"), '\n'));
    std::vector<core::Diagnostic> ds = mvr::test::refused(files, 1);
    mvr::test::checkProblem(ds[0], "number-range", "train.lr", line, 7);
    CHECK(ds[0].file == files[2].path);
}
