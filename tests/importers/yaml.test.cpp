// YAML through libyaml into core::Value: the core schema's scalars and how their number text is kept, key order
// and positions, merge keys and aliases, and every kind of malformed input reported with line:column and path.
#include <catch2/catch.hpp>

#include <string>

#include "importers/yaml.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::importers::parseYaml;

namespace {

core::Value yaml(const std::string& text) {
    core::Diagnostics d;
    core::Value v;
    INFO(text);
    bool ok = parseYaml(text, "t.yaml", v, d);
    INFO(mvr::test::dump(d.items()));
    REQUIRE(ok);
    REQUIRE(d.empty());
    return v;
}

std::vector<core::Diagnostic> problems(const std::string& text) {
    core::Diagnostics d;
    core::Value v;
    CHECK_FALSE(parseYaml(text, "bad.yaml", v, d));
    return d.items();
}

}  // namespace

TEST_CASE("yaml: plain scalars follow the core schema; number text is kept where JSON allows it") {
    core::Value v = yaml(
        "a: 0.20\nb: 20170428\nc: true\nd: ~\ne: null\nf: no\ng: '1.5'\nh: .5\ni: +3\nj: 1e-3\nk: 0x1F\nl: 0o17\n"
        "m: 007\nn: .inf\no: 12345678901234567890\np: 1.\nq: \"true\"\nr:\ns: False\nt: !!str 12\nu: !!int '42'\n");
    REQUIRE(v.isObject());
    CHECK(v.find("a")->isNumber());
    CHECK(v.find("a")->text == "0.20");  // as written, not 0.2
    CHECK(v.find("b")->text == "20170428");
    CHECK(v.find("c")->isBool());
    CHECK(v.find("c")->boolean);
    CHECK(v.find("d")->isNull());
    CHECK(v.find("e")->isNull());
    CHECK(v.find("f")->isString());  // YAML 1.2: "no" is a string (the Norway problem of 1.1)
    CHECK(v.find("f")->text == "no");
    CHECK(v.find("g")->isString());
    CHECK(v.find("g")->text == "1.5");
    CHECK(v.find("h")->text == "0.5");
    CHECK(v.find("i")->text == "3");
    CHECK(v.find("j")->text == "1e-3");
    CHECK(v.find("j")->number == Approx(0.001));
    CHECK(v.find("k")->text == "31");
    CHECK(v.find("l")->text == "15");
    CHECK(v.find("m")->text == "7");
    CHECK(v.find("n")->isString());  // JSON has no infinity
    CHECK(v.find("o")->isString());  // beyond 64 bits: kept exactly, as text
    CHECK(v.find("p")->text == "1.0");
    CHECK(v.find("q")->isString());
    CHECK(v.find("r")->isNull());
    CHECK(v.find("s")->isBool());
    CHECK_FALSE(v.find("s")->boolean);
    CHECK(v.find("t")->isString());
    CHECK(v.find("t")->text == "12");
    CHECK(v.find("u")->isNumber());
    CHECK(v.find("u")->text == "42");
}

TEST_CASE("yaml: key order, nesting, flow style, block scalars and positions") {
    core::Value v = yaml("z: 1\na:\n  - x: [1, 2, {k: v}]\n  - plain\nm: |\n  line one\n  line two\nf: >\n  folded\n  text\n");
    REQUIRE(v.members.size() == 4);
    CHECK(v.members[0].key == "z");
    CHECK(v.members[1].key == "a");
    CHECK(v.members[2].key == "m");
    const core::Value& a = *v.find("a");
    REQUIRE(a.isArray());
    CHECK(a.items[0].find("x")->items[2].find("k")->text == "v");
    CHECK(a.items[1].text == "plain");
    CHECK(v.find("m")->text == "line one\nline two\n");
    CHECK(v.find("f")->text == "folded text\n");
    CHECK(v.members[1].keyPos.line == 2);
    CHECK(v.members[1].keyPos.col == 1);
    CHECK(a.items[0].find("x")->pos.line == 3);
    CHECK(a.items[0].find("x")->pos.col == 8);
    CHECK(a.items[1].pos.line == 4);
    CHECK(a.items[1].pos.col == 5);
}

TEST_CASE("yaml: columns are bytes, also after non-ASCII text; front matter lines are offset") {
    core::Diagnostics d;
    core::Value v;
    importers::YamlOptions opt;
    opt.firstLine = 2;
    REQUIRE(parseYaml("name: \"é\"\nk: [é, x]\n", "f.md", v, d, opt));
    CHECK(v.find("name")->pos.line == 2);
    const core::Value& k = *v.find("k");
    CHECK(k.items[1].pos.line == 3);
    CHECK(k.items[1].pos.col == 9);  // "k: [é, " is 8 bytes
}

TEST_CASE("yaml: anchors, aliases and merge keys") {
    core::Value v = yaml(
        "base: &b {lr: 0.1, epochs: 10}\nrun:\n  <<: *b\n  epochs: 20\nother: *b\nlist: [&x 5, *x]\n");
    const core::Value& run = *v.find("run");
    CHECK(run.find("lr")->text == "0.1");
    CHECK(run.find("epochs")->text == "20");  // what the mapping says wins over what it merges
    CHECK(run.members.size() == 2);
    CHECK(v.find("other")->find("epochs")->text == "10");
    CHECK(v.find("list")->items[1].text == "5");
}

TEST_CASE("yaml: an empty text is null; a document marker is fine") {
    CHECK(yaml("").isNull());
    CHECK(yaml("# only a comment\n").isNull());
    CHECK(yaml("---\na: 1\n...\n").find("a")->text == "1");
}

TEST_CASE("yaml: syntax errors name the line, the column and the path") {
    auto ds = problems("stages:\n  train:\n    cmd: python\n    deps: [a, b\n    outs: x\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "syntax");
    CHECK(ds[0].file == "bad.yaml");
    CHECK(ds[0].line >= 4);
    CHECK(ds[0].message.find("YAML syntax") == 0);

    ds = problems("a: 1\n b: 2\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "syntax");
    CHECK(ds[0].line == 2);

    ds = problems("key: \"unterminated\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "syntax");

    ds = problems("a:\n\t- tab\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "syntax");
    CHECK(ds[0].line == 2);
}

TEST_CASE("yaml: duplicate keys are reported with both places") {
    auto ds = problems("train:\n  seed: 1\n  lr: 0.1\n  seed: 2\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "duplicate-key");
    CHECK(ds[0].path == "train.seed");
    CHECK(ds[0].line == 4);
    CHECK(ds[0].col == 3);
    CHECK(ds[0].message == "duplicate key (first at line 2, column 3)");
}

TEST_CASE("yaml: large mappings still find duplicates") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
    text += "k150: again\n";
    auto ds = problems(text);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].path == "k150");
    CHECK(ds[0].line == 201);
}

TEST_CASE("yaml: what mvr does not take: complex keys, unknown aliases, two documents, deep nesting, UTF-16") {
    auto ds = problems("? [a, b]\n: 1\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "type");

    ds = problems("a: *nowhere\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].message.find("unknown alias *nowhere") != std::string::npos);

    ds = problems("a: 1\n---\nb: 2\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].line == 2);
    CHECK(ds[0].message.find("second YAML document") != std::string::npos);

    std::string deep(300, '[');
    ds = problems(deep);
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "depth");

    ds = problems(std::string("\xFF\xFE" "a\0:\0", 6));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "encoding");

    ds = problems("a: \"\xC3\x28\"\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "utf8");

    ds = problems("<<: 5\n");
    REQUIRE(!ds.empty());
    CHECK(ds[0].message.find("merge key") != std::string::npos);
}

TEST_CASE("yaml: alias bombs stop at the node budget") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    std::string prev = "a";
    for (int i = 0; i < 8; ++i) {
        std::string name = "l" + std::to_string(i);
        text += name + ": &" + name + " [";
        for (int j = 0; j < 10; ++j) text += std::string(j ? ", " : "") + "*" + prev;
        text += "]\n";
        prev = name;
    }
    core::Diagnostics d;
    core::Value v;
    CHECK_FALSE(parseYaml(text, "bomb.yaml", v, d));
    REQUIRE(!d.empty());
    CHECK(d.items()[0].code == "depth");
}

TEST_CASE("yaml: a float beyond a 64-bit float, or one that would become 0, is refused as JSON refuses it") {
    // As the JSON reader: "number 1e-400 is too small for a 64-bit float (it would become 0)", with its place.
    struct Case {
        std::string text, path;
        uint32_t line, col;
        std::string message;
    };
    for (const Case& c : {Case{"train:\n  lr: 1e-400\n", "train.lr", 2, 7, "number 1e-400 is too small for a 64-bit float (it would become 0)"},
                          Case{"scale: [1, -1.5E+999]\n", "scale[1]", 1, 12, "number -1.5E+999 is too large for a 64-bit float"}}) {
        auto ds = problems(c.text);
        REQUIRE(ds.size() == 1);
        CHECK(ds[0].code == "number-range");
        CHECK(ds[0].path == c.path);
        CHECK(ds[0].line == c.line);
        CHECK(ds[0].col == c.col);
        CHECK(ds[0].message == c.message);
    }

    auto ds = problems("a: !!float .1e-999\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "number-range");

    // What the JSON reader takes stays a number: zero however written, the smallest subnormal, the largest float.
    core::Value v = yaml("a: 0e-400\nb: 0.000e-99999\nc: 4.9e-324\nd: 1.7976931348623157e308\ne: '1e-400'\nf: !!bool 1e-400\n");
    for (const char* k : {"a", "b", "c", "d"}) {
        INFO(k);
        CHECK(v.find(k)->isNumber());
    }
    CHECK(v.find("e")->isString());  // quoted: text
    CHECK(v.find("f")->isString());
}
