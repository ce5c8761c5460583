// A model's versions as a tree by parent, laid out for drawing (issue 17): x is an item's rank in creation
// order, y a lane, so that no item or edge sits on another; long unbranched runs fold into one chain item,
// which a set of expanded chain ids opens. Plain data, no drawing: app/lineage_panel draws it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

namespace mvr::core {

// One version, or the parent of one in another model.
struct LineageNode {
    std::string key;     // unique among the nodes: a label, or "model@label" for a parent in another model
    std::string parent;  // the parent's key; "" none; a key that no node has is a dangling parent (deleted)
    double time = std::numeric_limits<double>::quiet_NaN();  // created_on in seconds; NaN when unknown
    int64_t seq = 0;           // arrival order: places a version that has no time after those that came before it
    bool alias = false;        // holds an alias: never folded into a chain
    bool deprecated = false;   // likewise
    bool external = false;     // of another model: placed by its time only, never folded
};

enum class LineageKind : uint8_t {
    Version,  // one node
    Chain,    // a run of nodes, each with one child and nothing to mark, folded into one item
    Missing,  // a parent that no node is: "parent v3 (deleted)"
};

struct LineageItem {
    LineageKind kind = LineageKind::Version;
    // The nodes shown, first == last but for a chain; a Missing item: its earliest child's node (whose parent
    // key it stands for).
    uint32_t first = 0, last = 0;
    uint32_t count = 1;          // versions shown (0 for a Missing item)
    int32_t parent = -1;         // the item of its parent, an index into items; -1: a root
    uint32_t column = 0;         // x: the rank in creation order among the items; items[i].column == i
    uint32_t lane = 0;           // y
    bool cycleCut = false;       // following parents from here led back here: this link was left out
    int32_t expandedChain = -1;  // a version of an open chain: its index in LineageLayout::expanded
};

struct LineageEdge {
    uint32_t from = 0, to = 0;  // items: the parent and the child
    bool dangling = false;      // from a Missing item
};

// An open chain: its versions are the items firstItem..lastItem in its lane (others' items may sit between them
// in other lanes); id is what the expanded set holds for it.
struct LineageChain {
    std::string id;
    uint32_t firstItem = 0, lastItem = 0;
    uint32_t count = 0;
};

struct LineageOptions {
    uint32_t minChain = 5;  // shorter runs are shown version by version (at least 2)
};

struct LineageLayout {
    std::vector<LineageItem> items;        // by column
    std::vector<LineageEdge> edges;        // one per item with a parent, by the child's column
    std::vector<LineageChain> expanded;    // open chains, by their first column
    std::vector<uint32_t> itemOfNode;      // the item that shows each node (a folded chain for its versions)
    uint32_t lanes = 0;
    uint32_t chains = 0;     // folded chains
    uint32_t cyclesCut = 0;  // parent links left out to break cycles
};

// The id of the chain that starts at node `first` (its key): it stays open while versions are added after it.
inline const std::string& lineageChainId(const std::vector<LineageNode>& nodes, uint32_t first) { return nodes[first].key; }

// Lays the nodes out. Items are ordered by creation (time, a missing time taken from the version that arrived
// before; then seq), but a child always comes after its parent, so edges run left to right even when times
// disagree. The child with the most versions under it continues its parent's lane; every other child starts a
// lane below, the nearest that is free from the parent's column to the end of that branch, so a lane's items
// and the edges along it never cross another item. Duplicate keys: the first node owns the key. O(n log n).
LineageLayout layoutLineage(const std::vector<LineageNode>& nodes, const std::unordered_set<std::string>& expanded,
                            const LineageOptions& options = {});

}  // namespace mvr::core
