// The one import every front end runs: the same inputs give the same registry whether the job runs to its
// end (the CLI) or in small steps (the app, one frame at a time); a problem anywhere commits nothing;
// validation stores nothing and finds conflicts within the files by the same rule as an import; a reader
// beside storing that fails makes a problem of its file, not a half import.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ops/import_job.hpp"
#include "test_support.hpp"

using namespace mvr;

namespace {

ops::ImportInput bytesInput(const std::string& name, const std::string& text) {
    ops::ImportInput in;
    in.name = in.rel = name;
    in.bytes = text;
    in.haveBytes = true;
    in.size = text.size();
    return in;
}

std::string exportAll(storage::Registry& r) {
    std::string out;
    r.exportTo({}, [&](std::string_view s) { out.append(s); });
    return out;
}

std::string manifests(int from, int to, const std::string& model = "m") {
    std::string s = "[";
    for (int i = from; i <= to; ++i)
        s += (i > from ? "," : "") + std::string("{\"model\":\"") + model + "\",\"version\":" + std::to_string(i) +
             ",\"metrics\":{\"auc\":0." + std::to_string(i % 10) + "},\"params\":{\"lr\":" + std::to_string(i) + "}}";
    return s + "]";
}

const char* kDvcLock =
    "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n    - path: data/train.csv\n      md5: "
    "0123456789abcdef0123456789abcdef\n      size: 10\n    outs:\n    - path: model.pkl\n      md5: "
    "fedcba9876543210fedcba9876543210\n      size: 20\n";

// A reader beside storing that gives up after its first pack: what a worker that stops answering does.
class StoppingReader final : public ops::ParallelReader {
public:
    bool start(const std::string&, std::string_view) override { return true; }
    Status pump(ops::PreparedFile&, bool, std::string& failure) override {
        failure = "the parse worker stopped answering";
        return Status::Failed;
    }
    bool clean() const override { return false; }
    size_t dropped() const override { return 0; }
    double progress() const override { return 0; }
    void cancel() override {}
};

}  // namespace

TEST_CASE("import job: stepped in small steps or run to its end, the same registry and reports") {
    std::vector<ops::ImportInput> inputs = {bytesInput("a.json", manifests(1, 300)), bytesInput("b.json", manifests(1, 50, "n"))};
    storage::Registry whole(":memory:"), stepped(":memory:");
    ops::ImportJob one(&whole, {}, inputs, {}, nullptr);
    while (one.step(1e12)) {
    }
    ops::ImportJob many(&stepped, {}, inputs, {}, nullptr);
    size_t steps = 0, lastRead = 0;
    double last = 0;
    bool sawA = false, sawB = false;
    while (many.step(0.01)) {
        ++steps;
        CHECK(many.progress() >= last);
        last = many.progress();
        // What the app shows while it runs: the file being read and the versions read so far.
        CHECK(many.versionsRead() >= lastRead);
        CHECK(many.versionsRead() <= 350);
        lastRead = many.versionsRead();
        sawA = sawA || many.currentFile() == "a.json";
        sawB = sawB || many.currentFile() == "b.json";
    }
    CHECK(steps > 1);
    CHECK(sawA);
    CHECK(sawB);
    CHECK(many.currentFile().empty());
    CHECK(many.versionsRead() == 350);
    REQUIRE(one.result().committed);
    REQUIRE(many.result().committed);
    CHECK(one.result().imported() == 350);
    CHECK(one.result().firstModel == "m");
    CHECK(many.result().imported() == 350);
    CHECK(exportAll(whole) == exportAll(stepped));
    REQUIRE(many.result().files.size() == 2);
    CHECK(many.result().files[0].file == "a.json");
    CHECK(many.result().files[1].imported == 50);
}

TEST_CASE("import job: an input the front end knows is mvr's format (the bundled example) is read from its bytes") {
    storage::Registry r(":memory:");
    ops::ImportInput example = bytesInput("example registry", manifests(1, 5));
    example.knownMvr = true;
    ops::ImportJob job(&r, {}, {example}, {}, nullptr);
    while (job.step(0.01)) {
    }
    INFO(job.result().firstProblem());
    CHECK(job.result().committed);
    CHECK(r.versionCount() == 5);
}

TEST_CASE("import job: mvr files and other tools' files are one transaction; a problem in either commits nothing") {
    storage::Registry r(":memory:");
    {
        ops::ImportJob job(&r, {}, {bytesInput("v.json", manifests(1, 3)), bytesInput("dvc.lock", kDvcLock)}, {}, nullptr);
        while (job.step(1e12)) {
        }
        const ops::ImportResult& res = job.result();
        INFO(res.firstProblem());
        REQUIRE(res.committed);
        REQUIRE(res.files.size() == 2);
        CHECK(res.formats[1] == "dvc");
        CHECK(res.files[1].imported == 1);
        CHECK(r.versionCount() == 4);
    }
    {
        // A broken mvr file: the DVC project beside it is not imported either.
        ops::ImportJob job(&r, {}, {bytesInput("bad.json", "[{\"model\":\"m\",\"version\":9,\"metrics\":{\"auc\":\"x\"}}]"),
                                   bytesInput("dvc.lock", std::string(kDvcLock) + "  eval:\n    cmd: python eval.py\n")},
                           {}, nullptr);
        while (job.step(1e12)) {
        }
        CHECK_FALSE(job.result().committed);
        CHECK(job.result().problems() == 1);
        CHECK(job.result().badFiles() == 1);
        CHECK(r.versionCount() == 4);
    }
}

TEST_CASE("import job: validation stores nothing, and finds conflicts within the files by the import's rule") {
    storage::Registry r(":memory:");
    ops::ImportOptions opt;
    opt.validateOnly = true;
    ops::ImportJob job(&r, opt,
                       {bytesInput("one.json", "[{\"model\":\"x\",\"version\":1,\"description\":\"a\"}]"),
                        bytesInput("two.json", "\n[{\"model\":\"x\",\"version\":1,\"description\":\"b\"}]")},
                       {}, nullptr);
    while (job.step(1e12)) {
    }
    const ops::ImportResult& res = job.result();
    CHECK_FALSE(res.committed);
    REQUIRE(res.files.size() == 2);
    CHECK(res.files[0].ok());
    REQUIRE(res.files[1].problems.size() == 1);
    CHECK(res.files[1].problems[0].code == "conflict");
    CHECK(res.files[1].problems[0].message == "x@1 appears again with different content (first at one.json:1:2)");
    CHECK(res.files[1].problems[0].line == 2);
    CHECK(r.versionCount() == 0);  // the registry handed in is not touched
}

TEST_CASE("import job: a reader beside storing that fails makes a problem of its file, and nothing commits") {
    storage::Registry r(":memory:");
    StoppingReader reader;
    ops::ImportInput big;
    big.name = big.rel = "big.json";
    big.readerSource = "7";
    big.size = 1 << 20;
    ops::ImportJob job(&r, {}, {bytesInput("small.json", manifests(1, 2)), big}, {}, &reader);
    while (job.step(1e12)) {
    }
    const ops::ImportResult& res = job.result();
    CHECK_FALSE(res.committed);
    REQUIRE(res.files.size() == 2);
    CHECK(res.files[0].ok());
    REQUIRE(res.files[1].problems.size() == 1);
    CHECK(res.files[1].problems[0].code == "io");
    CHECK(res.files[1].problems[0].message == "the parse worker stopped answering");
    CHECK(r.versionCount() == 0);
}

TEST_CASE("import job: a job dropped before its end rolls back") {
    storage::Registry r(":memory:");
    {
        ops::ImportJob job(&r, {}, {bytesInput("a.json", manifests(1, 2000))}, {}, nullptr);
        job.step(0.01);
        CHECK_FALSE(job.finished());
    }
    CHECK(r.versionCount() == 0);
    ops::ImportJob again(&r, {}, {bytesInput("a.json", manifests(1, 20))}, {}, nullptr);
    while (again.step(1e12)) {
    }
    CHECK(again.result().committed);
    CHECK(r.versionCount() == 20);
}

TEST_CASE("import job: a conflict with a stored version is replaceable, one within the import is not") {
    storage::Registry r(":memory:");
    ops::ImportJob first(&r, {}, {bytesInput("a.json", manifests(1, 2))}, {}, nullptr);
    while (first.step(1e12)) {
    }
    REQUIRE(first.result().committed);
    // m@2 differs from the stored one; n@1 appears twice with different content within this import.
    std::string other = "[{\"model\":\"m\",\"version\":2,\"description\":\"changed\"},"
                        "{\"model\":\"n\",\"version\":1},{\"model\":\"n\",\"version\":1,\"description\":\"x\"}]";
    ops::ImportJob again(&r, {}, {bytesInput("b.json", other)}, {}, nullptr);
    while (again.step(1e12)) {
    }
    CHECK_FALSE(again.result().committed);
    CHECK(again.result().replaceable() == std::vector<std::string>{"m@2"});
    ops::ImportOptions replace;
    replace.replace = true;
    ops::ImportJob replacing(&r, replace, {bytesInput("c.json", "{\"model\":\"m\",\"version\":2,\"description\":\"changed\"}")}, {}, nullptr);
    while (replacing.step(1e12)) {
    }
    CHECK(replacing.result().committed);
    CHECK(replacing.result().replaced() == 1);
    CHECK(replacing.result().replaceable().empty());
}

TEST_CASE("import job: counting manifests ahead scans brackets and strings only") {
    size_t n = 99;
    CHECK(ops::countManifests(manifests(1, 30), n));
    CHECK(n == 30);
    CHECK(ops::countManifests(" \n[ ]", n));
    CHECK(n == 0);
    CHECK(ops::countManifests("\xEF\xBB\xBF[{\"model\":\"m\",\"version\":1}]", n));
    CHECK(n == 1);
    // Brackets, commas and escaped quotes inside strings are not structure.
    CHECK(ops::countManifests("[{\"model\":\"a,[b\\\"]{\",\"version\":1,\"tags\":{\"x\":\"],\"}},{\"model\":\"c\",\"version\":2}]", n));
    CHECK(n == 2);
    // A registry counts its versions; one manifest is one, whatever lists it holds.
    CHECK(ops::countManifests("{\"format\": \"mvr-registry\", \"format_version\": 1, \"versions\": " + manifests(1, 7) + "}", n));
    CHECK(n == 7);
    CHECK(ops::countManifests("{\"model\":\"m\",\"version\":1,\"versions\":[1,2,3],\"params\":{\"a\":[1,2]}}", n));
    CHECK(n == 1);
    CHECK_FALSE(ops::countManifests("[{\"model\":\"m\",", n));
    CHECK_FALSE(ops::countManifests("[\"unterminated", n));
    CHECK_FALSE(ops::countManifests("", n));
}

namespace {
struct ViewText final : ops::FileAccess::Text {
    std::string_view text;
    std::string_view view() const override { return text; }
};
}  // namespace

TEST_CASE("import job: versions read of the total, exact for held text, estimated from bytes read for files opened later") {
    std::vector<ops::ImportInput> held = {bytesInput("a.json", manifests(1, 300)), bytesInput("b.json", manifests(1, 50, "n"))};
    storage::Registry r1(":memory:");
    ops::ImportJob counted(&r1, {}, held, {}, nullptr);
    CHECK_FALSE(counted.versionsTotal().known);  // nothing planned yet
    while (counted.step(0.01)) {
        ops::ImportJob::Total t = counted.versionsTotal();
        CHECK(t.known);
        CHECK(t.exact);
        CHECK(t.versions == 350);
    }
    CHECK(counted.versionsTotal().exact);
    CHECK(counted.versionsTotal().versions == 350);

    // Files the job opens when their turn comes are not counted ahead: once one is read, the others are
    // estimated at its versions per byte; exact at the end.
    std::map<std::string, std::string> files = {{"/x/a.json", manifests(1, 100)}, {"/x/b.json", manifests(101, 200)},
                                                {"/x/c.json", manifests(201, 300)}};
    ops::FileAccess access;
    access.open = [&](const std::string& path, std::string&) {
        auto t = std::make_unique<ViewText>();
        t->text = files.at(path);
        return std::unique_ptr<ops::FileAccess::Text>(std::move(t));
    };
    access.size = [&](const std::string& path) { return files.at(path).size(); };
    std::vector<ops::ImportInput> later;
    for (const auto& [path, text] : files) {
        ops::ImportInput in;
        in.name = in.path = path;
        in.rel = path.substr(3);
        in.size = text.size();
        later.push_back(in);
    }
    storage::Registry r2(":memory:");
    ops::ImportJob estimated(&r2, {}, later, access, nullptr);
    bool sawEstimate = false;
    while (estimated.step(0.001)) {
        ops::ImportJob::Total t = estimated.versionsTotal();
        if (estimated.versionsRead() == 0) CHECK_FALSE(t.known);
        if (t.known && !t.exact) {
            sawEstimate = true;
            CHECK(t.versions >= estimated.versionsRead());
            CHECK(t.versions > 270);
            CHECK(t.versions < 330);
        }
    }
    CHECK(sawEstimate);
    REQUIRE(estimated.result().committed);
    CHECK(estimated.versionsTotal().exact);
    CHECK(estimated.versionsTotal().versions == 300);
}
