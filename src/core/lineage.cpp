#include "core/lineage.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace mvr::core {

namespace {

constexpr int32_t kNoParent = -1;
constexpr int32_t kMissingParent = -2;

// Lanes by the last column each holds, to find the first lane below another that is free from a column on:
// a segment tree of each range's smallest last column (a lane never used holds -1, free for any column).
// Lanes in use stay contiguous from 0, so one more lane than there are branches is always enough.
class LaneFinder {
public:
    explicit LaneFinder(size_t lanes) {
        while (m_size < lanes) m_size *= 2;
        m_min.assign(2 * m_size, -1);
    }
    // The first lane after `after` whose last column is before `start`.
    size_t find(int64_t after, int64_t start) const { return find(1, 0, m_size, after + 1, start); }
    void occupy(size_t lane, int64_t last) {
        size_t i = lane + m_size;
        m_min[i] = last;
        for (i /= 2; i >= 1; i /= 2) m_min[i] = std::min(m_min[2 * i], m_min[2 * i + 1]);
    }

private:
    size_t find(size_t node, size_t lo, size_t hi, int64_t from, int64_t start) const {
        if (static_cast<int64_t>(hi) <= from || m_min[node] >= start) return SIZE_MAX;
        if (hi - lo == 1) return lo;
        size_t mid = (lo + hi) / 2;
        size_t r = find(2 * node, lo, mid, from, start);
        return r != SIZE_MAX ? r : find(2 * node + 1, mid, hi, from, start);
    }

    size_t m_size = 1;
    std::vector<int64_t> m_min;
};

// A run of versions folded (or open) as one chain.
struct Run {
    uint32_t first, last, count;
    bool open;
};

}  // namespace

LineageLayout layoutLineage(const std::vector<LineageNode>& nodes, const std::unordered_set<std::string>& expanded,
                            const LineageOptions& options) {
    LineageLayout out;
    const uint32_t n = static_cast<uint32_t>(nodes.size());
    if (n == 0) return out;

    std::unordered_map<std::string_view, uint32_t> byKey;
    byKey.reserve(n * 2);
    for (uint32_t i = 0; i < n; ++i) byKey.emplace(nodes[i].key, i);

    // Creation order. A version without a time is placed where it arrived: it takes the time of the version
    // that arrived before it (of this model; a node of another model has only its own time).
    std::vector<double> when(n, -HUGE_VAL);
    {
        std::vector<uint32_t> bySeq;
        bySeq.reserve(n);
        for (uint32_t i = 0; i < n; ++i) {
            if (!nodes[i].external) bySeq.push_back(i);
            else if (std::isfinite(nodes[i].time)) when[i] = nodes[i].time;
        }
        std::stable_sort(bySeq.begin(), bySeq.end(), [&](uint32_t a, uint32_t b) { return nodes[a].seq < nodes[b].seq; });
        double carry = -HUGE_VAL;
        for (uint32_t i : bySeq) {
            if (std::isfinite(nodes[i].time)) carry = nodes[i].time;
            when[i] = carry;
        }
    }
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (when[a] != when[b]) return when[a] < when[b];
        if (nodes[a].external != nodes[b].external) return nodes[a].external;  // a teacher before its students
        if (nodes[a].seq != nodes[b].seq) return nodes[a].seq < nodes[b].seq;
        return a < b;
    });
    std::vector<uint32_t> rank(n);
    for (uint32_t r = 0; r < n; ++r) rank[order[r]] = r;

    std::vector<int32_t> parent(n, kNoParent);
    for (uint32_t i = 0; i < n; ++i) {
        if (nodes[i].parent.empty()) continue;
        auto it = byKey.find(nodes[i].parent);
        parent[i] = it == byKey.end() ? kMissingParent : static_cast<int32_t>(it->second);
    }

    // Bad data can link parents in a circle (a self-parent, a -> b -> a): each circle loses the link of its
    // earliest node, which becomes a root. Every node is walked once.
    std::vector<uint8_t> cut(n, 0);
    {
        std::vector<uint8_t> mark(n, 0);  // 0 not seen, 1 on the walk, 2 done
        std::vector<uint32_t> walk;
        for (uint32_t s = 0; s < n; ++s) {
            if (mark[s]) continue;
            walk.clear();
            int32_t at = static_cast<int32_t>(s);
            while (at >= 0 && mark[at] == 0) {
                mark[at] = 1;
                walk.push_back(static_cast<uint32_t>(at));
                at = parent[at];
            }
            if (at >= 0 && mark[at] == 1) {
                auto from = std::find(walk.begin(), walk.end(), static_cast<uint32_t>(at));
                uint32_t earliest = *std::min_element(from, walk.end(), [&](uint32_t a, uint32_t b) { return rank[a] < rank[b]; });
                parent[earliest] = kNoParent;
                cut[earliest] = 1;
                ++out.cyclesCut;
            }
            for (uint32_t w : walk) mark[w] = 2;
        }
    }

    // Children of each node, in creation order.
    std::vector<uint32_t> childStart(n + 1, 0), children(n);
    for (uint32_t i = 0; i < n; ++i)
        if (parent[i] >= 0) ++childStart[parent[i] + 1];
    std::partial_sum(childStart.begin(), childStart.end(), childStart.begin());
    {
        std::vector<uint32_t> fill(childStart.begin(), childStart.end() - 1);
        for (uint32_t i : order)
            if (parent[i] >= 0) children[fill[parent[i]]++] = i;
    }
    auto childCount = [&](uint32_t i) { return childStart[i + 1] - childStart[i]; };

    // Dangling parents: one Missing item per key, however many children name it.
    std::unordered_map<std::string_view, uint32_t> missingOf;
    std::vector<uint32_t> missingFirst;  // per Missing item: its earliest child
    std::vector<uint32_t> missingGroup(n, 0);
    for (uint32_t i : order) {
        if (parent[i] != kMissingParent) continue;
        auto [it, added] = missingOf.emplace(nodes[i].parent, static_cast<uint32_t>(missingFirst.size()));
        if (added) missingFirst.push_back(i);
        missingGroup[i] = it->second;
    }

    // Runs: versions with exactly one child, no alias, no deprecation, no link of note (dangling, cut, another
    // model's). A run of minChain or more folds unless its id is in the expanded set.
    std::vector<uint8_t> plain(n);
    for (uint32_t i = 0; i < n; ++i) {
        const LineageNode& v = nodes[i];
        plain[i] = !v.alias && !v.deprecated && !v.external && !cut[i] && parent[i] != kMissingParent && childCount(i) == 1;
    }
    const uint32_t minChain = std::max<uint32_t>(2, options.minChain);
    std::vector<Run> runs;
    std::vector<int32_t> runOf(n, -1);
    for (uint32_t i : order) {
        if (!plain[i] || (parent[i] >= 0 && plain[parent[i]])) continue;  // not plain, or inside a run
        uint32_t last = i, count = 1;
        while (plain[children[childStart[last]]]) {
            last = children[childStart[last]];
            ++count;
        }
        if (count < minChain) continue;
        const int32_t r = static_cast<int32_t>(runs.size());
        runs.push_back({i, last, count, expanded.count(lineageChainId(nodes, i)) > 0});
        for (uint32_t at = i;; at = children[childStart[at]]) {
            runOf[at] = r;
            if (at == last) break;
        }
    }

    // Items (in any order here; placed by column below), each with the key that orders it: a node's rank, a
    // Missing item just before its earliest child.
    std::vector<LineageItem> items;
    std::vector<int64_t> key;
    items.reserve(n + missingFirst.size());
    key.reserve(n + missingFirst.size());
    out.itemOfNode.assign(n, 0);
    auto add = [&](LineageKind kind, uint32_t first, uint32_t last, uint32_t count, int64_t k) {
        LineageItem it;
        it.kind = kind;
        it.first = first;
        it.last = last;
        it.count = count;
        it.cycleCut = kind != LineageKind::Missing && cut[first];
        items.push_back(it);
        key.push_back(k);
        return static_cast<uint32_t>(items.size() - 1);
    };
    for (uint32_t i = 0; i < n; ++i)
        if (runOf[i] < 0 || runs[runOf[i]].open) out.itemOfNode[i] = add(LineageKind::Version, i, i, 1, 2 * int64_t(rank[i]) + 1);
    for (const Run& r : runs) {
        if (r.open) continue;
        uint32_t item = add(LineageKind::Chain, r.first, r.last, r.count, 2 * int64_t(rank[r.first]) + 1);
        for (uint32_t at = r.first;; at = children[childStart[at]]) {
            out.itemOfNode[at] = item;
            if (at == r.last) break;
        }
        ++out.chains;
    }
    const uint32_t firstMissing = static_cast<uint32_t>(items.size());
    for (uint32_t f : missingFirst) add(LineageKind::Missing, f, f, 0, 2 * int64_t(rank[f]));
    const uint32_t m = static_cast<uint32_t>(items.size());
    for (LineageItem& it : items) {
        if (it.kind == LineageKind::Missing) continue;
        int32_t p = parent[it.first];
        if (p >= 0) it.parent = static_cast<int32_t>(out.itemOfNode[p]);
        else if (p == kMissingParent) it.parent = static_cast<int32_t>(firstMissing + missingGroup[it.first]);
    }

    // Columns: creation order, but a child only once its parent is placed (the items are a forest).
    std::vector<uint32_t> itemChildStart(m + 1, 0), itemChildren(m);
    for (const LineageItem& it : items)
        if (it.parent >= 0) ++itemChildStart[it.parent + 1];
    std::partial_sum(itemChildStart.begin(), itemChildStart.end(), itemChildStart.begin());
    {
        std::vector<uint32_t> fill(itemChildStart.begin(), itemChildStart.end() - 1);
        for (uint32_t i = 0; i < m; ++i)
            if (items[i].parent >= 0) itemChildren[fill[items[i].parent]++] = i;
    }
    std::vector<uint32_t> columnOf(m, 0);
    {
        using Ready = std::pair<int64_t, uint32_t>;
        std::priority_queue<Ready, std::vector<Ready>, std::greater<Ready>> ready;
        for (uint32_t i = 0; i < m; ++i)
            if (items[i].parent < 0) ready.push({key[i], i});
        uint32_t column = 0;
        while (!ready.empty()) {
            uint32_t i = ready.top().second;
            ready.pop();
            columnOf[i] = column++;
            for (uint32_t c = itemChildStart[i]; c < itemChildStart[i + 1]; ++c) ready.push({key[itemChildren[c]], itemChildren[c]});
        }
    }
    out.items.resize(m);
    for (uint32_t i = 0; i < m; ++i) {
        LineageItem it = items[i];
        it.column = columnOf[i];
        if (it.parent >= 0) it.parent = static_cast<int32_t>(columnOf[it.parent]);
        out.items[it.column] = it;
    }
    for (uint32_t& item : out.itemOfNode) item = columnOf[item];
    std::vector<LineageItem>& placed = out.items;

    // Lanes. The child with the most versions under it (the earliest among equals) continues its parent's lane.
    std::vector<uint64_t> under(m, 0);
    for (uint32_t c = m; c-- > 0;) {
        under[c] += placed[c].count;
        if (placed[c].parent >= 0) under[placed[c].parent] += under[c];
    }
    std::vector<int32_t> mainChild(m, -1);
    for (uint32_t c = 0; c < m; ++c) {
        int32_t p = placed[c].parent;
        if (p >= 0 && (mainChild[p] < 0 || under[c] > under[mainChild[p]])) mainChild[p] = static_cast<int32_t>(c);
    }
    std::vector<uint32_t> branchEnd(m);
    for (uint32_t c = m; c-- > 0;) branchEnd[c] = mainChild[c] >= 0 ? branchEnd[mainChild[c]] : c;
    // A branch starts at a root or at any other child, and needs its lane from its parent's column (where its
    // edge leaves the parent's lane) to its last item. Taken in order of that start.
    std::vector<std::pair<uint32_t, uint32_t>> heads;  // (start column, head)
    for (uint32_t c = 0; c < m; ++c) {
        int32_t p = placed[c].parent;
        if (p < 0) heads.push_back({c, c});
        else if (mainChild[p] != static_cast<int32_t>(c)) heads.push_back({static_cast<uint32_t>(p), c});
    }
    std::sort(heads.begin(), heads.end());
    LaneFinder finder(heads.size() + 1);
    for (auto [start, head] : heads) {
        int32_t p = placed[head].parent;
        size_t lane = finder.find(p >= 0 ? int64_t(placed[p].lane) : -1, start);
        finder.occupy(lane, branchEnd[head]);
        for (int32_t c = static_cast<int32_t>(head); c >= 0; c = mainChild[c]) placed[c].lane = static_cast<uint32_t>(lane);
        out.lanes = std::max(out.lanes, static_cast<uint32_t>(lane + 1));
    }

    out.edges.reserve(m);
    for (uint32_t c = 0; c < m; ++c) {
        int32_t p = placed[c].parent;
        if (p >= 0) out.edges.push_back({static_cast<uint32_t>(p), c, placed[p].kind == LineageKind::Missing});
    }
    for (const Run& r : runs) {
        if (!r.open) continue;
        out.expanded.push_back({lineageChainId(nodes, r.first), out.itemOfNode[r.first], out.itemOfNode[r.last], r.count});
    }
    std::sort(out.expanded.begin(), out.expanded.end(),
              [](const LineageChain& a, const LineageChain& b) { return a.firstItem < b.firstItem; });
    for (size_t e = 0; e < out.expanded.size(); ++e) {
        const LineageChain& ch = out.expanded[e];
        for (uint32_t at = placed[ch.firstItem].first;; at = children[childStart[at]]) {
            placed[out.itemOfNode[at]].expandedChain = static_cast<int32_t>(e);
            if (at == placed[ch.lastItem].first) break;
        }
    }
    return out;
}

}  // namespace mvr::core
