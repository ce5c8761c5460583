// The stored-document reader (core/stored_json) against the strict reader: for every document the strict one
// reads cleanly, its canonical text must read back to an equal value (numbers to the same double, bit for
// bit), and damaged text must be refused, never read past its end.
#include <cstring>

#include "core/stored_json.hpp"
#include "test_support.hpp"

using namespace mvr;
using namespace mvr::core;
using namespace mvr::test;

namespace {

// Equal values, and numbers that are the same double (operator== compares numbers by lexeme only).
bool sameTree(const Value& a, const Value& b, std::string& where) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case Kind::Null: return true;
    case Kind::Bool: return a.boolean == b.boolean;
    case Kind::String: return a.text == b.text;
    case Kind::Number:
        if (a.text != b.text || std::memcmp(&a.number, &b.number, sizeof(double)) != 0) {
            where = a.text;
            return false;
        }
        return true;
    case Kind::Array:
        if (a.items.size() != b.items.size()) return false;
        for (size_t i = 0; i < a.items.size(); ++i)
            if (!sameTree(a.items[i], b.items[i], where)) return false;
        return true;
    case Kind::Object:
        if (a.members.size() != b.members.size()) return false;
        for (size_t i = 0; i < a.members.size(); ++i) {
            if (a.members[i].key != b.members[i].key) return false;
            if (!sameTree(a.members[i].value, b.members[i].value, where)) {
                where = a.members[i].key + "." + where;
                return false;
            }
        }
        return true;
    }
    return false;
}

// Reads text strictly; when clean, checks that its canonical text reads back the same with the stored reader.
// Returns whether it was checked.
bool checkRoundTrip(const std::string& text) {
    Diagnostics d;
    Value strict;
    if (!parseJson(text, strict, d) || !d.empty()) return false;
    std::string canonical = toCanonical(strict);
    Value stored;
    INFO(canonical.substr(0, 300));
    REQUIRE(parseStoredJson(canonical, stored));
    std::string where;
    INFO("first difference at " << where);
    CHECK(sameTree(strict, stored, where));
    CHECK(toCanonical(stored) == canonical);
    return true;
}

}  // namespace

TEST_CASE("stored_json: every fixture's canonical text reads back as the strict reader reads it") {
    std::vector<std::string> files;
    for (const char* dir : {"/tests/fixtures", "/public", "/docs/examples"}) {
        std::string d = std::string(MVR_SOURCE_DIR) + dir;
        listFiles(d, d + "/", files);
    }
    size_t checked = 0;
    for (const std::string& f : files) {
        if (f.size() < 5 || f.compare(f.size() - 5, 5, ".json") != 0) continue;
        std::string text;
        REQUIRE(readText(f, text));
        INFO(f);
        if (checkRoundTrip(text)) ++checked;
    }
    // Most fixtures are clean JSON (a few are deliberately broken): they must have been found and read.
    CHECK(checked >= 30);
}

TEST_CASE("stored_json: numbers read to the strict reader's doubles, strings to its text") {
    for (const char* lexeme :
         {"0", "-0", "1", "-1", "0.1", "0.30000000000000004", "1e22", "1e23", "1E+5", "0.5e-3", "123456789012345678",
          "9007199254740993", "12345678901234567890123.25", "-9223372036854775808", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
          "4.9406564584124654e-324", "0.000000000000000000000000000001", "100000000000000000000000.5", "-7.25e-7",
          "3.14159265358979323846264338327950288"}) {
        INFO(lexeme);
        CHECK(checkRoundTrip(std::string("{\"n\":") + lexeme + ",\"a\":[" + lexeme + "]}"));
    }
    CHECK(checkRoundTrip("{\"s\":\"quote \\\" backslash \\\\ slash / tab\\t nl\\n cr\\r bs\\b ff\\f nul\\u0000 "
                         "\\u001f caf\\u00e9 \\u20ac \\ud83d\\ude00 raw caf\xC3\xA9\",\"\":\"\",\"\\\"k\\\"\":[]}"));
    CHECK(checkRoundTrip("[true,false,null,[],{},[[[]]],{\"a\":{\"b\":{}}},\"\"]"));
    // Keys that repeat a sibling's prefix, long strings past the eight-byte steps, an escape at every offset.
    std::string wide = "{";
    for (int i = 0; i < 300; ++i) {
        if (i) wide += ",";
        wide += "\"k" + std::to_string(i) + "\":\"" + std::string(static_cast<size_t>(i % 19), 'x') + "\\\"" +
                std::string(static_cast<size_t>(i % 7), 'y') + "\"";
    }
    wide += "}";
    CHECK(checkRoundTrip(wide));
}

TEST_CASE("stored_json: damaged text is refused, at any length") {
    std::string doc = toCanonical(json(
        "{\"model\":\"m\",\"version\":3,\"params\":{\"lr\":0.001,\"layers\":[64,32],\"name\":\"a \\\"b\\\" \\u00e9\"},"
        "\"metrics\":{\"auc\":{\"value\":0.91,\"goal\":\"max\"}},\"tags\":{\"ok\":true,\"none\":null}}"));
    Value v;
    REQUIRE(parseStoredJson(doc, v));
    // Every proper prefix is refused: the document is an object, so it cannot end early and still be whole.
    for (size_t n = 0; n < doc.size(); ++n) {
        INFO(n);
        CHECK_FALSE(parseStoredJson(std::string_view(doc.data(), n), v));
    }
    for (const char* bad :
         {"", " {}", "{} ", "{\"a\":1,}", "{\"a\"1}", "{\"a\":}", "[1 2]", "[1,]", "{\"a\":1]", "[1}", "]", "}",
          "{\"a\":tru}", "{\"a\":NaN}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
          "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\\u0041\"}", "{\"a\":\"x}", "{a:1}", "[1][2]",
          "{\"a\":1}}", "[[1]", "\"\\"}) {
        INFO(bad);
        CHECK_FALSE(parseStoredJson(bad, v));
    }
    // Nesting past the strict reader's limit was never stored; at the limit it reads.
    std::string deep(256, '[');
    deep += std::string(256, ']');
    CHECK(parseStoredJson(deep, v));
    std::string tooDeep(300, '[');
    tooDeep += std::string(300, ']');
    CHECK_FALSE(parseStoredJson(tooDeep, v));
}
