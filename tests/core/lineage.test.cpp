// The lineage layout: runs fold into chains and open by id, branches take lanes below without crossing an item,
// parents in other models and deleted parents, circles of parents in bad data, creation order; every layout,
// including random forests with cycles, keeps the invariants checked by checkLayout; 5,000 versions fold to a
// known number of items, laid out in well under 10 ms.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/lineage.hpp"

using namespace mvr;
using core::LineageItem;
using core::LineageKind;
using core::LineageLayout;
using core::LineageNode;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::unordered_set<std::string> kNone;

LineageNode node(std::string key, std::string parent, double time, int64_t seq) {
    LineageNode v;
    v.key = std::move(key);
    v.parent = std::move(parent);
    v.time = time;
    v.seq = seq;
    return v;
}

// prefix + from .. prefix + to, each the child of the one before (the first of `parent`), an hour apart.
void line(std::vector<LineageNode>& out, const std::string& prefix, int from, int to, std::string parent, double start = 0) {
    for (int i = from; i <= to; ++i) {
        std::string key = prefix + std::to_string(i);
        out.push_back(node(key, parent, start + 3600.0 * (i - from), static_cast<int64_t>(out.size())));
        parent = key;
    }
}

size_t find(const std::vector<LineageNode>& nodes, const std::string& key) {
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].key == key) return i;
    FAIL("no node " << key);
    return 0;
}

const LineageItem& itemOf(const LineageLayout& l, const std::vector<LineageNode>& nodes, const std::string& key) {
    return l.items[l.itemOfNode[find(nodes, key)]];
}

// What every layout must be: items by column; each node shown by one item (a chain: its run, in order); a child
// right of its parent and in its lane or below; one edge per parent link, dangling exactly from Missing items;
// and no item on the child's lane between the parent's column and the child's (where the edge runs).
void checkLayout(const LineageLayout& l, const std::vector<LineageNode>& nodes) {
    REQUIRE(l.itemOfNode.size() == nodes.size());
    std::vector<std::vector<uint32_t>> byLane(l.lanes);
    size_t versions = 0, edges = 0, chains = 0;
    for (uint32_t i = 0; i < l.items.size(); ++i) {
        const LineageItem& it = l.items[i];
        REQUIRE(it.column == i);
        REQUIRE(it.lane < l.lanes);
        byLane[it.lane].push_back(i);
        versions += it.count;
        if (it.kind == LineageKind::Missing) {
            REQUIRE(it.count == 0);
            REQUIRE(it.parent == -1);
        } else {
            REQUIRE(l.itemOfNode[it.first] == i);
            REQUIRE(l.itemOfNode[it.last] == i);
        }
        if (it.kind == LineageKind::Version) REQUIRE((it.first == it.last && it.count == 1));
        if (it.kind == LineageKind::Chain) {
            ++chains;
            REQUIRE(it.count >= 2);
            REQUIRE(it.expandedChain == -1);
        }
        if (it.parent >= 0) {
            ++edges;
            const LineageItem& p = l.items[it.parent];
            REQUIRE(p.column < it.column);
            REQUIRE(p.lane <= it.lane);
        }
    }
    size_t shownNodes = 0;
    for (uint32_t k = 0; k < nodes.size(); ++k) {
        REQUIRE(l.itemOfNode[k] < l.items.size());
        ++shownNodes;
    }
    CHECK(versions == shownNodes);
    CHECK(chains == l.chains);
    REQUIRE(l.edges.size() == edges);
    for (const core::LineageEdge& e : l.edges) {
        const LineageItem& from = l.items[e.from];
        const LineageItem& to = l.items[e.to];
        REQUIRE(to.parent == static_cast<int32_t>(e.from));
        CHECK(e.dangling == (from.kind == LineageKind::Missing));
        const std::vector<uint32_t>& lane = byLane[to.lane];
        auto between = std::upper_bound(lane.begin(), lane.end(), e.from);
        INFO("edge " << e.from << " -> " << e.to << " in lane " << to.lane);
        REQUIRE(between != lane.end());
        REQUIRE(*between == e.to);
    }
    for (const core::LineageChain& ch : l.expanded) {
        REQUIRE(ch.firstItem <= ch.lastItem);
        REQUIRE(l.items[ch.firstItem].lane == l.items[ch.lastItem].lane);
        size_t members = 0;
        for (const LineageItem& it : l.items)
            if (it.expandedChain >= 0 && l.expanded[it.expandedChain].id == ch.id) ++members;
        CHECK(members == ch.count);
    }
}

std::vector<std::string> keysByColumn(const LineageLayout& l, const std::vector<LineageNode>& nodes) {
    std::vector<std::string> out;
    for (const LineageItem& it : l.items)
        out.push_back(it.kind == LineageKind::Chain ? nodes[it.first].key + ".." + nodes[it.last].key
                      : it.kind == LineageKind::Missing ? "missing:" + nodes[it.first].parent
                                                        : nodes[it.first].key);
    return out;
}

}  // namespace

TEST_CASE("lineage: a long run folds into one chain, opens by its id and folds back") {
    std::vector<LineageNode> nodes;
    line(nodes, "v", 1, 10, "");
    LineageLayout folded = core::layoutLineage(nodes, kNone);
    checkLayout(folded, nodes);
    // v10 has no child, so it is not part of the run.
    REQUIRE(keysByColumn(folded, nodes) == std::vector<std::string>{"v1..v9", "v10"});
    CHECK(folded.items[0].count == 9);
    CHECK(folded.chains == 1);
    CHECK(folded.lanes == 1);
    REQUIRE(folded.edges.size() == 1);
    CHECK((folded.edges[0].from == 0 && folded.edges[0].to == 1 && !folded.edges[0].dangling));

    LineageLayout open = core::layoutLineage(nodes, {"v1"});
    checkLayout(open, nodes);
    CHECK(open.items.size() == 10);
    CHECK(open.chains == 0);
    REQUIRE(open.expanded.size() == 1);
    CHECK(open.expanded[0].id == "v1");
    CHECK(open.expanded[0].firstItem == 0);
    CHECK(open.expanded[0].lastItem == 8);
    CHECK(open.expanded[0].count == 9);
    CHECK(open.items[4].expandedChain == 0);
    CHECK(open.items[9].expandedChain == -1);

    // An id that is no chain's start changes nothing; an empty set folds it again.
    CHECK(core::layoutLineage(nodes, {"v2"}).items.size() == 2);
    CHECK(core::layoutLineage(nodes, kNone).items.size() == 2);
    // Runs shorter than minChain stay as they are.
    core::LineageOptions longer;
    longer.minChain = 10;
    CHECK(core::layoutLineage(nodes, kNone, longer).items.size() == 10);
}

TEST_CASE("lineage: an alias or a deprecation breaks a run, and so does a branch") {
    std::vector<LineageNode> nodes;
    line(nodes, "v", 1, 20, "");
    nodes[find(nodes, "v10")].alias = true;
    nodes[find(nodes, "v15")].deprecated = true;
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    // v11..v14 and v16..v19 are 4 long: shorter than the default 5.
    CHECK(keysByColumn(l, nodes) == std::vector<std::string>{"v1..v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
                                                             "v18", "v19", "v20"});

    core::LineageOptions four;
    four.minChain = 4;
    std::vector<LineageNode> branched = nodes;
    line(branched, "b", 1, 2, "v5", 4.5 * 3600);  // v5 now has two children
    LineageLayout b = core::layoutLineage(branched, kNone, four);
    checkLayout(b, branched);
    CHECK(itemOf(b, branched, "v1").kind == LineageKind::Chain);  // v1..v4 is 4 long and folds ...
    CHECK(itemOf(b, branched, "v1").count == 4);
    CHECK(itemOf(b, branched, "v5").kind == LineageKind::Version);  // ... v5 branches, so it is not in a run
    CHECK(itemOf(b, branched, "v5").count == 1);
}

TEST_CASE("lineage: branches take lanes below their parent; the bigger subtree keeps the lane") {
    // v1 - v2 - v3 +- v4 - v5             (short)
    //              +- v6 - v7 - v8 - v9   (longer: continues v3's lane)
    //         v2 +- w1                     (a side branch that ends before v6's branch needs the lane)
    std::vector<LineageNode> nodes;
    line(nodes, "v", 1, 3, "");
    nodes.push_back(node("v4", "v3", 4 * 3600, 3));
    nodes.push_back(node("v5", "v4", 5 * 3600, 4));
    nodes.push_back(node("v6", "v3", 6 * 3600, 5));
    line(nodes, "v", 7, 9, "v6", 7 * 3600);
    nodes.push_back(node("w1", "v2", 1.5 * 3600, 9));
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    CHECK(l.chains == 0);
    CHECK(keysByColumn(l, nodes) == std::vector<std::string>{"v1", "v2", "w1", "v3", "v4", "v5", "v6", "v7", "v8", "v9"});
    for (const char* k : {"v1", "v2", "v3", "v6", "v7", "v8", "v9"}) CHECK(itemOf(l, nodes, k).lane == 0);
    // w1's lane is free again after w1: v4's branch, which starts at v3, reuses lane 1.
    CHECK(itemOf(l, nodes, "w1").lane == 1);
    CHECK(itemOf(l, nodes, "v4").lane == 1);
    CHECK(itemOf(l, nodes, "v5").lane == 1);
    CHECK(l.lanes == 2);

    // Two branches alive at once need two lanes: w goes on past v3.
    line(nodes, "w", 2, 3, "w1", 3.5 * 3600);
    LineageLayout two = core::layoutLineage(nodes, kNone);
    checkLayout(two, nodes);
    CHECK(itemOf(two, nodes, "w3").lane == 1);
    CHECK(itemOf(two, nodes, "v4").lane == 2);
    CHECK(two.lanes == 3);
}

TEST_CASE("lineage: a parent in another model is a root of its own, placed by its time") {
    std::vector<LineageNode> nodes;
    LineageNode teacher = node("teacher-model@3", "", 100, -1);
    teacher.external = true;
    line(nodes, "0.", 1, 3, "teacher-model@3", 200);
    nodes.push_back(teacher);
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    REQUIRE(keysByColumn(l, nodes) == std::vector<std::string>{"teacher-model@3", "0.1", "0.2", "0.3"});
    CHECK(l.items[0].kind == LineageKind::Version);
    CHECK(l.items[0].parent == -1);
    CHECK(l.items[1].parent == 0);
    CHECK(!l.edges[0].dangling);
    CHECK(l.lanes == 1);

    // A teacher never folds into a run, even with one child and nothing marked.
    std::vector<LineageNode> longer;
    longer.push_back(teacher);
    line(longer, "s", 1, 8, "teacher-model@3", 200);
    core::LineageOptions two;
    two.minChain = 2;
    LineageLayout f = core::layoutLineage(longer, kNone, two);
    checkLayout(f, longer);
    CHECK(keysByColumn(f, longer) == std::vector<std::string>{"teacher-model@3", "s1..s7", "s8"});
}

TEST_CASE("lineage: a deleted parent is one Missing item before its children, linked by dangling edges") {
    std::vector<LineageNode> nodes;
    line(nodes, "v", 1, 2, "");
    nodes.push_back(node("v4", "v3", 4 * 3600, 3));  // v3 was deleted (mvr delete --force)
    nodes.push_back(node("v5", "v3", 5 * 3600, 4));
    nodes.push_back(node("x", "other@9", 6 * 3600, 5));  // a teacher that is gone
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    CHECK(keysByColumn(l, nodes) == std::vector<std::string>{"v1", "v2", "missing:v3", "v4", "v5", "missing:other@9", "x"});
    const LineageItem& missing = l.items[2];
    CHECK(missing.kind == LineageKind::Missing);
    CHECK(nodes[missing.first].key == "v4");
    CHECK(itemOf(l, nodes, "v4").parent == 2);
    CHECK(itemOf(l, nodes, "v5").parent == 2);
    size_t dangling = 0;
    for (const auto& e : l.edges) dangling += e.dangling;
    CHECK(dangling == 3);
    // A version whose parent is gone is never folded away: its marker stays on screen.
    std::vector<LineageNode> run;
    line(run, "v", 4, 12, "v3");
    core::LineageOptions two;
    two.minChain = 2;
    LineageLayout r = core::layoutLineage(run, kNone, two);
    checkLayout(r, run);
    CHECK(keysByColumn(r, run) == std::vector<std::string>{"missing:v3", "v4", "v5..v11", "v12"});
}

TEST_CASE("lineage: parents in a circle (bad data) are cut at the earliest, and the layout ends") {
    std::vector<LineageNode> nodes;
    nodes.push_back(node("a", "c", 1, 0));
    nodes.push_back(node("b", "a", 2, 1));
    nodes.push_back(node("c", "b", 3, 2));
    nodes.push_back(node("d", "d", 4, 3));  // its own parent
    nodes.push_back(node("e", "c", 5, 4));  // hangs off the circle
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    CHECK(l.cyclesCut == 2);
    CHECK(itemOf(l, nodes, "a").cycleCut);
    CHECK(itemOf(l, nodes, "a").parent == -1);
    CHECK(itemOf(l, nodes, "d").cycleCut);
    CHECK(!itemOf(l, nodes, "b").cycleCut);
    CHECK(keysByColumn(l, nodes) == std::vector<std::string>{"a", "b", "c", "d", "e"});

    // A long circle of plain versions: cut once, then folds like any run.
    std::vector<LineageNode> ring;
    line(ring, "r", 1, 50, "r50");
    LineageLayout rl = core::layoutLineage(ring, kNone);
    checkLayout(rl, ring);
    CHECK(rl.cyclesCut == 1);
    CHECK(keysByColumn(rl, ring) == std::vector<std::string>{"r1", "r2..r49", "r50"});
}

TEST_CASE("lineage: columns follow creation time; a version without one goes where it arrived") {
    std::vector<LineageNode> nodes;
    // Two branches off r, created alternately; labels say nothing about time.
    nodes.push_back(node("r", "", 0, 0));
    nodes.push_back(node("late", "r", 40, 1));
    nodes.push_back(node("early", "r", 10, 2));
    nodes.push_back(node("untimed", "early", kNaN, 3));  // arrived after "early" (seq 3): takes its time
    nodes.push_back(node("mid", "late", 20, 4));
    nodes.push_back(node("old", "r", -5, 5));  // created before its parent: still right of it
    LineageLayout l = core::layoutLineage(nodes, kNone);
    checkLayout(l, nodes);
    CHECK(keysByColumn(l, nodes) == std::vector<std::string>{"r", "old", "early", "untimed", "late", "mid"});

    // Nothing has a time: arrival order.
    std::vector<LineageNode> untimed;
    for (int i = 0; i < 4; ++i) untimed.push_back(node("u" + std::to_string(i), i ? "u0" : "", kNaN, 10 - i));
    LineageLayout u = core::layoutLineage(untimed, kNone);
    checkLayout(u, untimed);
    CHECK(keysByColumn(u, untimed) == std::vector<std::string>{"u0", "u3", "u2", "u1"});
}

TEST_CASE("lineage: random forests with dangling parents and cycles keep every invariant") {
    std::mt19937 rng(17);
    for (int round = 0; round < 300; ++round) {
        const int n = 1 + static_cast<int>(rng() % 120);
        std::vector<LineageNode> nodes;
        for (int i = 0; i < n; ++i) {
            std::string parent;
            uint32_t r = rng() % 100;
            if (i > 0 && r < 70) parent = "n" + std::to_string(rng() % i);
            else if (r < 78) parent = "gone" + std::to_string(rng() % 3);
            else if (r < 83) parent = "n" + std::to_string(rng() % n);  // any node: cycles
            double t = rng() % 10 == 0 ? kNaN : static_cast<double>(rng() % 1000);
            LineageNode v = node("n" + std::to_string(i), parent, t, static_cast<int64_t>(rng() % 500));
            v.alias = rng() % 15 == 0;
            v.deprecated = rng() % 20 == 0;
            v.external = rng() % 40 == 0;
            nodes.push_back(v);
        }
        core::LineageOptions opt;
        opt.minChain = 2 + rng() % 4;
        LineageLayout l = core::layoutLineage(nodes, kNone, opt);
        INFO("round " << round << ", " << n << " nodes");
        checkLayout(l, nodes);
        // Open every chain: nothing stays folded, and the invariants hold again.
        std::unordered_set<std::string> all;
        for (const LineageItem& it : l.items)
            if (it.kind == LineageKind::Chain) all.insert(nodes[it.first].key);
        LineageLayout open = core::layoutLineage(nodes, all, opt);
        checkLayout(open, nodes);
        CHECK(open.chains == 0);
        CHECK(open.expanded.size() == l.chains);
    }
}

TEST_CASE("lineage: 5,000 versions in long chains with a few branches fold to 18 items, fast") {
    // m1..m4700, the main line; m1000, m2000 and m3000 each start a side branch of 100 (s<k>-1..s<k>-100, made
    // between the main line's versions); production on m4000, m4500 deprecated.
    std::vector<LineageNode> nodes;
    line(nodes, "m", 1, 4700, "", 3600);
    for (int k = 1; k <= 3; ++k) line(nodes, "s" + std::to_string(k) + "-", 1, 100, "m" + std::to_string(1000 * k), (1000.0 * k + 0.5) * 3600);
    REQUIRE(nodes.size() == 5000);
    nodes[find(nodes, "m4000")].alias = true;
    nodes[find(nodes, "m4500")].deprecated = true;

    LineageLayout l;
    double best = 1e9;
    for (int run = 0; run < 5; ++run) {
        auto t0 = std::chrono::steady_clock::now();
        l = core::layoutLineage(nodes, kNone);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("lineage layout of 5,000 versions: %.2f ms (best of 5)\n", best);
    checkLayout(l, nodes);
    // Main line: m1000, m2000, m3000 (branching), m4000 (alias), m4500 (deprecated), m4700 (no child) and the six
    // runs between them; each side branch: a run of 99 and its last version.
    CHECK(l.items.size() == 18);
    CHECK(l.chains == 9);
    CHECK(itemOf(l, nodes, "m1500").count == 999);
    CHECK(itemOf(l, nodes, "m4600").count == 199);
    CHECK(itemOf(l, nodes, "s2-50").count == 99);
    CHECK(itemOf(l, nodes, "m4700").lane == 0);
    // Each side branch ends before the next starts: one lane serves all three.
    CHECK(l.lanes == 2);
    CHECK(itemOf(l, nodes, "s3-100").lane == 1);
    CHECK(keysByColumn(l, nodes) ==
          std::vector<std::string>{"m1..m999", "m1000", "s1-1..s1-99", "m1001..m1999", "s1-100", "m2000", "s2-1..s2-99",
                                   "m2001..m2999", "s2-100", "m3000", "s3-1..s3-99", "m3001..m3999", "s3-100", "m4000",
                                   "m4001..m4499", "m4500", "m4501..m4699", "m4700"});

    // Opening the run after m1000 shows its 999 versions.
    LineageLayout open = core::layoutLineage(nodes, {"m1001"});
    checkLayout(open, nodes);
    CHECK(open.items.size() == 18 - 1 + 999);
    CHECK(open.lanes == 2);
#ifdef NDEBUG
    CHECK(best < 10.0);
#endif

    // The widest case: one root with 4,999 children, each its own lane from the root's column on.
    std::vector<LineageNode> star;
    star.push_back(node("root", "", 0, 0));
    for (int i = 1; i < 5000; ++i) star.push_back(node("c" + std::to_string(i), "root", i, i));
    auto t0 = std::chrono::steady_clock::now();
    LineageLayout s = core::layoutLineage(star, kNone);
    double starMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("lineage layout of a 5,000-version star: %.2f ms\n", starMs);
    checkLayout(s, star);
    CHECK(s.lanes == 4999);
#ifdef NDEBUG
    CHECK(starMs < 20.0);
#endif
}
