// Manifest validation: each field's checks with their codes, paths and messages; RFC 3339 dates; labels;
// digests; the content digest (aliases excluded); natural label order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/blake2b.hpp"
#include "core/manifest.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::dump;
using mvr::test::json;

namespace {

struct Checked {
    bool ok = false;
    Manifest m;
    std::vector<Diagnostic> d;
};

Checked check(const std::string& text, const std::string& prefix = "") {
    Checked c;
    Diagnostics d;
    c.ok = validateManifest(json(text), "m.json", prefix, d, c.m);
    c.d = d.items();
    return c;
}

// {"model":"m","version":1, <extra>}
std::string with(const std::string& extra) { return "{\"model\":\"m\",\"version\":1" + (extra.empty() ? "" : "," + extra) + "}"; }

// Exactly one problem, with this code and path, and a message containing `part`.
void expectOne(const std::string& text, const std::string& code, const std::string& path, const std::string& part) {
    Checked c = check(text);
    INFO("manifest: " << text);
    INFO(dump(c.d));
    CHECK_FALSE(c.ok);
    REQUIRE(c.d.size() == 1);
    CHECK(c.d[0].code == code);
    CHECK(c.d[0].path == path);
    CHECK(c.d[0].file == "m.json");
    CHECK_THAT(c.d[0].message, Catch::Contains(part));
}

void expectValid(const std::string& text) {
    Checked c = check(text);
    INFO("manifest: " << text);
    INFO(dump(c.d));
    CHECK(c.ok);
    CHECK(c.d.empty());
}

}  // namespace

TEST_CASE("manifest: the documented example message, with its place") {
    const std::string text =
        "{\n"
        "  \"model\": \"churn\",\n"
        "  \"metrics\": {\n"
        "    \"auc\": \"0.91\"\n"
        "  },\n"
        "  \"version\": 4\n"
        "}";
    Diagnostics d;
    Manifest m;
    CHECK_FALSE(validateManifest(json(text), "metrics.json", "", d, m));
    REQUIRE(d.items().size() == 1);
    CHECK(formatDiagnostic(d.items()[0]) ==
          "metrics.json:4:12: metrics.auc: expected a number or an object with \"value\" and \"goal\", got string \"0.91\"");
    CHECK(d.items()[0].code == "type");
    // The rest is still filled in.
    CHECK(m.model == "churn");
    CHECK(m.label == "4");
}

TEST_CASE("manifest: the document itself, model and version") {
    expectOne("[1]", "type", "", "expected a manifest (a JSON object");
    expectOne("\"m\"", "type", "", "got string \"m\"");

    Checked none = check("{}");
    INFO(dump(none.d));
    REQUIRE(none.d.size() == 2);
    CHECK(none.d[0].code == "required");
    CHECK(none.d[0].path == "");
    CHECK_THAT(none.d[0].message, Catch::Contains("\"model\""));
    CHECK(none.d[1].code == "required");
    CHECK_THAT(none.d[1].message, Catch::Contains("\"version\""));

    expectOne("{\"model\":3,\"version\":1}", "type", "model", "expected a string (the model name), got number 3");
    expectOne("{\"model\":\"\",\"version\":1}", "name", "model", "invalid model name");
    expectOne("{\"model\":\" m\",\"version\":1}", "name", "model", "spaces at either end");
    expectOne("{\"model\":\"m \",\"version\":1}", "name", "model", "invalid model name");
    expectOne("{\"model\":\"a@b\",\"version\":1}", "name", "model", "'@'");
    expectOne("{\"model\":\"a\\tb\",\"version\":1}", "name", "model", "control or invisible formatting characters");
    // A name with an override reads as another name: refused, and the message shows the override as an escape.
    expectOne("{\"model\":\"a\xE2\x80\xAE" "b\",\"version\":1}", "name", "model", "string \"a\\u202eb\"");
    expectOne("{\"model\":\"m\",\"version\":\"v\xE2\x80\x8B" "1\"}", "label", "version", "invisible formatting");
    expectOne("{\"model\":\"" + std::string(257, 'x') + "\",\"version\":1}", "name", "model", "1 to 256 characters");
    expectValid("{\"model\":\"" + std::string(256, 'x') + "\",\"version\":1}");
    expectValid("{\"model\":\"churn xgb/v2 \xC3\xA9\",\"version\":1}");

    // With a prefix (the manifest's place in its file), paths are below it.
    Checked p = check("{\"model\":3,\"version\":1}", "[7]");
    REQUIRE(p.d.size() == 1);
    CHECK(p.d[0].path == "[7].model");
    Checked q = check("{\"version\":1}", "versions[2]");
    REQUIRE(q.d.size() == 1);
    CHECK(q.d[0].path == "versions[2]");
}

TEST_CASE("manifest: version labels") {
    struct Case {
        std::string json;
        std::string label;
        bool isInteger;
    };
    for (const Case& c : std::vector<Case>{{"3", "3", true},
                                           {"0", "0", true},
                                           {"\"v3\"", "v3", false},
                                           {"\"1.4.0\"", "1.4.0", false},
                                           {"\"3\"", "3", false},
                                           {"\"2024-05-01 nightly\"", "2024-05-01 nightly", false}}) {
        Checked r = check("{\"model\":\"m\",\"version\":" + c.json + "}");
        INFO(c.json << "\n" << dump(r.d));
        CHECK(r.ok);
        CHECK(r.m.label == c.label);
        CHECK(r.m.labelIsInteger == c.isInteger);
        CHECK(r.m.id() == "m@" + c.label);
    }
    // A fractional number is not a label; the message says how to write it.
    expectOne("{\"model\":\"m\",\"version\":1.5}", "type", "version", "(write \"1.5\" to use it as a label)");
    expectOne("{\"model\":\"m\",\"version\":-1}", "type", "version", "non-negative integer");
    expectOne("{\"model\":\"m\",\"version\":1e3}", "type", "version", "got number 1e3");
    expectOne("{\"model\":\"m\",\"version\":1.0}", "type", "version", "write \"1.0\"");
    expectOne("{\"model\":\"m\",\"version\":true}", "type", "version", "a version label");
    expectOne("{\"model\":\"m\",\"version\":null}", "type", "version", "got null");
    expectOne("{\"model\":\"m\",\"version\":\"\"}", "label", "version", "1 to 128 characters");
    expectOne("{\"model\":\"m\",\"version\":\"a@b\"}", "label", "version", "invalid version label");
    expectOne("{\"model\":\"m\",\"version\":\" v1\"}", "label", "version", "invalid version label");
    expectOne("{\"model\":\"m\",\"version\":\"" + std::string(129, '1') + "\"}", "label", "version", "invalid version label");
    expectValid("{\"model\":\"m\",\"version\":\"" + std::string(128, '1') + "\"}");

    std::string label;
    bool isInt = false;
    CHECK(labelFromValue(json("12"), label, isInt));
    CHECK(label == "12");
    CHECK(isInt);
    CHECK(labelFromValue(json("\"v2\""), label, isInt));
    CHECK(label == "v2");
    CHECK_FALSE(isInt);
    CHECK_FALSE(labelFromValue(json("1.5"), label, isInt));
    CHECK_FALSE(labelFromValue(json("-2"), label, isInt));
    CHECK_FALSE(labelFromValue(json("[]"), label, isInt));
}

TEST_CASE("manifest: text fields") {
    Checked ok = check(with("\"description\":\"d\",\"author\":\"a@example.org\",\"created_on\":\"2024-05-01T12:30:00Z\""));
    REQUIRE(ok.ok);
    CHECK(ok.m.description == "d");
    CHECK(ok.m.author == "a@example.org");
    CHECK(ok.m.createdOn == "2024-05-01T12:30:00Z");
    expectValid(with("\"description\":null,\"author\":null,\"created_on\":null"));
    expectOne(with("\"description\":5"), "type", "description", "expected a string, got number 5");
    expectOne(with("\"author\":[\"a\"]"), "type", "author", "got array");
    expectOne(with("\"created_on\":20240501"), "type", "created_on", "an RFC 3339 date-time string");
    expectOne(with("\"created_on\":\"2024-05-01\""), "date", "created_on", "expected RFC 3339, e.g.");
    expectOne(with("\"created_on\":\"2023-02-29T00:00:00Z\""), "date", "created_on", "invalid date-time string \"2023-02-29T00:00:00Z\"");
}

TEST_CASE("manifest: RFC 3339 date-times") {
    for (const char* s : {"2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-05-01T12:00:00.5+02:00",
                          "2024-05-01t12:00:00z", "2024-05-01 12:00:00Z", "2024-12-31T23:59:60Z",
                          "2024-05-01T12:00:00-05:30", "2024-05-01T12:00:00.123456789Z", "2024-05-01T12:00:00+23:59",
                          "2024-01-31T00:00:00Z", "2024-04-30T00:00:00Z", "0001-01-01T00:00:00Z"}) {
        INFO(s);
        CHECK(isRfc3339(s));
    }
    for (const char* s : {"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
                          "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:61Z",
                          "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z",
                          "2024-01-00T00:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00+0200",
                          "2024-05-01T12:00:00+24:00", "2024-05-01T12:00:00+02:60", "2024-05-01T12:00:00.Z",
                          "2024-05-01", "2024-5-01T12:00:00Z", "2024-05-01T12:00:00Zjunk",
                          "2024-05-01T12:00:00+02:00x", "2024-05-01X12:00:00Z", "", "2024-05-01T12:00:00 Z",
                          "2024-05-01T12:00:00+02", "2024-05-01T1:00:00ZZ", "24-05-01T12:00:00Z",
                          "2024-05-01T12:00:00,5Z"}) {
        INFO(s);
        CHECK_FALSE(isRfc3339(s));
    }
    std::string now = nowRfc3339();
    CHECK(isRfc3339(now));
    CHECK(now.size() == 20);
    CHECK(now.back() == 'Z');
    CHECK(now >= "2025-01-01T00:00:00Z");  // a clock that works
}

TEST_CASE("manifest: metrics") {
    Checked ok = check(with("\"metrics\":{\"auc\":0.91,\"loss\":{\"value\":0.3,\"goal\":\"min\"},"
                            "\"acc\":{\"value\":1.0,\"goal\":\"max\",\"steps\":[0.5,{\"step\":2,\"value\":0.7,\"timestamp\":\"2024-05-01T00:00:00Z\"}]},"
                            "\"f1\":{\"value\":0.5,\"goal\":null}}"));
    INFO(dump(ok.d));
    REQUIRE(ok.ok);
    REQUIRE(ok.m.metrics.size() == 4);
    CHECK(ok.m.metrics[0].name == "auc");
    CHECK(ok.m.metrics[0].value == 0.91);
    CHECK(ok.m.metrics[0].goal == Goal::None);
    CHECK(ok.m.metric("loss")->goal == Goal::Min);
    CHECK(ok.m.metric("acc")->goal == Goal::Max);
    CHECK(ok.m.metric("acc")->lexeme == "1.0");
    CHECK(ok.m.metric("acc")->steps == 2);
    CHECK(ok.m.metric("nope") == nullptr);

    expectOne(with("\"metrics\":{\"auc\":\"0.91\"}"), "type", "metrics.auc", "expected a number");
    expectOne(with("\"metrics\":[1]"), "type", "metrics", "an object of metric name to number");
    expectOne(with("\"metrics\":{\"auc\":{\"goal\":\"max\"}}"), "required", "metrics.auc", "needs \"value\"");
    expectOne(with("\"metrics\":{\"auc\":{\"value\":\"1\"}}"), "type", "metrics.auc.value", "expected a number, got string \"1\"");
    expectOne(with("\"metrics\":{\"auc\":{\"value\":1,\"goal\":\"up\"}}"), "goal", "metrics.auc.goal", "expected \"max\" or \"min\", got string \"up\"");
    expectOne(with("\"metrics\":{\"auc\":{\"value\":1,\"steps\":{}}}"), "type", "metrics.auc.steps", "an array of steps");
    expectOne(with("\"metrics\":{\"val loss\":true}"), "type", "metrics[\"val loss\"]", "got true");
    expectOne(with("\"metrics\":{\"\":1}"), "metric", "metrics[\"\"]", "must not be empty");
    expectOne(with("\"metrics\":{\"a\":{\"value\":1,\"steps\":[{\"value\":1,\"timestamp\":\"yesterday\"}]}}"), "type",
              "metrics.a.steps[0].timestamp", "an RFC 3339 date-time or a number");

    // Every bad step is reported.
    Checked steps = check(with("\"metrics\":{\"a\":{\"value\":1,\"steps\":[0.1,{\"step\":1,\"value\":0.2},\"x\","
                               "{\"step\":1.5,\"value\":1},{\"value\":\"a\"},{\"step\":1}]}}"));
    INFO(dump(steps.d));
    REQUIRE(steps.d.size() == 4);
    CHECK(steps.d[0].path == "metrics.a.steps[2]");
    CHECK(steps.d[0].code == "type");
    CHECK(steps.d[1].path == "metrics.a.steps[3].step");
    CHECK_THAT(steps.d[1].message, Catch::Contains("an integer step number"));
    CHECK(steps.d[2].path == "metrics.a.steps[4].value");
    CHECK(steps.d[3].path == "metrics.a.steps[5]");
    CHECK(steps.d[3].code == "required");
}

TEST_CASE("manifest: datasets, artifacts and digests") {
    const std::string sha = std::string(64, 'a');
    Checked ok = check(with("\"datasets\":[{\"name\":\"train\",\"path\":\"d/train.csv\",\"uri\":\"s3://b/t\","
                            "\"digest\":{\"sha256\":\"" + std::string(64, 'A') + "\",\"md5\":\"" + std::string(32, '0') + "\"},\"size\":123},"
                            "{\"path\":\"d/val.csv\",\"digest\":\"sha256:" + sha + "\"},"
                            "{\"name\":\"x\",\"digest\":\"blake3:anything-goes\",\"size\":null}],"
                            "\"artifacts\":[{\"path\":\"model.bin\",\"digest\":null}]"));
    INFO(dump(ok.d));
    REQUIRE(ok.ok);
    REQUIRE(ok.m.datasets.size() == 3);
    CHECK(ok.m.datasets[0].key == "train");  // name wins over path
    CHECK(ok.m.datasets[0].path == "d/train.csv");
    CHECK(ok.m.datasets[0].uri == "s3://b/t");
    CHECK(ok.m.datasets[0].hasSize);
    CHECK(ok.m.datasets[0].size == 123);
    REQUIRE(ok.m.datasets[0].digests.size() == 2);
    CHECK(ok.m.datasets[0].digestText() == "sha256:" + std::string(64, 'A'));
    CHECK(ok.m.datasets[1].key == "d/val.csv");
    CHECK(ok.m.datasets[1].digestText() == "sha256:" + sha);
    CHECK(ok.m.datasets[2].digestText() == "blake3:anything-goes");
    CHECK_FALSE(ok.m.datasets[2].hasSize);
    REQUIRE(ok.m.artifacts.size() == 1);
    CHECK(ok.m.artifacts[0].key == "model.bin");
    CHECK(ok.m.artifacts[0].digestText() == "");

    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":\"sha256:abc\"}]"), "digest", "datasets[0].digest",
              "a sha256 digest is 64 hex digits, got string \"sha256:abc\"");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":{\"sha256\":\"" + std::string(64, 'g') + "\"}}]"), "digest",
              "datasets[0].digest.sha256", "64 hex digits");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":{\"md5\":\"" + std::string(31, 'a') + "\"}}]"), "digest",
              "datasets[0].digest.md5", "a md5 digest is 32 hex digits");
    expectOne(with("\"artifacts\":[{\"path\":\"p\",\"digest\":\"sha1:" + std::string(41, 'a') + "\"}]"), "digest",
              "artifacts[0].digest", "a sha1 digest is 40 hex digits");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":\"sha256:\"}]"), "digest", "datasets[0].digest", "\"algorithm:value\"");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":\":abc\"}]"), "digest", "datasets[0].digest", "\"algorithm:value\"");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":\"nocolon\"}]"), "digest", "datasets[0].digest", "\"algorithm:value\"");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":{}}]"), "digest", "datasets[0].digest", "the digest object is empty");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":[\"x\"]}]"), "type", "datasets[0].digest", "{\"sha256\": \"<hex>\"}");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":{\"md5\":5}}]"), "type", "datasets[0].digest.md5", "a non-empty string");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"digest\":7}]"), "type", "datasets[0].digest", "got number 7");

    expectOne(with("\"datasets\":{}"), "type", "datasets", "an array of datasets");
    expectOne(with("\"artifacts\":\"a\""), "type", "artifacts", "an array of artifacts");
    expectOne(with("\"datasets\":[3]"), "type", "datasets[0]", "an object with \"name\" or \"path\"");
    expectOne(with("\"datasets\":[{\"uri\":\"s3://x\"}]"), "required", "datasets[0]", "each of the datasets needs a \"name\" or a \"path\"");
    expectOne(with("\"datasets\":[{\"name\":5,\"path\":\"p\"}]"), "type", "datasets[0].name", "expected a string");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"size\":-1}]"), "type", "datasets[0].size", "non-negative integer");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"size\":1.5}]"), "type", "datasets[0].size", "a size in bytes");
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"size\":\"10\"}]"), "type", "datasets[0].size", "a size in bytes");

    // A size is read from its text, not from the double it rounds to: the largest 64-bit size stays exact
    // (as a double, 9223372036854775807 rounds up to 2^63, which does not convert to int64_t).
    Checked big = check(with("\"datasets\":[{\"name\":\"d\",\"size\":9223372036854775807}],"
                             "\"artifacts\":[{\"path\":\"a\",\"size\":9007199254740993}]"));
    INFO(dump(big.d));
    REQUIRE(big.ok);
    CHECK(big.m.datasets[0].size == INT64_MAX);
    CHECK(big.m.artifacts[0].size == 9007199254740993LL);  // 2^53 + 1: a double would make it 2^53
    // Past 64 bits the reader already refuses the number; a value built in memory is refused here.
    {
        Value doc = json(with("\"datasets\":[{\"name\":\"d\",\"size\":1}]"));
        doc.members.back().value.items[0].members.back().value = Value::makeNumberLexeme("9223372036854775808");
        Diagnostics d;
        Manifest m;
        CHECK_FALSE(validateManifest(doc, "m.json", "", d, m));
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].code == "range");
        CHECK(d.items()[0].path == "datasets[0].size");
    }
    expectOne(with("\"datasets\":[{\"name\":\"t\",\"size\":-0}]"), "type", "datasets[0].size", "non-negative integer");

    // Duplicates: the identity is the name, else the path.
    expectOne(with("\"datasets\":[{\"name\":\"train\"},{\"name\":\"val\"},{\"name\":\"train\",\"uri\":\"x\"}]"), "duplicate",
              "datasets[2]", "two datasets are both called \"train\"");
    expectOne(with("\"artifacts\":[{\"path\":\"a.bin\"},{\"path\":\"a.bin\"}]"), "duplicate", "artifacts[1]",
              "two artifacts are both called \"a.bin\"");
    // The same name in datasets and artifacts is fine: they are separate lists.
    expectValid(with("\"datasets\":[{\"name\":\"x\"}],\"artifacts\":[{\"name\":\"x\"}]"));
}

TEST_CASE("manifest: parent forms") {
    Checked same = check("{\"model\":\"m\",\"version\":2,\"parent\":1}");
    REQUIRE(same.ok);
    CHECK(same.m.hasParent);
    CHECK(same.m.parent == (VersionRef{"m", "1"}));

    Checked str = check("{\"model\":\"m\",\"version\":\"v2\",\"parent\":\"v1\"}");
    REQUIRE(str.ok);
    CHECK(str.m.parent == (VersionRef{"m", "v1"}));

    Checked other = check("{\"model\":\"m\",\"version\":1,\"parent\":{\"model\":\"base\",\"version\":\"1.4.0\"}}");
    REQUIRE(other.ok);
    CHECK(other.m.parent == (VersionRef{"base", "1.4.0"}));

    Checked none = check("{\"model\":\"m\",\"version\":1,\"parent\":null}");
    REQUIRE(none.ok);
    CHECK_FALSE(none.m.hasParent);

    expectOne("{\"model\":\"m\",\"version\":1,\"parent\":{\"model\":\"base\"}}", "required", "parent", "needs \"model\" and \"version\"");
    expectOne("{\"model\":\"m\",\"version\":1,\"parent\":{\"version\":3}}", "required", "parent", "needs \"model\" and \"version\"");
    expectOne("{\"model\":\"m\",\"version\":1,\"parent\":{\"model\":\"\",\"version\":3}}", "type", "parent.model", "expected a model name");
    expectOne("{\"model\":\"m\",\"version\":1,\"parent\":{\"model\":\"b\",\"version\":1.5}}", "type", "parent.version", "write \"1.5\"");
    expectOne("{\"model\":\"m\",\"version\":2,\"parent\":1.5}", "type", "parent", "write \"1.5\"");
    expectOne("{\"model\":\"m\",\"version\":2,\"parent\":[1]}", "type", "parent", "a version label");
    // A version cannot be its own parent, in either form; another model's version of the same label is fine.
    expectOne("{\"model\":\"m\",\"version\":3,\"parent\":3}", "lineage", "parent", "its own parent");
    expectOne("{\"model\":\"m\",\"version\":3,\"parent\":{\"model\":\"m\",\"version\":3}}", "lineage", "parent", "its own parent");
    expectValid("{\"model\":\"m\",\"version\":3,\"parent\":{\"model\":\"n\",\"version\":3}}");
}

TEST_CASE("manifest: aliases") {
    Checked ok = check(with("\"aliases\":[\"production\",\"v1.2_rc-1\"]"));
    REQUIRE(ok.ok);
    CHECK(ok.m.aliases == std::vector<std::string>{"production", "v1.2_rc-1"});
    CHECK(ok.m.hasAliasesField);
    CHECK(ok.m.aliasesJson == "[\"production\",\"v1.2_rc-1\"]");

    Checked none = check(with(""));
    CHECK_FALSE(none.m.hasAliasesField);
    CHECK(none.m.aliasesJson.empty());

    expectOne(with("\"aliases\":\"production\""), "type", "aliases", "an array of alias names");
    expectOne(with("\"aliases\":[\"a\",3]"), "type", "aliases[1]", "an alias name (a string)");
    expectOne(with("\"aliases\":[\"a b\"]"), "alias", "aliases[0]", "invalid alias string \"a b\"");
    expectOne(with("\"aliases\":[\"\"]"), "alias", "aliases[0]", "invalid alias");
    expectOne(with("\"aliases\":[\"a,b\"]"), "alias", "aliases[0]", "invalid alias");
    expectOne(with("\"aliases\":[\"a@b\"]"), "alias", "aliases[0]", "invalid alias");
    expectOne(with("\"aliases\":[\"prod\",\"x\",\"prod\"]"), "duplicate", "aliases[2]", "alias \"prod\" is listed twice");
    // "latest" always means the newest version, so it cannot be an alias; names are plain ASCII.
    expectOne(with("\"aliases\":[\"latest\"]"), "alias", "aliases[0]", "not \"latest\"");
    expectOne(with("\"aliases\":[\"caf\xC3\xA9\"]"), "alias", "aliases[0]", "ASCII");
    expectOne(with("\"aliases\":[\"a\\tb\"]"), "alias", "aliases[0]", "invalid alias");
    expectOne(with("\"aliases\":[\"" + std::string(129, 'a') + "\"]"), "alias", "aliases[0]", "1 to 128");
    expectValid(with("\"aliases\":[\"team/prod\",\"" + std::string(128, 'a') + "\",\"Latest\"]"));
    CHECK(isValidAliasName("v1.2_rc-1"));
    CHECK(isValidAliasName("team/prod"));
    CHECK_FALSE(isValidAliasName("latest"));
    CHECK_FALSE(isValidAliasName(""));
    CHECK_FALSE(isValidAliasName("a b"));
    CHECK_FALSE(isValidAliasName("a@b"));
}

TEST_CASE("manifest: tags") {
    Checked obj = check(with("\"tags\":{\"team\":\"nlp\",\"n\":3,\"flag\":true,\"off\":false,\"none\":null}"));
    REQUIRE(obj.ok);
    using P = std::pair<std::string, std::string>;
    CHECK(obj.m.tags == std::vector<P>{{"team", "nlp"}, {"n", "3"}, {"flag", "true"}, {"off", "false"}, {"none", ""}});

    Checked arr = check(with("\"tags\":[\"a\",\"b\"]"));
    REQUIRE(arr.ok);
    CHECK(arr.m.tags == std::vector<P>{{"a", ""}, {"b", ""}});

    expectOne(with("\"tags\":[\"a\",\"\"]"), "type", "tags[1]", "a tag (a non-empty string)");
    expectOne(with("\"tags\":[\"a\",1]"), "type", "tags[1]", "a tag");
    expectOne(with("\"tags\":{\"x\":{\"y\":1}}"), "type", "tags.x", "a string, number, boolean or null tag value");
    expectOne(with("\"tags\":\"t\""), "type", "tags", "an object of tag to value, or an array of tags");
}

TEST_CASE("manifest: params and unknown fields are kept as written") {
    const std::string text =
        "{\"x-notes\":{\"b\":1.0,\"a\":[1e-7]},\"model\":\"m\",\"version\":1,"
        "\"params\":{\"lr\":0.0003,\"nested\":{\"deep\":[1,{\"k\":null}]}},\"zzz\":\"last\"}";
    Checked c = check(text);
    REQUIRE(c.ok);
    CHECK(c.m.canonical == text);
    REQUIRE(c.m.doc.find("x-notes") != nullptr);
    CHECK(toCanonical(*c.m.doc.find("x-notes")) == "{\"b\":1.0,\"a\":[1e-7]}");
    REQUIRE(c.m.params() != nullptr);
    CHECK(c.m.params()->find("lr")->text == "0.0003");
    CHECK(c.m.doc.members.back().key == "zzz");

    expectOne(with("\"params\":[1,2]"), "type", "params", "an object (params may nest to any depth)");
    expectValid(with("\"params\":null"));

    CHECK(isKnownField("params"));
    CHECK(isKnownField("aliases"));
    CHECK_FALSE(isKnownField("x-notes"));
    CHECK_FALSE(isKnownField("Model"));
}

TEST_CASE("manifest: every problem of a manifest is reported at once") {
    Checked c = check("{\"model\":\"\",\"version\":1.5,\"created_on\":\"today\",\"metrics\":{\"a\":\"1\"},"
                      "\"aliases\":[\"x y\"],\"tags\":5,\"datasets\":[{}]}");
    INFO(dump(c.d));
    CHECK_FALSE(c.ok);
    std::vector<std::string> paths;
    for (const auto& d : c.d) paths.push_back(d.path);
    CHECK(paths == std::vector<std::string>{"model", "version", "created_on", "metrics.a", "datasets[0]", "aliases[0]", "tags"});
}

TEST_CASE("manifest: the content digest leaves out aliases, and only aliases") {
    const std::string base = "\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1},\"metrics\":{\"auc\":0.9}";
    Checked none = check("{" + base + "}");
    Checked a = check("{" + base + ",\"aliases\":[\"a\"]}");
    Checked b = check("{" + base + ",\"aliases\":[\"b\",\"c\"]}");
    Checked empty = check("{" + base + ",\"aliases\":[]}");
    Checked first = check("{\"aliases\":[\"prod\"]," + base + "}");
    Checked middle = check("{\"model\":\"m\",\"aliases\":[\"prod\"],\"version\":1,\"params\":{\"lr\":0.1},\"metrics\":{\"auc\":0.9}}");
    for (const Checked* c : {&none, &a, &b, &empty, &first, &middle}) REQUIRE(c->ok);

    // Independently: BLAKE2b-256 of the canonical document with the "aliases" member erased.
    Value stripped = json("{" + base + "}");
    const std::string want = blake2b256Hex(toCanonical(stripped));
    CHECK(none.m.digest == want);
    CHECK(a.m.digest == want);
    CHECK(b.m.digest == want);
    CHECK(empty.m.digest == want);
    CHECK(first.m.digest == want);
    CHECK(middle.m.digest == want);
    CHECK(contentDigest(json("{" + base + ",\"aliases\":[\"z\"]}")) == want);
    CHECK(want.size() == 64);

    // The canonical text itself still has the aliases as written.
    CHECK(a.m.canonical == "{" + base + ",\"aliases\":[\"a\"]}");

    // A document that is only aliases hashes as the empty object.
    CHECK(contentDigest(json("{\"aliases\":[\"x\"]}")) == blake2b256Hex("{}"));

    // Anything else changes it: a value, a number's lexeme, key order, an unknown field, a label.
    for (const std::string& other : std::vector<std::string>{
          "{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.2},\"metrics\":{\"auc\":0.9}}",
          "{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.10},\"metrics\":{\"auc\":0.9}}",
          "{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.9},\"params\":{\"lr\":0.1}}",
          "{" + base + ",\"x\":null}", "{\"model\":\"m\",\"version\":\"1\",\"params\":{\"lr\":0.1},\"metrics\":{\"auc\":0.9}}",
          "{" + base + ",\"aliasesX\":[\"a\"]}", "{" + base + ",\"tags\":[\"a\"]}"}) {
        INFO(other);
        Checked o = check(other);
        REQUIRE(o.ok);
        CHECK(o.m.digest != want);
    }

    std::string canon, digest, aliasesJson;
    canonicalAndDigest(json("{\"a\":1,\"aliases\":[\"p\",\"q\"],\"b\":2}"), canon, digest, &aliasesJson);
    CHECK(canon == "{\"a\":1,\"aliases\":[\"p\",\"q\"],\"b\":2}");
    CHECK(aliasesJson == "[\"p\",\"q\"]");
    CHECK(digest == blake2b256Hex("{\"a\":1,\"b\":2}"));
}

TEST_CASE("manifest: labels sort naturally") {
    CHECK(labelLess("2", "10"));
    CHECK_FALSE(labelLess("10", "2"));
    CHECK(labelLess("1.4.0", "1.10.0"));
    CHECK(labelLess("1.4.0", "1.4.1"));
    CHECK(labelLess("v2", "v10"));
    CHECK(labelLess("1.4", "1.4.0"));
    CHECK(labelLess("9", "v1"));  // digits sort before letters
    CHECK_FALSE(labelLess("3", "3"));
    // Leading zeros: same number, but the two labels are still ordered one way only.
    CHECK(labelLess("01", "1") != labelLess("1", "01"));
    CHECK(labelLess("99999999999999999999", "100000000000000000000"));

    std::vector<std::string> labels = {"v10", "10", "1.10.0", "2", "v2", "1.4.0", "1", "1.4.1", "1.4", "rc", "v2-b"};
    std::sort(labels.begin(), labels.end(), labelLess);
    CHECK(labels == std::vector<std::string>{"1", "1.4", "1.4.0", "1.4.1", "1.10.0", "2", "10", "rc", "v2", "v2-b", "v10"});
    // A strict weak order over the whole set: irreflexive and asymmetric.
    for (const auto& x : labels)
        for (const auto& y : labels) {
            CHECK_FALSE((labelLess(x, y) && labelLess(y, x)));
            if (x == y) CHECK_FALSE(labelLess(x, y));
        }
}
