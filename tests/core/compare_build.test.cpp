// The N-version comparison built in steps (what the app does a few milliseconds a frame) is the same matrix
// as built at once, whatever the step size, baseline or "only differences".
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/compare_build.hpp"
#include "core/diff_format.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::manifest;

namespace {

// Version i of m: 1500 params (every 7th differs by version), metrics with goals, a dataset, a tag.
std::string version(int i) {
    std::string params;
    for (int p = 0; p < 1500; ++p) params += (p ? "," : "") + ("\"p" + std::to_string(p) + "\":" + std::to_string(p % 7 ? p : p + i));
    return "{\"model\":\"m\",\"version\":" + std::to_string(i) + ",\"params\":{" + params + ",\"only" + std::to_string(i) +
           "\":true},\"metrics\":{\"auc\":{\"value\":0." + std::to_string(80 + i) + ",\"goal\":\"max\"},\"loss\":" +
           std::to_string(i) + "},\"tags\":{\"team\":\"t" + std::to_string(i % 2) + "\"},\"datasets\":[{\"name\":\"train\",\"uri\":\"s3://x/" +
           std::to_string(i % 3) + "\"}],\"x_extra\":{\"k\":" + std::to_string(i) + "}}";
}

}  // namespace

TEST_CASE("compare build: stepped one unit at a time gives the matrix built at once") {
    std::vector<Manifest> ms;
    for (int i = 1; i <= 6; ++i) ms.push_back(manifest(version(i)));
    std::vector<const Manifest*> vs;
    for (const Manifest& m : ms) vs.push_back(&m);
    for (bool only : {true, false}) {
        for (size_t baseline : {size_t(0), size_t(3)}) {
            INFO("only " << only << " baseline " << baseline);
            std::string whole = toCanonical(matrixToJson(compareVersions(vs, baseline, only)));
            CompareBuild b(vs, baseline, only);
            size_t steps = 0;
            double last = -1;
            while (!b.step(1)) {
                ++steps;
                double p = b.progress();
                CHECK(p >= last);
                CHECK(p < 1);
                last = p;
            }
            CHECK(b.progress() == 1);
            // Six versions, then the rows (1500 and more) marked in blocks of 2048 cells.
            CHECK(steps >= 6 + 2);
            CompareMatrix mx = b.take();
            CHECK(mx.baseline == baseline);
            CHECK(toCanonical(matrixToJson(mx)) == whole);
            CHECK(mx.rows.size() > (only ? 200u : 1500u));
        }
    }
}

TEST_CASE("compare build: no versions is done at once, a baseline out of range is the first") {
    CompareBuild none({}, 0, true);
    CHECK(none.done());
    CHECK(none.take().rows.empty());
    Manifest a = manifest(version(1)), b = manifest(version(2));
    CompareBuild two({&a, &b}, 9, true);
    CHECK_FALSE(two.done());
    CHECK(two.step(100));
    CHECK(two.take().baseline == 0);
}
