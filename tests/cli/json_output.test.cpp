// Output for scripts is valid UTF-8 JSON whatever the input held: every byte value at every position of a
// quoted token (a key and a string value) is fed to `mvr --json validate`, and nlohmann/json, a parser that
// shares no code with mvr and refuses ill-formed UTF-8, reads every answer.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/text.hpp"
#include "run_cli.hpp"
#include "test_support.hpp"

using namespace mvr;

namespace {

using Out = mvr::test::CliResult;

Out run(const std::vector<std::string>& args, const std::string& in) { return mvr::test::runCli(args, in); }

// The answer parses as JSON (nlohmann throws on ill-formed UTF-8 and on any syntax error).
nlohmann::json parsed(const std::string& text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const std::exception& e) {
        FAIL("not valid JSON: " << e.what() << "\n" << core::showInvalidBytes(text));
    }
    return {};
}

}  // namespace

TEST_CASE("cli --json: every byte at every position of a quoted token gives valid UTF-8 JSON") {
    mvr::test::TempPath db("json-output.db");
    // A lone high surrogate escape followed by the start of a 4-byte sequence: the case of the report.
    const std::string token = "\"\\uD83D\xF0" "ab\xC3\xA9z\"";
    size_t runs = 0, withProblems = 0;
    for (int where = 0; where < 2; ++where) {
        for (size_t pos = 1; pos < token.size(); ++pos) {
            for (int b = 0; b < 256; ++b) {
                std::string t = token;
                t.insert(t.begin() + static_cast<long>(pos), static_cast<char>(b));
                std::string doc = where == 0 ? "{\"model\":\"m\",\"version\":1,\"params\":{" + t + ":1}}"
                                             : "{\"model\":\"m\",\"version\":1,\"params\":{\"k\":" + t + "}}";
                Out r = run({"--db", db.str(), "--json", "validate", "-"}, doc);
                INFO("byte " << b << " at " << pos << (where == 0 ? " of a key" : " of a value"));
                REQUIRE(r.code != 2);
                nlohmann::json j = parsed(r.out);
                REQUIRE(j.is_object());
                ++runs;
                if (r.code == 1) ++withProblems;
                // The plain-text report (stderr) is valid UTF-8 too.
                CHECK(core::isValidUtf8(r.err));
            }
        }
    }
    CHECK(runs == 2 * (token.size() - 1) * 256);
    CHECK(withProblems == runs);  // the token itself is broken: every input has a problem to report
}

TEST_CASE("cli --json: a problem quoting broken bytes shows them as \\xNN") {
    mvr::test::TempPath db("json-output-2.db");
    // The path names the broken key.
    Out r = run({"--db", db.str(), "--json", "validate", "-"},
                "{\"model\":\"m\",\"version\":1,\"params\":{\"a\x80\":{\"b\":\"x\\uD800\"}}}");
    CHECK(r.code == 1);
    nlohmann::json j = parsed(r.out);
    std::string all = j.dump();
    CHECK(all.find("params[\\\"a\\\\x80\\\"].b") != std::string::npos);
    // A file name that is not UTF-8 is shown the same way, in JSON and in text.
    mvr::test::TempPath file("bad-\xFF-name.json");
    REQUIRE(mvr::test::writeText(file.str(), "{\"model\":\"m\",\"version\":\"\"}"));
    Out f = run({"--db", db.str(), "--json", "validate", file.str()}, "");
    CHECK(f.code == 1);
    CHECK(parsed(f.out).dump().find("bad-\\\\xFF-name.json") != std::string::npos);
    Out t = run({"--db", db.str(), "validate", file.str()}, "");
    CHECK(core::isValidUtf8(t.out + t.err));
    CHECK((t.out + t.err).find("bad-\\xFF-name.json") != std::string::npos);
}
