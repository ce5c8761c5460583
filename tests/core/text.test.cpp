// Text from outside: UTF-8 validity exactly as RFC 3629 defines it, bytes that are not UTF-8 shown as \xNN
// (or replaced by U+FFFD), JSON number text, and the diagnostics every message goes through.
#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostics.hpp"
#include "core/text.hpp"

using namespace mvr::core;

TEST_CASE("text: UTF-8 validity") {
    CHECK(isValidUtf8(""));
    CHECK(isValidUtf8("plain ascii"));
    CHECK(isValidUtf8("\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x98\x80"));  // é ☃ 😀
    CHECK(isValidUtf8("\xF4\x8F\xBF\xBF"));                         // U+10FFFF
    CHECK_FALSE(isValidUtf8("\x80"));                               // a lone continuation byte
    CHECK_FALSE(isValidUtf8("\xC3"));                               // cut short
    CHECK_FALSE(isValidUtf8("\xC0\xAF"));                           // overlong '/'
    CHECK_FALSE(isValidUtf8("\xE0\x80\xAF"));                       // overlong
    CHECK_FALSE(isValidUtf8("\xED\xA0\xBD"));                       // a UTF-16 surrogate (U+D83D)
    CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80"));                   // past U+10FFFF
    CHECK_FALSE(isValidUtf8("\xF0\x9F\x98"));                       // 4-byte sequence cut short
    CHECK_FALSE(isValidUtf8("\xFF"));
}

TEST_CASE("text: bytes that are not UTF-8 are shown as \\xNN, the rest is kept") {
    CHECK(showInvalidBytes("ok \xC3\xA9") == "ok \xC3\xA9");
    CHECK(showInvalidBytes("a\x80z") == "a\\x80z");
    CHECK(showInvalidBytes("\xF0\x9F\x98") == "\\xF0\\x9F\\x98");
    CHECK(showInvalidBytes("\xED\xA0\xBD\xC3\xA9") == "\\xED\\xA0\\xBD\xC3\xA9");
    CHECK(replaceInvalidBytes("a\xFFz") == "a\xEF\xBF\xBDz");
    // Every single byte, alone and between valid text: the result is always valid UTF-8.
    for (int b = 0; b < 256; ++b) {
        std::string s = "x" + std::string(1, static_cast<char>(b)) + "\xE2\x98\x83";
        INFO(b);
        CHECK(isValidUtf8(showInvalidBytes(s)));
        CHECK(isValidUtf8(replaceInvalidBytes(s)));
        CHECK((showInvalidBytes(s) == s) == (b < 0x80));
    }
}

TEST_CASE("text: JSON number text") {
    for (const char* ok : {"0", "-0", "1", "12", "1.5", "-1.5e10", "1E+2", "0.0", "1e-400"}) {
        INFO(ok);
        CHECK(isNumberLexeme(ok));
    }
    for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "1 ", " 1", "1e+"}) {
        INFO(bad);
        CHECK_FALSE(isNumberLexeme(bad));
    }
}

TEST_CASE("text: hex and edge spaces") {
    CHECK(isHexText("09afAF"));
    CHECK(asciiLower("NER-Transformer \xC3\x89") == "ner-transformer \xC3\x89");
    CHECK(containsIgnoringCase("ner-transformer-dist", "NER"));
    CHECK(containsIgnoringCase("anything", ""));
    CHECK_FALSE(containsIgnoringCase("ner", "ners"));
    CHECK_FALSE(isHexText(""));
    CHECK_FALSE(isHexText("0g"));
    CHECK(hasControlOrEdgeSpace(""));
    CHECK(hasControlOrEdgeSpace(" a"));
    CHECK(hasControlOrEdgeSpace("a\t"));
    CHECK_FALSE(hasControlOrEdgeSpace("a b"));
}

TEST_CASE("text: every diagnostic is valid UTF-8, however it was made") {
    Diagnostics d;
    d.add(Diagnostic{"f\xFF.json", "params.\xC3", 1, 2, "utf8", "invalid UTF-8 \xF0\x9F in string"});
    REQUIRE(d.items().size() == 1);
    CHECK(d.items()[0].file == "f\\xFF.json");
    CHECK(d.items()[0].path == "params.\\xC3");
    CHECK(d.items()[0].message == "invalid UTF-8 \\xF0\\x9F in string");
    // One made by hand, not through add(), is shown the same way.
    Diagnostic raw{"g\x80", "", 0, 0, "x", "m\xC3"};
    CHECK(formatDiagnostic(raw) == "g\\x80: m\\xC3");
}

TEST_CASE("text: names refuse invisible formatting; the screen shows control and formatting characters visibly") {
    // A name that reads one way and is another: an override, an isolate, a zero-width space, a C1 control, a BOM.
    for (const char* bad : {"model\xE2\x80\xAEtxt.exe", "a\xE2\x81\xA6" "b", "zero\xE2\x80\x8Bwidth", "c1\xC2\x85", "\xEF\xBB\xBFname",
                            "arabic\xD8\x9Cmark", "tab\there", "del\x7f"}) {
        INFO(bad);
        CHECK(hasControlOrEdgeSpace(bad));
        CHECK(hasInvisible(bad));
    }
    // Ordinary text outside ASCII is a name like any other.
    for (const char* good : {"mod\xC3\xA8le", "\xE6\xA8\xA1\xE5\x9E\x8B", "em\xE2\x80\x94" "dash", "\xC2\xA0nbsp-inside"}) {
        INFO(good);
        CHECK_FALSE(hasControlOrEdgeSpace(good));
        CHECK_FALSE(hasInvisible(good));
    }
    CHECK(displayText("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    CHECK(displayText("a\nb\x07", true) == "a\nb<U+0007>");
    CHECK(displayText("x\xE2\x80\xAEy\xC2\x85z\xEF\xBB\xBF") == "x<U+202E>y<U+0085>z<U+FEFF>");
    CHECK(displayText("plain \xC3\xA8") == "plain \xC3\xA8");
    CHECK_FALSE(hasInvisible("two\nlines", false));
    CHECK(hasInvisible("two\nlines", true));
    // A sequence cut at the end of the text is not read past it.
    CHECK(displayText(std::string("end\xE2\x80", 5)) == std::string("end\xE2\x80", 5));
}

TEST_CASE("text: a message quotes a value with its invisible characters escaped") {
    CHECK(escapeInvisible("bad\xE2\x80\xAE" "name") == "bad\\u202ename");
    CHECK(escapeInvisible("plain") == "plain");
    CHECK(escapeInvisible("\xEF\xBB\xBF" "bom") == "\\ufeffbom");
}
