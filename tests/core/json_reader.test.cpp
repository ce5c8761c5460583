// The strict JSON reader: every class of bad input is reported with its code, JSON path and line:column;
// non-fatal problems let reading go on; numbers keep their lexeme and convert exactly; the streaming API.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_reader.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::dump;

namespace {

struct Result {
    bool ok = false;
    Value v;
    std::vector<Diagnostic> d;
};

Result parse(const std::string& text) {
    Result r;
    Diagnostics d;
    r.ok = parseJson(text, r.v, d, "t.json");
    r.d = d.items();
    return r;
}

// Exactly one problem, with this code, path, place and a message containing `part`.
void expectOne(const std::string& text, const std::string& code, const std::string& path, uint32_t line, uint32_t col,
               const std::string& part) {
    Result r = parse(text);
    INFO("input: " << text.substr(0, 120));
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].file == "t.json");
    CHECK(r.d[0].code == code);
    CHECK(r.d[0].path == path);
    CHECK(r.d[0].line == line);
    CHECK(r.d[0].col == col);
    CHECK_THAT(r.d[0].message, Catch::Contains(part));
}

void expectClean(const std::string& text) {
    Result r = parse(text);
    INFO("input: " << text.substr(0, 120));
    INFO(dump(r.d));
    CHECK(r.ok);
    CHECK(r.d.empty());
}

const std::string kReplacement = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("json_reader: trailing commas") {
    expectOne("[1,2,]", "syntax", "[1]", 1, 5, "trailing comma before ']'");
    expectOne("{\"a\":1,}", "syntax", "a", 1, 7, "trailing comma before '}'");
    expectOne("{\n  \"a\": [\n    1,\n  ]\n}", "syntax", "a[0]", 3, 6, "trailing comma");
}

TEST_CASE("json_reader: missing colon") {
    expectOne("{\"a\" 1}", "syntax", "a", 1, 6, "expected ':' after the key");
    expectOne("{\"a\":1, \"b\" \"c\"}", "syntax", "b", 1, 13, "expected ':'");
    expectOne("{\"a\"", "syntax", "a", 1, 5, "unexpected end of file; expected ':'");
}

TEST_CASE("json_reader: unterminated strings") {
    expectOne("[\"abc", "syntax", "[0]", 1, 2, "unterminated string");
    expectOne("{\"a\": \"x\n\"}", "syntax", "a", 1, 7, "raw line break");
    expectOne("{\"ab", "syntax", "", 1, 2, "unterminated string");
    expectOne("\"abc\\", "syntax", "", 1, 1, "unterminated string");
    expectOne("[1,\n \"x", "syntax", "[1]", 2, 2, "unterminated string");
}

TEST_CASE("json_reader: single quotes") {
    expectOne("{'a': 1}", "syntax", "", 1, 2, "keys must be in double quotes");
    expectOne("['a']", "syntax", "[0]", 1, 2, "strings must be in double quotes");
    expectOne("{\"a\": 'x'}", "syntax", "a", 1, 7, "double quotes");
}

TEST_CASE("json_reader: comments") {
    expectOne("// note\n{}", "syntax", "", 1, 1, "comments are not allowed");
    expectOne("{\"a\": 1, /* c */ \"b\": 2}", "syntax", "", 1, 10, "comments are not allowed");
    expectOne("[1, // c\n2]", "syntax", "[1]", 1, 5, "comments are not allowed");
    // Right after a value (where ',' or a closing bracket is expected) a comment is still named as one.
    expectOne("{\"a\": 1 // c\n}", "syntax", "a", 1, 9, "comments are not allowed");
    expectOne("[1 /* c */]", "syntax", "[0]", 1, 4, "comments are not allowed");
}

TEST_CASE("json_reader: garbage after the document") {
    expectOne("{} x", "syntax", "", 1, 4, "after the end of the JSON document");
    expectOne("[1]\n\n  ]", "syntax", "", 3, 3, "after the end of the JSON document");
    expectOne("{\"a\":1}{\"b\":2}", "syntax", "", 1, 8, "'{' after the end");
}

TEST_CASE("json_reader: other syntax errors name what was found") {
    expectOne("[1, 2", "syntax", "[1]", 1, 6, "unexpected end of file; expected ',' or ']'");
    expectOne("{\"a\":", "syntax", "a", 1, 6, "unexpected end of file; expected a value");
    expectOne("{", "syntax", "", 1, 2, "unexpected end of file; expected a key");
    expectOne("[tru]", "syntax", "[0]", 1, 2, "unexpected 't'; expected a value");
    expectOne("[1 2]", "syntax", "[0]", 1, 4, "unexpected '2'; expected ',' or ']'");
    expectOne("[\xC3\xA9]", "syntax", "[0]", 1, 2, "non-ASCII byte 0xC3");
    expectOne("{1:2}", "syntax", "", 1, 2, "expected a key in double quotes");
    expectOne("[\"a\\x\"]", "syntax", "[0]", 1, 4, "invalid escape \\x");
}

TEST_CASE("json_reader: empty and whitespace-only files") {
    expectOne("", "empty", "", 1, 1, "the file is empty");
    expectOne("  \n\t\r\n ", "empty", "", 3, 2, "only white space");
}

TEST_CASE("json_reader: byte order marks") {
    // UTF-8 BOM: skipped, and columns count from after it.
    Result r = parse("\xEF\xBB\xBF{\"a\":1}");
    CHECK(r.ok);
    REQUIRE(r.v.isObject());
    CHECK(r.v.find("a")->text == "1");
    expectOne("\xEF\xBB\xBF[1,]", "syntax", "[0]", 1, 3, "trailing comma");
    expectOne("\xEF\xBB\xBF", "empty", "", 1, 1, "white space");

    // UTF-16 (either byte order) is refused, saying what to do.
    expectOne(std::string("\xFF\xFE{\0}\0", 6), "encoding", "", 1, 1, "UTF-16");
    expectOne(std::string("\xFE\xFF\0{\0}", 6), "encoding", "", 1, 1, "save it as UTF-8");
}

TEST_CASE("json_reader: duplicate keys in a small object") {
    Result r = parse("{\"a\":1,\"b\":2,\"a\":3}");
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].code == "duplicate-key");
    CHECK(r.d[0].path == "a");
    CHECK(r.d[0].line == 1);
    CHECK(r.d[0].col == 14);
    CHECK(r.d[0].message == "duplicate key (first at line 1, column 2)");
    // The first one is kept.
    REQUIRE(r.v.members.size() == 2);
    CHECK(r.v.find("a")->text == "1");

    // Multi-line: the message points at the first occurrence's line.
    r = parse("{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}");
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].line == 4);
    CHECK(r.d[0].col == 3);
    CHECK_THAT(r.d[0].message, Catch::Contains("(first at line 2, column 3)"));

    // Nested, and reading goes on after it (the later syntax error is reported too).
    r = parse("{\"x\":{\"y\":1,\"y\":2},\"z\":[1,]}");
    INFO(dump(r.d));
    REQUIRE(r.d.size() == 2);
    CHECK(r.d[0].code == "duplicate-key");
    CHECK(r.d[0].path == "x.y");
    CHECK(r.d[1].code == "syntax");
    CHECK(r.d[1].path == "z[0]");
}

TEST_CASE("json_reader: duplicate keys in an object of more than 32 keys") {
    // k0..k39 one per line (k<i> on line i+2), then three duplicates around a new key.
    std::string text = "{\n";
    for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
    text += "\"k3\": 100,\n";   // line 42: duplicate of a key read before the index was built
    text += "\"k45\": 45,\n";   // line 43: new key, added after the index exists
    text += "\"k45\": 46,\n";   // line 44: duplicate of that new key
    text += "\"k39\": 0\n}";    // line 45: duplicate of the last key of the first run
    Result r = parse(text);
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 3);
    CHECK(r.d[0].path == "k3");
    CHECK(r.d[0].line == 42);
    CHECK(r.d[0].col == 1);
    CHECK_THAT(r.d[0].message, Catch::Contains("(first at line 5, column 1)"));
    CHECK(r.d[1].path == "k45");
    CHECK(r.d[1].line == 44);
    CHECK_THAT(r.d[1].message, Catch::Contains("(first at line 43, column 1)"));
    CHECK(r.d[2].path == "k39");
    CHECK(r.d[2].line == 45);
    CHECK_THAT(r.d[2].message, Catch::Contains("(first at line 41, column 1)"));
    for (const auto& d : r.d) CHECK(d.code == "duplicate-key");
    REQUIRE(r.v.members.size() == 41);
    CHECK(r.v.find("k3")->text == "3");
    CHECK(r.v.find("k45")->text == "45");
    CHECK(r.v.find("k39")->text == "39");
    // Key order is the order of first appearance.
    CHECK(r.v.members[40].key == "k45");
}

TEST_CASE("json_reader: NaN and Infinity are reported and reading goes on") {
    Result r = parse("[NaN, 1, Infinity, -Infinity, [1,]]");
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 4);
    CHECK(r.d[0].code == "nan");
    CHECK(r.d[0].path == "[0]");
    CHECK(r.d[0].col == 2);
    CHECK_THAT(r.d[0].message, Catch::StartsWith("NaN is not a JSON number"));
    CHECK(r.d[1].code == "nan");
    CHECK(r.d[1].path == "[2]");
    CHECK(r.d[1].col == 10);
    CHECK_THAT(r.d[1].message, Catch::StartsWith("Infinity"));
    CHECK(r.d[2].code == "nan");
    CHECK(r.d[2].path == "[3]");
    CHECK(r.d[2].col == 20);
    CHECK_THAT(r.d[2].message, Catch::StartsWith("-Infinity"));
    // The syntax error after them is found too.
    CHECK(r.d[3].code == "syntax");
    CHECK(r.d[3].path == "[4][0]");
    CHECK(r.d[3].col == 33);

    expectOne("{\"x\": -NaN}", "nan", "x", 1, 7, "-NaN");
    // A NaN alone: the parse is not clean, and the value stays a number (so that later checks do not report
    // the same place again as a wrong type).
    Result n = parse("{\"loss\": NaN, \"ok\": 1}");
    CHECK_FALSE(n.ok);
    REQUIRE(n.d.size() == 1);
    REQUIRE(n.v.isObject());
    CHECK(n.v.find("loss")->isNumber());
    CHECK(n.v.find("loss")->text == "NaN");
    CHECK(n.v.find("ok")->text == "1");
}

TEST_CASE("json_reader: malformed numbers") {
    expectOne("[01]", "syntax", "[0]", 1, 2, "leading zeros");
    expectOne("[-01]", "syntax", "[0]", 1, 2, "leading zeros");
    expectOne("[1.]", "syntax", "[0]", 1, 4, "expected a digit after '.'");
    expectOne("[1.e5]", "syntax", "[0]", 1, 4, "expected a digit after '.'");
    expectOne("[-]", "syntax", "[0]", 1, 3, "expected a digit after '-'");
    expectOne("-", "syntax", "", 1, 2, "expected a digit after '-'");
    expectOne("[1e]", "syntax", "[0]", 1, 4, "exponent");
    expectOne("[1e+]", "syntax", "[0]", 1, 5, "exponent");
    expectOne("[.5]", "syntax", "[0]", 1, 2, "unexpected '.'");
    expectOne("[+1]", "syntax", "[0]", 1, 2, "unexpected '+'");
    expectOne("[0x10]", "syntax", "[0]", 1, 3, "unexpected 'x'");
}

TEST_CASE("json_reader: numbers out of range") {
    Result r = parse("[1e400, -1e400, 1e-400, 2]");
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 3);
    CHECK(r.d[0].code == "number-range");
    CHECK(r.d[0].path == "[0]");
    CHECK(r.d[0].col == 2);
    CHECK_THAT(r.d[0].message, Catch::Contains("1e400") && Catch::Contains("too large"));
    CHECK(r.d[1].path == "[1]");
    CHECK(r.d[1].col == 9);
    // Underflow: a non-zero number that would silently become 0.
    CHECK(r.d[2].code == "number-range");
    CHECK(r.d[2].path == "[2]");
    CHECK(r.d[2].col == 17);
    CHECK_THAT(r.d[2].message, Catch::Contains("1e-400") && Catch::Contains("too small"));
    REQUIRE(r.v.items.size() == 4);
    CHECK(r.v.items[0].text == "1e400");  // the lexeme is kept for the message and the document
    CHECK(r.v.items[3].text == "2");
    // Zero written in any form is zero, not an underflow; the smallest subnormal is representable.
    expectClean("[0e-400, 0.000e5, -0.0, 0E+999, 5e-324, 2.2250738585072014e-308]");
    expectOne("[2e-324]", "number-range", "[0]", 1, 2, "too small");

    // int64 bounds.
    expectClean("9223372036854775807");
    expectClean("-9223372036854775808");
    expectOne("9223372036854775808", "number-range", "", 1, 1, "does not fit in 64 bits");
    expectOne("[-9223372036854775809]", "number-range", "[0]", 1, 2, "does not fit in 64 bits");
    expectOne("{\"n\": 18446744073709551616}", "number-range", "n", 1, 7, "does not fit");
    expectOne("[10000000000000000000]", "number-range", "[0]", 1, 2, "does not fit");
    expectOne("[123456789012345678901234567890]", "number-range", "[0]", 1, 2, "does not fit");
    // The same magnitudes as fractions are doubles, not integers.
    expectClean("[9223372036854775808.0, 1e19, 123456789012345678901234567890.5]");
    expectClean("[1000000000000000000, -1000000000000000000, 0, -0]");

    Result big = parse("[-9223372036854775808, 9223372036854775807]");
    REQUIRE(big.ok);
    CHECK(big.v.items[0].text == "-9223372036854775808");
    CHECK(big.v.items[1].text == "9223372036854775807");
    CHECK(big.v.items[0].number == -9223372036854775808.0);
}

TEST_CASE("json_reader: number lexemes are preserved") {
    const std::string text = "[1.0,0.1234567890123,1E5,-0,1e-7,10.50,0.0,-12.5e+03,100]";
    Result r = parse(text);
    REQUIRE(r.ok);
    REQUIRE(r.v.items.size() == 9);
    CHECK(r.v.items[0].text == "1.0");
    CHECK(r.v.items[1].text == "0.1234567890123");
    CHECK(r.v.items[1].number == 0.1234567890123);
    CHECK(r.v.items[2].number == 100000.0);
    CHECK(std::signbit(r.v.items[3].number));
    CHECK(r.v.items[4].number == 1e-7);
    CHECK(r.v.items[5].text == "10.50");
    CHECK(r.v.items[7].number == -12500.0);
    CHECK(toCanonical(r.v) == text);
    CHECK(r.v.items[8].isIntegerLexeme());
    CHECK_FALSE(r.v.items[0].isIntegerLexeme());
    CHECK_FALSE(r.v.items[2].isIntegerLexeme());
}

TEST_CASE("json_reader: the fast number path agrees with strtod") {
    std::vector<std::string> fixed = {
        "0", "1", "-1", "0.1", "0.2", "0.3", "4.35", "3.14159", "2.5e-3", "-2.5e-3", "1e22", "1e23", "1e-22",
        "1e-23", "123456789012345", "1234567890123456", "12345678901234567", "9007199254740993",
        "999999999999999e22", "999999999999999e-22", "0.000001", "0.1e1", "123.456e-5", "1.5e22", "7e-10",
        "1.7976931348623157e308", "2.2250738585072014e-308", "4.9e-324", "5e-324", "0.30000000000000004",
        "100000000000000000000000.0", "0.0000000000000000000001", "0.00000000000000000000001",
        "89255.0e-22", "8.9255e-18", "1.00000000000000011102230246251565404236316680908203125",
        "0.1234567890123", "123456.789012345", "72057594037927928.0", "9.999999999999999e22"};
    auto check = [](const std::string& lexeme) {
        Result r = parse(lexeme);
        INFO(lexeme << "\n" << dump(r.d));
        REQUIRE(r.ok);
        REQUIRE(r.v.isNumber());
        double want = std::strtod(lexeme.c_str(), nullptr);
        CHECK(std::memcmp(&r.v.number, &want, sizeof want) == 0);
        CHECK(r.v.text == lexeme);
    };
    for (const std::string& s : fixed) check(s);

    // A deterministic spread: 1 to 17 significant digits, a point anywhere, exponents from -40 to 40.
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    for (int i = 0; i < 20000; ++i) {
        int ndigits = 1 + static_cast<int>(next() % 17);
        std::string digits;
        for (int k = 0; k < ndigits; ++k) digits.push_back(static_cast<char>('0' + next() % 10));
        while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
        std::string lexeme = (next() % 4 == 0) ? "-" : "";
        size_t point = next() % (digits.size() + 1);
        if (point == 0 || point == digits.size()) {
            lexeme += digits;
        } else {
            lexeme += digits.substr(0, point) + "." + digits.substr(point);
        }
        if (next() % 2) {
            int e = static_cast<int>(next() % 81) - 40;
            lexeme += "e" + std::to_string(e);
        }
        Result r = parse(lexeme);
        double want = std::strtod(lexeme.c_str(), nullptr);
        if (!r.ok || std::memcmp(&r.v.number, &want, sizeof want) != 0) {
            INFO(lexeme);
            CHECK(r.ok);
            CHECK(r.v.number == want);
            break;
        }
    }
}

TEST_CASE("json_reader: invalid UTF-8 in strings") {
    // Overlong encoding of NUL: reported once per string, each bad byte becomes U+FFFD.
    Result r = parse("[\"a\xC0\x80" "b\"]");
    INFO(dump(r.d));
    CHECK_FALSE(r.ok);
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].code == "utf8");
    CHECK(r.d[0].path == "[0]");
    CHECK(r.d[0].line == 1);
    CHECK(r.d[0].col == 4);
    CHECK_THAT(r.d[0].message, Catch::Contains("0xC0"));
    CHECK(r.v.items[0].text == "a" + kReplacement + kReplacement + "b");

    expectOne("[\"\xED\xA0\x80\"]", "utf8", "[0]", 1, 3, "invalid UTF-8");          // a UTF-16 surrogate
    expectOne("[\"ab\xE2\x82\"]", "utf8", "[0]", 1, 5, "invalid UTF-8");             // truncated before '"'
    expectOne("[\"\xE0\x80\x80\"]", "utf8", "[0]", 1, 3, "invalid UTF-8");          // overlong, 3 bytes
    expectOne("[\"\xF0\x8F\xBF\xBF\"]", "utf8", "[0]", 1, 3, "invalid UTF-8");      // overlong, 4 bytes
    expectOne("[\"\xF4\x90\x80\x80\"]", "utf8", "[0]", 1, 3, "invalid UTF-8");      // above U+10FFFF
    expectOne("[\"\x80\"]", "utf8", "[0]", 1, 3, "0x80");                            // lone continuation byte
    expectOne("{\"\xFF\": 1}", "utf8", "", 1, 3, "0xFF");                            // in a key
    for (int b = 0xF5; b <= 0xFF; ++b) {
        std::string text = "[\"x";
        text.push_back(static_cast<char>(b));
        text += "\"]";
        expectOne(text, "utf8", "[0]", 1, 4, "invalid UTF-8");
    }

    // Truncated at the end of the file: the encoding problem and the unterminated string.
    Result t = parse("[\"\xE2\x82");
    INFO(dump(t.d));
    REQUIRE(t.d.size() == 2);
    CHECK(t.d[0].code == "utf8");
    CHECK(t.d[1].code == "syntax");

    // One report per bad string.
    Result two = parse("[\"\xFF\", \"ok\", \"\xFE\"]");
    REQUIRE(two.d.size() == 2);
    CHECK(two.d[0].path == "[0]");
    CHECK(two.d[1].path == "[2]");

    // Valid sequences pass untouched, including the largest code point; columns count bytes.
    Result good = parse("[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF\"]");
    CHECK(good.ok);
    CHECK(good.v.items[0].text == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF");
    expectOne("[\"\xC3\xA9\", x]", "syntax", "[1]", 1, 8, "unexpected 'x'");
}

TEST_CASE("json_reader: \\u escapes") {
    Result r = parse("[\"\\u00e9\", \"\\u20AC\", \"\\uD83D\\uDE00\", \"\\u0000\", \"\\/\\b\\f\\n\\r\\t\\\"\\\\\"]");
    INFO(dump(r.d));
    REQUIRE(r.ok);
    CHECK(r.v.items[0].text == "\xC3\xA9");
    CHECK(r.v.items[1].text == "\xE2\x82\xAC");
    CHECK(r.v.items[2].text == "\xF0\x9F\x98\x80");
    CHECK(r.v.items[3].text == std::string(1, '\0'));
    CHECK(r.v.items[4].text == "/\b\f\n\r\t\"\\");

    expectOne("[\"\\uD800\"]", "unicode", "[0]", 1, 3, "unpaired high surrogate");
    expectOne("[\"\\uDC00\"]", "unicode", "[0]", 1, 3, "unpaired low surrogate");
    expectOne("[\"a\\uD800b\"]", "unicode", "[0]", 1, 4, "unpaired high surrogate");
    expectOne("[\"\\uD800\\u0041\"]", "unicode", "[0]", 1, 3, "not followed by a low surrogate");
    expectOne("[\"\\u12G4\"]", "syntax", "[0]", 1, 3, "four hex digits");
    expectOne("[\"\\u12\"]", "syntax", "[0]", 1, 3, "four hex digits");
    expectOne("[\"\\uD800\\uZZZZ\"]", "syntax", "[0]", 1, 3, "four hex digits");

    // A lone surrogate becomes U+FFFD; whatever follows it is still decoded.
    CHECK(parse("[\"a\\uD800b\"]").v.items[0].text == "a" + kReplacement + "b");
    CHECK(parse("[\"\\uDC00\"]").v.items[0].text == kReplacement);
    CHECK(parse("[\"\\uD800\\u0041\"]").v.items[0].text == kReplacement + "A");
    Result pair = parse("[\"\\uD800\\uD83D\\uDE00\"]");
    CHECK(pair.v.items[0].text == kReplacement + "\xF0\x9F\x98\x80");
    CHECK(pair.d.size() == 1);
}

TEST_CASE("json_reader: control characters in strings") {
    expectOne("[\"a\tb\"]", "syntax", "[0]", 1, 4, "control character byte 0x09");
    expectOne("[\"\x01\"]", "syntax", "[0]", 1, 3, "byte 0x01");
    expectOne("{\"k\": \"x\x1F\"}", "syntax", "k", 1, 9, "byte 0x1F");
    expectOne("{\"a\x01\": 1}", "syntax", "", 1, 4, "control character");
    expectClean("[\"del \x7F is fine\"]");
}

TEST_CASE("json_reader: nesting depth is limited, not a crash") {
    SECTION("exactly the limit is fine") {
        std::string ok = std::string(JsonReader::kMaxDepth, '[') + std::string(JsonReader::kMaxDepth, ']');
        expectClean(ok);
    }
    SECTION("100,000 levels of [") {
        std::string deep(100000, '[');
        Result r = parse(deep);
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "depth");
        CHECK_THAT(r.d[0].message, Catch::Contains("256"));
        CHECK(r.d[0].line == 1);
        CHECK(r.d[0].col == 257);
        // A path hundreds of levels deep is shortened to its start and end.
        CHECK_THAT(r.d[0].path, Catch::StartsWith("[0][0][0][0]") && Catch::EndsWith("[0][0][0][0]") && Catch::Contains("\xE2\x80\xA6"));
        CHECK(r.d[0].path.size() <= 160);
    }
    SECTION("100,000 levels of {\"a\":") {
        std::string deep;
        deep.reserve(500000);
        for (int i = 0; i < 100000; ++i) deep += "{\"a\":";
        Result r = parse(deep);
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "depth");
        CHECK(r.d[0].col == 5 * 256 + 1);
        CHECK_THAT(r.d[0].path, Catch::StartsWith("a.a.a.a") && Catch::EndsWith("a.a.a.a") && Catch::Contains("\xE2\x80\xA6"));
        CHECK(r.d[0].path.size() <= 160);
    }
    SECTION("paths of moderate depth are shown whole") {
        std::string text = std::string(40, '[') + "x" + std::string(40, ']');
        std::string path;
        for (int i = 0; i < 40; ++i) path += "[0]";
        expectOne(text, "syntax", path, 1, 41, "unexpected 'x'");
    }
    SECTION("one over the limit") {
        std::string over = std::string(JsonReader::kMaxDepth + 1, '[') + std::string(JsonReader::kMaxDepth + 1, ']');
        Result r = parse(over);
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "depth");
    }
}

TEST_CASE("json_reader: paths show odd keys quoted and escaped keys decoded") {
    expectOne("{\"a.b\": [1,]}", "syntax", "[\"a.b\"][0]", 1, 11, "trailing comma");
    expectOne("{\"x y\": {\"z\": tru}}", "syntax", "[\"x y\"].z", 1, 15, "expected a value");
    expectOne("{\"a\\u0041\": tru}", "syntax", "aA", 1, 13, "expected a value");
    expectOne("{\"q\\\"\": tru}", "syntax", "[\"q\\\"\"]", 1, 9, "expected a value");
    // Lines count '\n' only; "\r\n" files get the same line numbers.
    expectOne("{\r\n\"a\": tru\r\n}", "syntax", "a", 2, 6, "expected a value");
}

TEST_CASE("json_reader: streaming over an array of objects") {
    const std::string text =
        "[\n"
        "  {\"x\": 1, \"y\": [1, 2]},\n"
        "  {\"x\": 2},\n"
        "  {},\n"
        "  {\"x\": tru}\n"
        "]";
    Diagnostics d;
    JsonReader r(text, "s.json", d);
    REQUIRE(r.begin());
    REQUIRE(r.enterArray());
    int n;
    size_t index = 0;
    std::vector<std::string> seen;
    bool stopped = false;
    while (!stopped && (n = r.nextElement()) == 1) {
        CHECK(r.path() == "[" + std::to_string(index) + "]");
        REQUIRE(r.enterObject());
        std::string key;
        Pos keyPos;
        int m;
        while ((m = r.nextMember(key, keyPos)) == 1) {
            CHECK(r.path() == "[" + std::to_string(index) + "]." + key);
            CHECK(keyPos.line == index + 2);
            CHECK(keyPos.col >= 4);
            Value v;
            if (!r.parseValue(v)) {
                stopped = true;
                break;
            }
            seen.push_back(r.path() + "=" + toCanonical(v));
        }
        if (m < 0) break;
        ++index;
    }
    CHECK(r.nextElement() == -1);
    CHECK(r.failed());
    CHECK(seen == std::vector<std::string>{"[0].x=1", "[0].y=[1,2]", "[1].x=2"});
    INFO(dump(d.items()));
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].path == "[3].x");
    CHECK(d.items()[0].line == 5);
    CHECK(d.items()[0].col == 9);
    CHECK(d.items()[0].file == "s.json");
}

TEST_CASE("json_reader: streaming a clean document to the end") {
    const std::string text = " [ {\"a\": 1}, [2, 3], [] ] ";
    Diagnostics d;
    JsonReader r(text, "s.json", d);
    REQUIRE(r.begin());
    CHECK(r.peek() == '[');
    REQUIRE(r.enterArray());
    REQUIRE(r.nextElement() == 1);
    // A member-by-member read of element 0.
    REQUIRE(r.enterObject());
    std::string key;
    Pos kp;
    REQUIRE(r.nextMember(key, kp) == 1);
    CHECK(key == "a");
    CHECK(kp.col == 5);
    Value v;
    REQUIRE(r.parseValue(v));
    CHECK(v.text == "1");
    CHECK(r.nextMember(key, kp) == 0);
    // Element 1 streamed as a nested array.
    REQUIRE(r.nextElement() == 1);
    REQUIRE(r.enterArray());
    std::vector<std::string> inner;
    while (r.nextElement() == 1) {
        Value x;
        REQUIRE(r.parseValue(x));
        inner.push_back(r.path() + "=" + x.text);
    }
    CHECK(inner == std::vector<std::string>{"[1][0]=2", "[1][1]=3"});
    // Element 2 skipped.
    REQUIRE(r.nextElement() == 1);
    CHECK(r.path() == "[2]");
    REQUIRE(r.skipValue());
    CHECK(r.nextElement() == 0);
    CHECK(r.end());
    CHECK(d.empty());
    CHECK(r.offset() == r.size());
}

TEST_CASE("json_reader: streaming reports trailing commas and garbage") {
    {
        Diagnostics d;
        JsonReader r("[1,2,]", "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterArray());
        Value v;
        REQUIRE(r.nextElement() == 1);
        REQUIRE(r.parseValue(v));
        REQUIRE(r.nextElement() == 1);
        REQUIRE(r.parseValue(v));
        CHECK(r.nextElement() == -1);
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].path == "[1]");
        CHECK(d.items()[0].col == 5);
    }
    {
        Diagnostics d;
        JsonReader r("{\"a\":1,}", "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterObject());
        std::string key;
        Pos kp;
        Value v;
        REQUIRE(r.nextMember(key, kp) == 1);
        REQUIRE(r.parseValue(v));
        CHECK(r.nextMember(key, kp) == -1);
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].path == "a");
        CHECK(d.items()[0].col == 7);
    }
    {
        Diagnostics d;
        JsonReader r("[] []", "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterArray());
        CHECK(r.nextElement() == 0);
        CHECK_FALSE(r.end());
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].col == 4);
    }
    {
        // skipValue still checks what it skips.
        Diagnostics d;
        JsonReader r("[{\"a\": [1,]}]", "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterArray());
        REQUIRE(r.nextElement() == 1);
        CHECK_FALSE(r.skipValue());
        REQUIRE(d.items().size() == 1);
        CHECK(d.items()[0].path == "[0].a[0]");
    }
    {
        // enterArray / enterObject on something else.
        Diagnostics d;
        JsonReader r("{}", "s.json", d);
        REQUIRE(r.begin());
        CHECK_FALSE(r.enterArray());
        REQUIRE(d.items().size() == 1);
        CHECK_THAT(d.items()[0].message, Catch::Contains("expected '['"));
    }
}

TEST_CASE("json_reader: the diagnostics limit drops, and counts, the rest") {
    std::string text = "[";
    for (int i = 0; i < 20; ++i) text += std::string(i ? "," : "") + "NaN";
    text += "]";
    Diagnostics d(5);
    Value v;
    CHECK_FALSE(parseJson(text, v, d));
    CHECK(d.items().size() == 5);
    CHECK(d.dropped() == 15);
    CHECK(d.count() == 20);
    CHECK(formatDiagnostic(d.items()[1]) == "<input>:1:6: [1]: NaN is not a JSON number (JSON has no NaN or Infinity); use null or a finite number");
}

TEST_CASE("json_reader: the input ends where the view ends, whatever follows in memory") {
    // The text is a view into a larger buffer; the byte after its end happens to close the container. A
    // comma followed by the end of the input is an error, never a complete document.
    const std::string buffer = "[1,]{\"a\":1,}";
    {
        Diagnostics d;
        Value v;
        CHECK_FALSE(parseJson(std::string_view(buffer).substr(0, 3), v, d));  // "[1,"
        REQUIRE(d.items().size() == 1);
        CHECK_THAT(d.items()[0].message, Catch::Contains("unexpected end of file"));
    }
    {
        Diagnostics d;
        Value v;
        CHECK_FALSE(parseJson(std::string_view(buffer).substr(4, 7), v, d));  // "{\"a\":1,"
        REQUIRE(d.items().size() == 1);
        CHECK_THAT(d.items()[0].message, Catch::Contains("unexpected end of file"));
    }
    {
        Diagnostics d;
        JsonReader r(std::string_view(buffer).substr(0, 3), "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterArray());
        Value v;
        REQUIRE(r.nextElement() == 1);
        REQUIRE(r.parseValue(v));
        int next = r.nextElement();
        if (next == 1) next = r.parseValue(v) ? 1 : -1;
        CHECK(next == -1);
        CHECK_FALSE(d.empty());
    }
    {
        Diagnostics d;
        JsonReader r(std::string_view(buffer).substr(4, 7), "s.json", d);
        REQUIRE(r.begin());
        REQUIRE(r.enterObject());
        std::string key;
        Pos kp;
        Value v;
        REQUIRE(r.nextMember(key, kp) == 1);
        REQUIRE(r.parseValue(v));
        CHECK(r.nextMember(key, kp) == -1);
        CHECK_FALSE(d.empty());
    }
}

TEST_CASE("json_reader: strings read eight bytes at a time find every byte that matters, wherever it is") {
    // Plain runs of every length before and after each kind of byte the string scan must stop at, so each
    // lands at every offset of an eight-byte word, and strings end at every distance from the input's end.
    for (size_t before = 0; before <= 17; ++before) {
        for (size_t after = 0; after <= 9; ++after) {
            std::string a(before, 'a'), b(after, 'b');
            INFO("before " << before << ", after " << after);
            {
                Result r = parse("\"" + a + b + "\"");
                REQUIRE(r.ok);
                CHECK(r.v.text == a + b);
            }
            {
                Result r = parse("\"" + a + "\\n\\\"" + b + "\"");
                REQUIRE(r.ok);
                CHECK(r.v.text == a + "\n\"" + b);
            }
            {
                Result r = parse("\"" + a + "\xC3\xA9\xF0\x9F\x98\x80" + b + "\"");
                REQUIRE(r.ok);
                CHECK(r.v.text == a + "\xC3\xA9\xF0\x9F\x98\x80" + b);
            }
            {
                Result r = parse("\"" + a + "\xFF" + b + "\"");
                CHECK_FALSE(r.ok);
                REQUIRE(r.d.size() == 1);
                CHECK(r.d[0].code == "utf8");
                CHECK(r.d[0].col == before + 2);
                CHECK(r.v.text == a + "\xEF\xBF\xBD" + b);
            }
            {
                Result r = parse("\"" + a + "\x01" + b + "\"");
                CHECK_FALSE(r.ok);
                REQUIRE(r.d.size() == 1);
                CHECK(r.d[0].col == before + 2);
                CHECK_THAT(r.d[0].message, Catch::Contains("control character"));
            }
            {
                // The view ends inside the string; what follows in memory would have closed it.
                std::string buffer = "\"" + a + b + "\"";
                Diagnostics d;
                Value v;
                CHECK_FALSE(parseJson(std::string_view(buffer).substr(0, buffer.size() - 1), v, d));
                REQUIRE(d.items().size() == 1);
                CHECK_THAT(d.items()[0].message, Catch::Contains("unterminated string"));
            }
        }
    }
}

TEST_CASE("json_reader: rewrites counts the escapes and invalid bytes strings had") {
    Diagnostics d;
    std::string text = "[\"plain\",{\"k\":\"caf\xC3\xA9\"},\"a\\tb\",{\"\\u0041\":1},\"x\xFFy\"]";
    JsonReader r(text, "r.json", d);
    REQUIRE(r.begin());
    REQUIRE(r.enterArray());
    std::vector<size_t> after;
    Value v;
    while (r.nextElement() == 1) {
        REQUIRE(r.parseValue(v));
        after.push_back(r.rewrites());
    }
    CHECK(after == std::vector<size_t>{0, 0, 1, 2, 3});
}
