// Presenting diffs: the JSON shape, Markdown tables, plain text, and number/delta formatting.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <vector>
#include <cstdlib>
#include <limits>
#include <string>

#include "core/diff_format.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::json;
using mvr::test::manifest;

namespace {

DiffEntry metricEntry(const std::string& before, const std::string& after) {
    DiffEntry e;
    e.section = Section::Metric;
    e.path = "m";
    e.change = Change::Changed;
    e.before = Value::makeNumberLexeme(before);
    e.after = Value::makeNumberLexeme(after);
    e.numeric = true;
    e.absDelta = e.after.number - e.before.number;
    e.relDelta = e.before.number != 0 ? e.absDelta / std::fabs(e.before.number) : std::numeric_limits<double>::quiet_NaN();
    return e;
}

VersionDiff sample() {
    Manifest a = manifest("{\"model\":\"m\",\"version\":1,\"params\":{\"opt\":{\"lr\":0.1}},"
                          "\"metrics\":{\"auc\":{\"value\":0.13222,\"goal\":\"max\"}}}");
    Manifest b = manifest("{\"model\":\"m\",\"version\":2,\"params\":{\"opt\":{\"lr\":0.2}},"
                          "\"metrics\":{\"auc\":{\"value\":0.12586,\"goal\":\"max\"}}}");
    return diffVersions(a, b);
}

}  // namespace

TEST_CASE("diff_format: deltas are printed with the decimals of their operands") {
    CHECK(formatDeltaNumber(metricEntry("0.13222", "0.12586")) == "-0.00636");
    CHECK(formatDelta(metricEntry("0.13222", "0.12586")) == "-0.00636 (-4.81%)");
    CHECK(formatDelta(metricEntry("0.8", "0.85")) == "+0.05 (+6.25%)");
    CHECK(formatDelta(metricEntry("0.1", "0.3")) == "+0.2 (+200.00%)");
    CHECK(formatDelta(metricEntry("10", "12")) == "+2 (+20.00%)");
    CHECK(formatDelta(metricEntry("1.5", "1")) == "-0.5 (-33.33%)");
    CHECK(formatDelta(metricEntry("0", "0.5")) == "+0.5");  // no relative change from zero
    CHECK(formatDelta(metricEntry("0.5", "0.5")) == "+0 (+0.00%)");
    CHECK(formatDeltaNumber(metricEntry("0.50", "0.5")) == "0");
    CHECK(formatDelta(metricEntry("-2", "-1")) == "+1 (+50.00%)");  // relative to |before|
    // Exponents: the shortest form that reads back.
    CHECK(formatDeltaNumber(metricEntry("1e-7", "2e-7")) == "1e-07");
    DiffEntry plain;
    plain.before = Value::makeString("a");
    plain.after = Value::makeString("b");
    CHECK(formatDelta(plain) == "");
}

TEST_CASE("diff_format: formatNumber is the shortest text that reads back") {
    CHECK(formatNumber(0.1) == "0.1");
    CHECK(formatNumber(-2.5) == "-2.5");
    CHECK(formatNumber(123456789) == "123456789");
    CHECK(formatNumber(1e21) == "1e+21");
    CHECK(formatNumber(1.0 / 3) == "0.3333333333333333");
    CHECK(formatNumber(0.1 + 0.2) == "0.30000000000000004");
    for (double v : {0.0, 1.0, -1e-300, 6.02214076e23, 1.0 / 7, 2.0 / 3, 1e-7, 123.456, 5e-324, 1.7976931348623157e308}) {
        std::string s = formatNumber(v);
        INFO(s);
        CHECK(std::strtod(s.c_str(), nullptr) == v);
    }
}

TEST_CASE("diff_format: valueText") {
    CHECK(valueText(json("\"plain text\"")) == "plain text");
    CHECK(valueText(json("\"two\\nlines\\tand tab\"")) == "two lines and tab");
    CHECK(valueText(json("1.50")) == "1.50");
    CHECK(valueText(json("{\"a\":[1,\"x\"]}")) == "{\"a\":[1,\"x\"]}");
    CHECK(valueText(json("null")) == "null");
    CHECK(valueText(Value::makeString(std::string(100, 'x')), 10) == std::string(10, 'x') + "...");
    std::string e;
    for (int i = 0; i < 10; ++i) e += "\xC3\xA9";
    CHECK(valueText(Value::makeString(e), 5) == e.substr(0, 4) + "...");  // cut on a character boundary
}

TEST_CASE("diff_format: JSON shape") {
    Value j = diffToJson(sample());
    // It is plain JSON that reads back.
    Value back = json(toCanonical(j));
    CHECK(back == j);
    CHECK(j.find("left")->text == "m@1");
    CHECK(j.find("right")->text == "m@2");
    const Value* summary = j.find("summary");
    REQUIRE(summary);
    CHECK(toCanonical(*summary) == "{\"added\":0,\"removed\":0,\"changed\":2}");
    const Value* changes = j.find("changes");
    REQUIRE(changes);
    REQUIRE(changes->items.size() == 2);
    CHECK(toCanonical(changes->items[0]) ==
          "{\"section\":\"param\",\"path\":\"opt.lr\",\"change\":\"changed\",\"before\":0.1,\"after\":0.2}");
    const Value& m = changes->items[1];
    CHECK(m.find("section")->text == "metric");
    CHECK(m.find("path")->text == "auc");
    CHECK(m.find("before")->text == "0.13222");
    CHECK(m.find("after")->text == "0.12586");
    CHECK(m.find("delta")->text == "-0.00636");
    REQUIRE(m.find("relative_delta"));
    CHECK(m.find("relative_delta")->number == Approx(-0.00636 / 0.13222).epsilon(1e-9));
    CHECK(m.find("goal")->text == "max");
    CHECK(m.find("trend")->text == "worse");

    // Added rows have no "before", removed rows no "after"; no relative delta from zero.
    Manifest a = manifest("{\"model\":\"m\",\"version\":1,\"params\":{\"gone\":1},\"metrics\":{\"z\":0}}");
    Manifest b = manifest("{\"model\":\"m\",\"version\":2,\"params\":{\"new\":2},\"metrics\":{\"z\":1}}");
    Value j2 = diffToJson(diffVersions(a, b));
    const Value& rows = *j2.find("changes");
    REQUIRE(rows.items.size() == 3);
    CHECK(rows.items[0].find("path")->text == "gone");
    CHECK(rows.items[0].find("after") == nullptr);
    CHECK(rows.items[0].find("before")->text == "1");
    CHECK(rows.items[1].find("path")->text == "new");
    CHECK(rows.items[1].find("before") == nullptr);
    CHECK(rows.items[2].find("delta")->text == "1");
    CHECK(rows.items[2].find("relative_delta") == nullptr);
    CHECK(rows.items[2].find("goal") == nullptr);
    CHECK(toCanonical(*j2.find("summary")) == "{\"added\":1,\"removed\":1,\"changed\":1}");
}

TEST_CASE("diff_format: Markdown") {
    CHECK(diffToMarkdown(sample()) ==
          "### m@1 → m@2\n"
          "\n"
          "2 changed, 0 added, 0 removed\n"
          "\n"
          "#### Params\n"
          "\n"
          "| path | change | before | after |\n"
          "|---|---|---|---|\n"
          "| `opt.lr` | changed | `0.1` | `0.2` |\n"
          "\n"
          "#### Metrics\n"
          "\n"
          "| metric | before | after | delta | |\n"
          "|---|---|---|---|---|\n"
          "| auc | `0.13222` | `0.12586` | -0.00636 (-4.81%) | ❌ worse |\n");

    // Pipes are escaped and backticks replaced, so a cell cannot break the table.
    Manifest a = manifest("{\"model\":\"m\",\"version\":1,\"params\":{\"a|b\":\"x`y\"},\"metrics\":{\"loss\":{\"value\":0.5,\"goal\":\"min\"}}}");
    Manifest b = manifest("{\"model\":\"m\",\"version\":2,\"params\":{\"a|b\":\"z\"},\"metrics\":{\"loss\":{\"value\":0.25,\"goal\":\"min\"}},\"x\":1}");
    std::string md = diffToMarkdown(diffVersions(a, b));
    CHECK_THAT(md, Catch::Contains("| `[\"a\\|b\"]` | changed | `x'y` | `z` |\n"));
    CHECK_THAT(md, Catch::Contains("| loss | `0.5` | `0.25` | -0.25 (-50.00%) | ✅ better |\n"));
    CHECK_THAT(md, Catch::Contains("#### Other fields\n\n| path | change | before | after |\n|---|---|---|---|\n| `x` | added |  | `1` |\n"));

    Manifest same = manifest("{\"model\":\"m\",\"version\":2}");
    Manifest same1 = manifest("{\"model\":\"m\",\"version\":1}");
    CHECK(diffToMarkdown(diffVersions(same1, same)) == "### m@1 → m@2\n\n0 changed, 0 added, 0 removed\n\nNo differences.\n");
}

TEST_CASE("diff_format: plain text") {
    CHECK(diffToText(sample(), false) ==
          "m@1 -> m@2: 2 changed, 0 added, 0 removed\n"
          "\n"
          "Params\n"
          "  ~ opt.lr: 0.1 -> 0.2\n"
          "\n"
          "Metrics\n"
          "  ~ auc: 0.13222 -> 0.12586  -0.00636 (-4.81%) worse\n");
    std::string colored = diffToText(sample(), true);
    CHECK_THAT(colored, Catch::Contains("\x1b[33m  ~ opt.lr: 0.1 -> 0.2\x1b[0m"));
    CHECK_THAT(colored, Catch::Contains("\x1b[31mworse\x1b[0m"));
    Manifest a = manifest("{\"model\":\"m\",\"version\":1}");
    CHECK(diffToText(diffVersions(a, a), false) == "m@1 -> m@1: 0 changed, 0 added, 0 removed\nno differences\n");
}

TEST_CASE("diff_format: compare matrix as JSON") {
    Manifest a = manifest("{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1},\"metrics\":{\"auc\":{\"value\":0.8,\"goal\":\"max\"}}}");
    Manifest b = manifest("{\"model\":\"m\",\"version\":2,\"params\":{\"lr\":0.2},\"metrics\":{\"auc\":{\"value\":0.9,\"goal\":\"max\"}}}");
    CompareMatrix mx = compareVersions({&a, &b}, 0, true);
    Value j = matrixToJson(mx);
    CHECK(json(toCanonical(j)) == j);
    CHECK(toCanonical(*j.find("versions")) == "[\"m@1\",\"m@2\"]");
    CHECK(j.find("baseline")->text == "m@1");
    const Value& rows = *j.find("rows");
    REQUIRE(rows.items.size() == 2);
    CHECK(toCanonical(rows.items[0]) ==
          "{\"section\":\"metric\",\"key\":\"auc\",\"goal\":\"max\",\"differs\":true,\"cells\":[{\"value\":0.8},"
          "{\"value\":0.9,\"change\":\"changed\",\"trend\":\"better\"}]}");
    CHECK(toCanonical(rows.items[1]) ==
          "{\"section\":\"param\",\"key\":\"lr\",\"differs\":true,\"cells\":[{\"value\":0.1},{\"value\":0.2,\"change\":\"changed\"}]}");
}

TEST_CASE("formatNumber and formatGeneralFast print what printf's %g prints") {
    // The shortest %.{6..17}g that reads back, as the printf loop found it; and %.6g / %+.6g, on short decimals,
    // random doubles, powers of ten, boundaries of %g's notations and near rounding ties.
    auto slow = [](double v) {
        char buf[40];
        for (int prec = 6; prec <= 17; ++prec) {
            std::snprintf(buf, sizeof buf, "%.*g", prec, v);
            if (std::strtod(buf, nullptr) == v) break;
        }
        return std::string(buf);
    };
    std::vector<double> values = {0, -0.0, 1, -1, 0.5, 0.74384, 25.9035, 139.61, 3756.04, 1e-4, 9.99999e-5, 0.0001234,
                                  123456, 999999, 1e6, 1200000, 1234567.8, 0.1 + 0.2, 1.0 / 3, 2.5e-7, 1e15, 123456789012,
                                  0.9999995, 9.9999995, 0.04261000000000001, -0.00636, 1e300, 5e-324, 12.5, 0.125};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double u = static_cast<double>(x >> 11) / 9007199254740992.0;
        int scale = static_cast<int>(x % 13) - 6;
        values.push_back((i % 2 ? -u : u) * std::pow(10.0, scale));
        values.push_back(std::round(u * 1e5) / std::pow(10.0, 5 + scale % 4));
    }
    for (double v : values) {
        INFO(v);
        CHECK(formatNumber(v) == slow(v));
        std::string fast;
        for (bool plus : {false, true}) {
            if (!formatGeneralFast(v, 6, plus, fast)) continue;
            char buf[40];
            std::snprintf(buf, sizeof buf, plus ? "%+.6g" : "%.6g", v);
            CHECK(fast == buf);
        }
    }
}
