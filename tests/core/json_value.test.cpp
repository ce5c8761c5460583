// JSON values: the canonical writer (escaping, key order, lexemes), equality semantics, the pretty form, and
// the path segments shown to users.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "core/json_reader.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::json;

namespace {
std::string quoted(const std::string& s) {
    std::string out;
    writeString(s, out);
    return out;
}
}  // namespace

TEST_CASE("json: strings are escaped minimally") {
    CHECK(quoted("plain") == "\"plain\"");
    CHECK(quoted("a\"b") == "\"a\\\"b\"");
    CHECK(quoted("back\\slash") == "\"back\\\\slash\"");
    CHECK(quoted("/") == "\"/\"");  // solidus is not escaped
    CHECK(quoted("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
    CHECK(quoted(std::string(1, '\0')) == "\"\\u0000\"");
    CHECK(quoted("\x01") == "\"\\u0001\"");
    CHECK(quoted("\x1f") == "\"\\u001f\"");
    CHECK(quoted("\x7f") == "\"\x7f\"");  // DEL is not a JSON control character
    // Unicode is written as UTF-8, never as \u escapes.
    CHECK(quoted("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
    CHECK(quoted("") == "\"\"");
    CHECK(quoted("mix\"\x02z") == "\"mix\\\"\\u0002z\"");
}

TEST_CASE("json: every control character survives a write/read round trip") {
    std::string all;
    for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    all += "\"\\/ end";
    Value v = Value::makeArray();
    v.push(Value::makeString(all));
    std::string text = toCanonical(v);
    // No raw control character is left in the output.
    for (char c : text) CHECK(static_cast<unsigned char>(c) >= 0x20);
    Value back = json(text);
    REQUIRE(back.items.size() == 1);
    CHECK(back.items[0].text == all);
}

TEST_CASE("json: canonical form keeps key order and number lexemes, drops whitespace") {
    const std::string text = "{ \"z\": 1.0, \"a\": [ 1e-7, -0, 10.50 ], \"m\": { \"y\": null, \"b\": true, \"s\": \"x\" } }";
    Value v = json(text);
    CHECK(toCanonical(v) == "{\"z\":1.0,\"a\":[1e-7,-0,10.50],\"m\":{\"y\":null,\"b\":true,\"s\":\"x\"}}");
    REQUIRE(v.members.size() == 3);
    CHECK(v.members[0].key == "z");
    CHECK(v.members[1].key == "a");
    CHECK(v.members[2].key == "m");
    // Canonical text reads back to an equal value, and is a fixed point.
    Value again = json(toCanonical(v));
    CHECK(again == v);
    CHECK(toCanonical(again) == toCanonical(v));
}

TEST_CASE("json: equality") {
    // Numbers compare by lexeme: 1 and 1.0 are different values.
    CHECK(json("1") != json("1.0"));
    CHECK(json("1") == json("1"));
    CHECK(json("1e2") != json("100"));
    CHECK(json("\"1\"") != json("1"));
    CHECK(json("null") == Value::null());
    CHECK(json("true") != json("false"));
    CHECK(json("[]") != json("{}"));
    CHECK(json("[1,2]") != json("[2,1]"));
    CHECK(json("[1,2]") != json("[1,2,3]"));
    CHECK(json("{\"a\":{\"b\":[1]}}") == json("{ \"a\" : { \"b\" : [ 1 ] } }"));
    CHECK(json("{\"a\":1}") != json("{\"a\":1,\"b\":2}"));
    CHECK(json("{\"a\":1}") != json("{\"b\":1}"));

    // Equality is exactly "same canonical text" (so it agrees with content digests, which hash that text).
    const std::vector<std::string> samples = {"1",          "1.0",         "-0",          "0",
                                              "\"a\"",      "\"b\"",       "[1,2]",       "[2,1]",
                                              "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", "{\"a\":[]}", "{\"a\":{}}",
                                              "null",       "false",       "[[]]",        "[{}]"};
    for (const std::string& x : samples)
        for (const std::string& y : samples) {
            Value a = json(x), b = json(y);
            INFO(x << " vs " << y);
            CHECK((a == b) == (toCanonical(a) == toCanonical(b)));
        }
}

TEST_CASE("json: pretty form") {
    Value v = json("{\"a\":1,\"b\":[true,null],\"c\":{},\"d\":[],\"e\":{\"f\":\"g\\n\"}}");
    CHECK(toPretty(v) ==
          "{\n"
          "  \"a\": 1,\n"
          "  \"b\": [\n"
          "    true,\n"
          "    null\n"
          "  ],\n"
          "  \"c\": {},\n"
          "  \"d\": [],\n"
          "  \"e\": {\n"
          "    \"f\": \"g\\n\"\n"
          "  }\n"
          "}");
    CHECK(toPretty(json("[1]"), 4) == "[\n    1\n]");
    CHECK(toPretty(json("3.50")) == "3.50");
    // Same content, same order.
    CHECK(json(toPretty(v)) == v);
}

TEST_CASE("json: path segments") {
    std::string p;
    appendKeySegment(p, "params");
    CHECK(p == "params");
    appendKeySegment(p, "optimizer");
    CHECK(p == "params.optimizer");
    appendIndexSegment(p, 3);
    CHECK(p == "params.optimizer[3]");
    appendKeySegment(p, "odd key");
    CHECK(p == "params.optimizer[3][\"odd key\"]");
    appendKeySegment(p, "next_one-2");
    CHECK(p == "params.optimizer[3][\"odd key\"].next_one-2");

    auto seg = [](const std::string& key) {
        std::string s;
        appendKeySegment(s, key);
        return s;
    };
    CHECK(seg("a.b") == "[\"a.b\"]");
    CHECK(seg("") == "[\"\"]");
    CHECK(seg("1abc") == "[\"1abc\"]");  // identifiers do not start with a digit
    CHECK(seg("abc1") == "abc1");
    CHECK(seg("a\"b") == "[\"a\\\"b\"]");
    CHECK(seg("a[0]") == "[\"a[0]\"]");
    CHECK(seg("\xC3\xA9t\xC3\xA9") == "[\"\xC3\xA9t\xC3\xA9\"]");
    CHECK(seg("tab\there") == "[\"tab\\there\"]");
    std::string q = "[\"x y\"]";
    appendKeySegment(q, "z");
    CHECK(q == "[\"x y\"].z");
    std::string i;
    appendIndexSegment(i, 0);
    appendIndexSegment(i, 12);
    CHECK(i == "[0][12]");
}

TEST_CASE("json: building and editing values") {
    Value o = Value::makeObject();
    o.set("b", Value::makeInteger(-5));
    o.set("a", Value::makeBool(true));
    o.set("b", Value::makeString("again"));  // replaced in place, keeps its position
    REQUIRE(o.members.size() == 2);
    CHECK(o.members[0].key == "b");
    CHECK(o.find("b")->text == "again");
    CHECK(toCanonical(o) == "{\"b\":\"again\",\"a\":true}");
    CHECK(o.erase("b"));
    CHECK_FALSE(o.erase("b"));
    CHECK(o.find("b") == nullptr);
    CHECK(toCanonical(o) == "{\"a\":true}");

    Value n = Value::makeInteger(-9223372036854775807LL - 1);
    CHECK(n.text == "-9223372036854775808");
    CHECK(n.isIntegerLexeme());
    Value f = Value::makeNumberLexeme("1e-7");
    CHECK(f.number == 1e-7);
    CHECK_FALSE(f.isIntegerLexeme());
    CHECK_FALSE(Value::makeString("3").isIntegerLexeme());
}

TEST_CASE("json: describe, for messages") {
    CHECK(describe(json("\"0.91\"")) == "string \"0.91\"");
    CHECK(describe(json("3")) == "number 3");
    CHECK(describe(json("1.50")) == "number 1.50");
    CHECK(describe(json("null")) == "null");
    CHECK(describe(json("true")) == "true");
    CHECK(describe(json("{}")) == "object");
    CHECK(describe(json("[]")) == "array");
    // Long strings are cut at 40 bytes on a character boundary, and say so.
    std::string e;
    for (int i = 0; i < 45; ++i) e += "\xC3\xA9";  // 90 bytes
    std::string d = describe(Value::makeString(e));
    CHECK(d == "string \"" + e.substr(0, 40) + "...\"");
    std::string odd = "x" + e;  // byte 40 is now inside a character: cut before it
    std::string d2 = describe(Value::makeString(odd));
    CHECK(d2 == "string \"" + odd.substr(0, 39) + "...\"");
    // The message stays valid JSON string text (and so valid UTF-8).
    Value back = json(d2.substr(7));
    CHECK(back.text == odd.substr(0, 39) + "...");
}
