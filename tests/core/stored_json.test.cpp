// The stored-document reader (core/stored_json) against the strict reader: for every document the strict one
// reads cleanly, its canonical text must read back to an equal value (numbers to the same double, bit for
// bit), and damaged text must be refused, never read past its end.
#include <cstring>
#include <vector>

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

// The same doubles, bit for bit (NaN included).
bool sameDoubles(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// readStoredStepHistories on canonical text gives what stepHistories gives on the document, for every metric
// wanted (each of the document's, none, and one it lacks) and both x axes. Returns the histories compared.
size_t checkSteps(const Value& doc, const std::string& canonical) {
    std::vector<std::string> wants = {"", "no such metric"};
    if (const Value* metrics = doc.isObject() ? doc.find("metrics") : nullptr; metrics && metrics->isObject())
        for (const Member& m : metrics->members) wants.push_back(m.key);
    size_t compared = 0;
    for (const std::string& want : wants)
        for (bool byTime : {false, true}) {
            INFO("want \"" << want << "\", by time " << byTime);
            StepHistories expected = stepHistories(doc, want, byTime), got;
            REQUIRE(readStoredStepHistories(canonical, want, byTime, got));
            CHECK(got.names == expected.names);
            CHECK(got.metric == expected.metric);
            CHECK(sameDoubles(got.series.x, expected.series.x));
            CHECK(sameDoubles(got.series.y, expected.series.y));
            compared += expected.series.size() > 0;
        }
    return compared;
}

}  // namespace

TEST_CASE("stored_json: a document's step histories read from its text as from the document") {
    std::vector<std::string> files;
    for (const char* dir : {"/tests/fixtures", "/public", "/docs/examples"}) {
        std::string d = std::string(MVR_SOURCE_DIR) + dir;
        listFiles(d, d + "/", files);
    }
    size_t documents = 0, histories = 0;
    for (const std::string& f : files) {
        if (f.size() < 5 || f.compare(f.size() - 5, 5, ".json") != 0) continue;
        std::string text;
        REQUIRE(readText(f, text));
        Diagnostics d;
        Value v;
        if (!parseJson(text, v, d) || !d.empty()) continue;
        INFO(f);
        // A file of one document, a list of them (an import file), or a registry export (its "versions").
        std::vector<const Value*> docs;
        const Value* versions = v.isObject() ? v.find("versions") : nullptr;
        const Value& list = versions && versions->isArray() ? *versions : v;
        if (list.isArray()) for (const Value& item : list.items) docs.push_back(&item);
        else docs.push_back(&v);
        for (const Value* doc : docs) {
            if (!doc->isObject()) continue;
            ++documents;
            histories += checkSteps(*doc, toCanonical(*doc));
        }
    }
    CHECK(documents >= 30);
    CHECK(histories >= 4);  // the example registry's versions have training curves

    // Every shape a step can take (stepSeries's own test), out of order, with escapes in keys and a timestamp,
    // "steps" before and after "value", an empty history, a metric that is a number, and a second metric with
    // steps whose name sorts first (read instead of the first one met when none is wanted).
    Value doc = json(R"({"model":"m","params":{"metrics":{"x":{"steps":[1]}}},"metrics":{
        "loss":{"steps":[0.5,{"step":5,"value":0.7},{"value":0.8},{"step":2,"value":"x","timestamp":1700000000000},
                 {"step":3,"value":0.6,"timestamp":"2024-03-18T01:14:00Z"},{"step":"7","value":1e300},[1],"s",null,
                 {"timestamp":"2024-03-18T01:14:00.5+02:00","value":-0.0,"extra":{"steps":[9]}},
                 {"st\u0065p":4,"v\u0061lue":2.5,"timestamp":17e8}],"value":0.6},
        "acc":0.9,"empty":{"value":1,"steps":[]},"notarray":{"value":1,"steps":{"a":1}},
        "auc":{"value":0.9,"steps":[{"step":1,"value":0.1},{"step":1,"value":0.2},{"step":0,"value":0.3}]},
        "caf\u00e9 \"q\"":{"steps":[1,2,3]}},"tags":{"steps":"no"}})");
    CHECK(checkSteps(doc, toCanonical(doc)) >= 6);
    StepHistories h;
    REQUIRE(readStoredStepHistories(toCanonical(doc), "", false, h));
    CHECK(h.names == std::vector<std::string>{"loss", "auc", "caf\u00e9 \"q\""});
    CHECK(h.metric == "auc");
    CHECK(h.series.x == std::vector<double>{0, 1, 1});  // sorted, stable: the two steps 1 keep their order
    CHECK(h.series.y == std::vector<double>{0.3, 0.1, 0.2});
    // A document without metrics, or with no histories.
    CHECK(checkSteps(json(R"({"model":"m","version":1})"), toCanonical(json(R"({"model":"m","version":1})"))) == 0);
    REQUIRE(readStoredStepHistories("{\"metrics\":{\"a\":1}}", "a", false, h));
    CHECK(h.names.empty());
    CHECK(h.metric.empty());
}

TEST_CASE("stored_json: text that is not a stored document gives no step histories, at any length") {
    Value doc = json(R"({"model":"m","params":{"lr":0.1,"s":"a \"b\""},"metrics":{"loss":{"value":1,
        "steps":[{"step":0,"value":2.5,"timestamp":"2024-03-18T01:14:00Z"},{"step":1,"value":1.5}]}},"tags":{}})");
    std::string text = toCanonical(doc);
    StepHistories h;
    REQUIRE(readStoredStepHistories(text, "loss", false, h));
    REQUIRE(h.series.size() == 2);
    // Cut before the end of "metrics": refused, and nothing half-read is left in out. (What follows "metrics" is
    // not read: a cut there still reads the histories whole.)
    const size_t metricsEnd = text.find(",\"tags\"");
    REQUIRE(metricsEnd != std::string::npos);
    for (size_t n = 0; n < metricsEnd; ++n) {
        INFO(n);
        CHECK_FALSE(readStoredStepHistories(std::string_view(text.data(), n), "loss", false, h));
        CHECK(h.names.empty());
        CHECK(h.series.size() == 0);
    }
    for (const char* bad : {"", " {}", "[]", "{\"metrics\":{\"a\":{\"steps\":[1,]}}}", "{\"metrics\":{\"a\":{\"steps\":[1 2]}}}",
                            "{\"metrics\":{\"a\":{\"steps\":[{\"value\":}]}}}", "{\"metrics\":{\"a\":{\"steps\":[-]}}}",
                            "{\"metrics\":{\"a\":{\"steps\":[\"x]}}}", "{\"metrics\":{a:1}}", "{\"x\":1,\"metrics\":{\"a\":tru}}",
                            "{\"x\":[1}"}) {
        INFO(bad);
        CHECK_FALSE(readStoredStepHistories(bad, "a", false, h));
    }
    // Nesting in a skipped part past the limit is refused, not followed down.
    std::string deep = "{\"params\":" + std::string(300, '[') + std::string(300, ']') + ",\"metrics\":{}}";
    CHECK_FALSE(readStoredStepHistories(deep, "a", false, h));
}

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
