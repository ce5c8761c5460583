// The importers as a whole: every real file of tests/fixtures/real imports by itself (or says why it holds no
// version, or where it is broken), a drop of files of every format at once, the shared helpers, built versions
// that mvr could not read back (reported at their source), names that are not UTF-8, and a fuzz run: thousands of
// mutated inputs, each either refused with problems or giving versions that survive an export and re-import.
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "importers/common.hpp"
#include "importers/importers.hpp"
#include "ops/file_import.hpp"
#include "storage/registry.hpp"
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

TEST_CASE("importers: a built version that mvr could not read back is a problem of its source, at the value's place") {
    using namespace mvr::importers::detail;
    importers::SourceFile f = mvr::test::textFile("card.md", "# m\n");
    core::Value doc = manifestStart("m", labelValue("1"), false);
    core::Value params = core::Value::makeObject();
    core::Value lr = core::Value::makeNumberLexeme("0.1"), again = core::Value::makeNumberLexeme("0.2");
    lr.pos = {5, 7};
    again.pos = {6, 7};
    params.members.push_back(core::Member{"lr", lr, {5, 3}});
    params.members.push_back(core::Member{"lr", again, {6, 3}});
    core::Value tiny = core::Value::makeNumberLexeme("1e-400");
    tiny.pos = {7, 10};
    params.members.push_back(core::Member{"eps", tiny, {7, 3}});
    doc.set("params", std::move(params));
    core::Value xs = sourceInfo("huggingface", "card.md");
    core::Value text = str("caf\xE9");
    text.pos = {3, 14};
    xs.set("text", std::move(text));
    xs.set("f\xFF", str("key"));  // no place of its own: that of the x_source around it (none here)
    doc.set("x_source", std::move(xs));
    importers::Result r;
    emit(r, f, doc, false, f.path);
    INFO(mvr::test::allDiagnostics(r));
    CHECK(r.versions.empty());
    std::map<std::string, core::Diagnostic> byCode;
    for (const core::Diagnostic& d : r.problems) byCode.emplace(d.code, d);
    REQUIRE(byCode.count("duplicate-key"));
    REQUIRE(byCode.count("number-range"));
    REQUIRE(byCode.count("utf8"));
    const core::Diagnostic& dup = byCode["duplicate-key"];
    CHECK(dup.file == "card.md");
    CHECK(dup.path == "params.lr");
    CHECK(dup.line == 6);
    CHECK(dup.col == 3);
    CHECK(dup.message == "the version made from this file would not import again: duplicate key (first at line 5, column 3)");
    CHECK(byCode["number-range"].path == "params.eps");
    CHECK(byCode["number-range"].line == 7);
    CHECK(byCode["number-range"].col == 10);
    size_t utf8 = 0;
    for (const core::Diagnostic& d : r.problems)
        if (d.code == "utf8") {
            ++utf8;
            if (d.path == "x_source.text") CHECK((d.line == 3 && d.col == 14));
        }
    CHECK(utf8 == 2);

    // Nesting counts as in an export, where each manifest is one level down: params nested 256 levels deep read
    // from a manifest file of their own, not from an export.
    core::Value deep = core::Value::makeInteger(1);
    for (int i = 0; i < 256; ++i) {
        core::Value o = core::Value::makeObject();
        o.set("d", std::move(deep));
        deep = std::move(o);
    }
    core::Value deepDoc = manifestStart("m", labelValue("2"), false);
    deepDoc.set("params", std::move(deep));
    r = importers::Result();
    emit(r, f, deepDoc, false, f.path);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].code == "depth");
    CHECK(r.problems[0].path.rfind("params.d.d", 0) == 0);
}

TEST_CASE("importers: names that are not UTF-8 are kept percent-encoded, part by part") {
    using mvr::importers::detail::nameText;
    CHECK(nameText("models/run.json") == "models/run.json");
    CHECK(nameText("50%/caf\xC3\xA9.json") == "50%/caf\xC3\xA9.json");  // valid UTF-8: as it is
    CHECK(nameText("r\xE9sultats/50%/caf\xC3\xA9-\xFF%.json") == "r%E9sultats/50%/caf\xC3\xA9-%FF%25.json");
    CHECK(nameText("\xED\xA0\x80") == "%ED%A0%80");  // an encoded surrogate is no UTF-8

    // A run in a folder with such a name: its x_source keeps the name so, and the version reads back.
    std::string run = mvr::test::fixtureText("mlflow-export-import/oss_mlflow/single/experiments/basic/runs/"
                                             "eb66c160957d4a28b11d3f1b968df9cd/run.json");
    importers::Result r = mvr::test::imported({mvr::test::textFile("r\xE9sultats/run.json", run, "/tmp/exp\xE9")});
    CHECK(at(r.versions[0].doc, {"x_source", "file"}).text == "r%E9sultats/run.json");
    CHECK(r.versions[0].source == "/tmp/exp\xE9/r\xE9sultats/run.json");  // messages name the file as it is

    // A DVC project named after its folder.
    std::vector<importers::SourceFile> dvc;
    for (const char* rel : {"dvc.lock", "params.yaml"})
        dvc.push_back(mvr::test::textFile(rel, mvr::test::fixtureText(std::string("dvc-example-get-started/") + rel), "/tmp/proj\xE9"));
    CHECK(at(mvr::test::imported(dvc).versions[0].doc, {"model"}).text == "proj%E9");
}

namespace {

// splitmix64: the same inputs on every run and every platform.
struct Rng {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
};

// Text with bytes that are not printable ASCII as \xNN (for failure messages).
std::string shown(const std::string& s, size_t max = 300) {
    std::string out;
    for (unsigned char c : s.substr(0, max)) {
        if (c >= 0x20 && c < 0x7F) out += static_cast<char>(c);
        else {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02X", c);
            out += b;
        }
    }
    return out;
}

const char* const kBadUtf8[] = {"\xE9", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\x80", "\xE2\x82"};
const char* const kExtremeNumbers[] = {"1e400", "-1e400", "1e-400", "-1E-999", "0e-400", "4.9e-324", "2.5e-324",
                                       "1.7976931348623157e308", "1.8e308", "12345678901234567890", "-9223372036854775809",
                                       "9223372036854775807", "-0", "0.0000000000000000000001e-300", "1e99999999999",
                                       ".inf", "NaN", "0x7FFFFFFFFFFFFFFF", "0o777"};

// Keys written in a JSON or YAML text (a guess: the words before a ':').
std::vector<std::string> keysOf(const std::string& t) {
    std::vector<std::string> keys;
    for (size_t c = t.find(':'); c != std::string::npos && keys.size() < 200; c = t.find(':', c + 1)) {
        size_t end = c;
        if (end > 0 && t[end - 1] == '"') --end;
        size_t start = end;
        while (start > 0 && (std::isalnum(static_cast<unsigned char>(t[start - 1])) || t[start - 1] == '_' || t[start - 1] == '-' ||
                             t[start - 1] == '/'))
            --start;
        if (start < end) keys.push_back(t.substr(start, end - start));
    }
    return keys;
}

// One change to text, described in what.
std::string mutate(std::string t, Rng& rng, std::string& what) {
    bool json = t.find_first_not_of(" \t\r\n") != std::string::npos && (t[t.find_first_not_of(" \t\r\n")] == '{' || t[t.find_first_not_of(" \t\r\n")] == '[');
    switch (rng.below(5)) {
    case 0: {  // a byte changed
        if (t.empty()) break;
        size_t at = rng.below(t.size());
        t[at] = static_cast<char>(rng.below(256));
        what += " byte@" + std::to_string(at);
        break;
    }
    case 1: {  // invalid UTF-8, most often just inside a string or a value
        size_t at = rng.below(t.size() + 1);
        size_t q = t.find_first_of(json ? "\"" : ":\n#", at);
        if (q != std::string::npos && rng.below(4)) at = q + (t[q] == ':' ? 2 : 1);
        at = std::min(at, t.size());
        const char* bad = kBadUtf8[rng.below(sizeof kBadUtf8 / sizeof *kBadUtf8)];
        t.insert(at, bad);
        what += " utf8@" + std::to_string(at);
        break;
    }
    case 2: {  // a number replaced by an extreme one
        std::vector<size_t> starts;
        for (size_t i = 0; i < t.size(); ++i)
            if (std::isdigit(static_cast<unsigned char>(t[i])) && (i == 0 || (!std::isalnum(static_cast<unsigned char>(t[i - 1])) && t[i - 1] != '.' && t[i - 1] != '_')))
                starts.push_back(i);
        if (starts.empty()) break;
        size_t at = starts[rng.below(starts.size())];
        if (at > 0 && t[at - 1] == '-') --at;
        size_t end = at + 1;
        while (end < t.size() && (std::isdigit(static_cast<unsigned char>(t[end])) || t[end] == '.' || t[end] == 'e' || t[end] == 'E' || t[end] == '+' || t[end] == '-'))
            ++end;
        const char* n = kExtremeNumbers[rng.below(sizeof kExtremeNumbers / sizeof *kExtremeNumbers)];
        t.replace(at, end - at, n);
        what += std::string(" number@") + std::to_string(at) + "=" + n;
        break;
    }
    default: {  // a key again, or a dotted name that nested keys also give
        std::vector<std::string> keys = keysOf(t);
        if (keys.empty()) break;
        std::string k = keys[rng.below(keys.size())];
        if (rng.below(2)) k += "." + keys[rng.below(keys.size())];
        std::string value = rng.below(2) ? "1" : "\"x\"";
        if (json) {
            std::vector<size_t> opens;
            for (size_t i = 0; i < t.size(); ++i)
                if (t[i] == '{') opens.push_back(i);
            if (opens.empty()) break;
            size_t at = opens[rng.below(opens.size())] + 1;
            size_t next = t.find_first_not_of(" \t\r\n", at);
            bool empty = next != std::string::npos && t[next] == '}';
            t.insert(at, "\"" + k + "\": " + value + (empty ? "" : ", "));
        } else {
            std::vector<size_t> lines{0};
            for (size_t i = 0; i + 1 < t.size(); ++i)
                if (t[i] == '\n') lines.push_back(i + 1);
            size_t at = lines[rng.below(lines.size())];
            size_t indent = at;
            while (indent < t.size() && t[indent] == ' ') ++indent;
            t.insert(at, t.substr(at, indent - at) + k + ": " + value + "\n");
        }
        what += " key " + k;
        break;
    }
    }
    return t;
}

// Every version of r stored in an empty registry, exported, imported into another empty registry and exported
// again: "" when that import has no problem and the two exports are the same bytes (or when storing them was
// refused as a conflict, a problem the import reports), else what went wrong.
std::string roundTrip(const importers::Result& r) {
    storage::Registry first(":memory:");
    auto session = first.beginImport();
    storage::FileReport stored;
    stored.file = "built";
    for (const importers::Version& v : r.versions) {
        if (v.numbered) session->addNumbered(v.doc, stored);
        else session->addDocument(v.doc, stored);
    }
    if (!stored.ok()) {
        for (const core::Diagnostic& d : stored.problems)
            if (d.code != "conflict") return "storing the built versions: " + mvr::test::dump(stored.problems);
        return "";
    }
    if (!session->commit()) return "the first commit failed";
    std::string once, twice;
    first.exportTo({}, [&](std::string_view s) { once.append(s); });
    storage::Registry second(":memory:");
    auto again = second.beginImport();
    storage::FileReport back = mvr::ops::importText(*again, "export.json", once);
    if (!back.ok()) return "importing the export again: " + mvr::test::dump(back.problems);
    if (!again->commit()) return "the second commit failed";
    second.exportTo({}, [&](std::string_view s) { twice.append(s); });
    if (twice != once) return "the second export differs from the first:\n" + shown(once, 2000) + "\n" + shown(twice, 2000);
    return "";
}

struct Seed {
    std::string name;
    std::vector<importers::SourceFile> files;
};

std::vector<Seed> fuzzSeeds() {
    std::vector<Seed> seeds;
    std::vector<std::string> all;
    mvr::test::listFiles(mvr::test::fixturePath(""), "", all);
    for (const std::string& rel : all) {
        if (rel == "README.md" || rel.find("SOURCE_COMMIT") != std::string::npos) continue;
        importers::SourceFile f = mvr::test::fixtureFile(rel);
        if (f.role != importers::Role::Mvr) seeds.push_back({rel, {f}});
    }
    seeds.push_back({"dvc project", mvr::test::fixtureFolder("dvc-example-get-started",
                                                             {"dvc.lock", "dvc.yaml", "params.yaml", "eval/live/metrics.json"})});
    seeds.push_back({"model version export", mvr::test::exportFolder(mvr::test::fixturePath("../mlflow-model-version/sklearn_wine"))});
    // Handmade: nested metrics and summaries (dotted names), YAML numbers, a card with results and text.
    seeds.push_back({"dvc metrics", {mvr::test::textFile("dvc.lock", mvr::test::fixtureText("dvc-example-get-started/dvc.lock"), "/p"),
                                     mvr::test::textFile("metrics.json", R"({"a": {"b": 1, "c": {"d": 2.5}}, "e": "text", "f": [1, 2]})", "/p"),
                                     mvr::test::textFile("params.yaml", "train:\n  lr: 0.001\n  seed: 7\n  layers: [64, 32]\nname: x\n", "/p")}});
    seeds.push_back({"wandb", {mvr::test::textFile("wandb-summary.json",
                                                   R"({"_step": 3, "_runtime": 12.5, "eval": {"f1": 0.8, "acc": 0.9}, "loss": 0.1, "note": "ok"})"),
                               mvr::test::fixtureFile("wandb/wandb_manifest.json")}});
    seeds.push_back({"card", {mvr::test::textFile("README.md",
                                                  "---\nlicense: mit\ntags: [a, b]\nbase_model: org/base\nmodel-index:\n- name: m\n  results:\n"
                                                  "  - task: {type: text-classification}\n    dataset: {type: imdb, name: IMDB, split: test}\n"
                                                  "    metrics:\n    - {type: accuracy, value: 0.91}\n    - {type: f1, value: '0.90'}\n---\n"
                                                  "# Model\n\nText with \xC3\xA9 and numbers 1e5.\n")}});
    seeds.push_back({"mlmodel", {mvr::test::textFile("MLmodel", "artifact_path: model\nflavors:\n  sklearn: {pickled_model: model.pkl}\n"
                                                                "model_size_bytes: 1024\nrun_id: abc123\n"
                                                                "utc_time_created: '2022-12-15 02:17:45.173770'\n")}});
    return seeds;
}

}  // namespace

TEST_CASE("importers: fuzzed inputs are refused with problems, or give versions that export and import back unchanged") {
    const std::vector<Seed> seeds = fuzzSeeds();
    REQUIRE(seeds.size() > 30);
    // MVR_FUZZ_INPUTS and MVR_FUZZ_SEED run it longer or otherwise, by hand (natively).
    const char* inputs = std::getenv("MVR_FUZZ_INPUTS");
    const char* seedText = std::getenv("MVR_FUZZ_SEED");
    const size_t kInputs = inputs ? std::strtoull(inputs, nullptr, 10) : 3000;
    Rng rng{seedText ? std::strtoull(seedText, nullptr, 10) : 20261102};
    size_t refused = 0, tripped = 0, failures = 0;
    std::set<std::string> seen;  // the versions already round-tripped (many mutations give the same)
    for (size_t n = 0; n < kInputs; ++n) {
        const Seed& seed = seeds[n % seeds.size()];
        std::vector<importers::SourceFile> files = seed.files;
        std::string what = seed.name + ":";
        size_t changes = 1 + rng.below(3);
        for (size_t c = 0; c < changes; ++c) {
            importers::SourceFile& f = files[rng.below(files.size())];
            if (rng.below(10) == 0) {  // a name that is not UTF-8
                const char* bad = kBadUtf8[rng.below(sizeof kBadUtf8 / sizeof *kBadUtf8)];
                std::string& name = rng.below(3) || f.root.empty() ? f.name : f.root;
                name.insert(rng.below(name.size() + 1), bad);
                f.path = f.root.empty() ? f.name : f.root + "/" + f.name;
                what += " name";
                continue;
            }
            what += " " + importers::baseName(f.name);
            f.text = mutate(f.text, rng, what);
            // As the CLI does: the role from the new content, never mvr's own format here.
            importers::Role role = importers::detect(f.name, f.text);
            if (role != importers::Role::Mvr) f.role = role;
        }
        importers::Result r = importers::importFiles(files);
        if (!r.ok()) {
            ++refused;
            for (const core::Diagnostic& d : r.problems)
                if (d.message.empty() || d.code.empty()) {
                    ++failures;
                    FAIL_CHECK(what << ": a problem without message or code");
                }
            continue;
        }
        if (r.versions.empty()) continue;
        std::string key;
        for (const importers::Version& v : r.versions) key += core::toCanonical(v.doc) + (v.numbered ? "#\n" : "\n");
        if (!seen.insert(key).second) continue;
        ++tripped;
        std::string why = roundTrip(r);
        if (!why.empty() && ++failures <= 5) {
            std::string texts;
            for (const importers::SourceFile& f : files) texts += "--- " + shown(f.name) + "\n" + shown(f.text, 1500) + "\n";
            FAIL_CHECK(shown(what) << "\n" << why << "\n" << texts);
        }
    }
    INFO(refused << " refused, " << tripped << " distinct imports round-tripped");
    CHECK(failures == 0);
    CHECK(refused > kInputs / 10);
    CHECK(tripped > kInputs / 10);
}
