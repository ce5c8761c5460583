// Differences between model versions, as data: two versions path by path, or N versions against a pinned
// baseline as a matrix. Presenting them is the UI's and the CLI's job.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json_value.hpp"
#include "core/manifest.hpp"

namespace mvr::core {

enum class Change : uint8_t { Same, Added, Removed, Changed };
enum class Trend : uint8_t { None, Better, Worse, Equal };
const char* changeName(Change c);
const char* trendName(Trend t);

enum class Section : uint8_t { Field, Param, Metric, Dataset, Artifact, Extra };
const char* sectionName(Section s);

// One row of a two-version diff. Values are JSON (for params: the values themselves).
struct DiffEntry {
    Section section;
    std::string path;  // "optimizer.lr", "auc", "train.digest", "aliases"
    Change change;
    Value before;      // null when added
    Value after;       // null when removed
    // Metrics only.
    bool numeric = false;
    double absDelta = 0;
    double relDelta = 0;     // (after-before)/|before|; NaN when before is 0
    Goal goal = Goal::None;
    Trend trend = Trend::None;
};

struct DiffOptions {
    bool includeSame = false;  // "only differences" is the default
};

struct VersionDiff {
    std::string left;   // model@label
    std::string right;
    std::vector<DiffEntry> entries;
    size_t count(Change c) const;
    size_t count(Section s) const;
};

// b compared with a (a is "before"). The manifests' aliases are taken as they are: callers that read from a
// registry put the current aliases there first.
VersionDiff diffVersions(const Manifest& a, const Manifest& b, const DiffOptions& opt = {});

// Whether two leaf values are the same for a diff: equal JSON, or two strings that both read fully as numbers
// with the same value ("0.1" and "0.10", "5" and "05"). Tools such as MLflow keep every param as a string;
// comparing their text would show "0.1" -> "0.10" as a change. Integers compare exactly, others as doubles.
// Numbers (not strings) still compare by lexeme, as everywhere in mvr.
bool sameValue(const Value& a, const Value& b);

// Generic JSON diff by path (objects key by key, arrays element by element); appends to out.
void diffJson(const Value& a, const Value& b, std::string& path, Section section, bool includeSame,
              std::vector<DiffEntry>& out);

// N versions against a baseline: rows are every field/param/metric/data digest seen in any version.
struct MatrixCell {
    const Value* value = nullptr;  // params and extras: into the manifest; else null and text is used
    std::string text;
    bool present = false;
    Change change = Change::Same;  // against the baseline's cell
    Trend trend = Trend::None;     // metrics with a goal
    double number = 0;
    bool numeric = false;
};

struct MatrixRow {
    Section section;
    std::string key;
    Goal goal = Goal::None;
    bool differs = false;
    std::vector<MatrixCell> cells;  // one per version, in column order
};

struct CompareMatrix {
    std::vector<std::string> columns;  // model@label
    size_t baseline = 0;
    std::vector<MatrixRow> rows;
    size_t differingRows() const;
};

// after against before for a metric with this goal: None without a goal, Equal when the same.
Trend trendOf(Goal goal, double before, double after);

// The manifests must outlive the matrix (cells point into their params). In steps: core/compare_build.hpp.
CompareMatrix compareVersions(const std::vector<const Manifest*>& versions, size_t baseline, bool onlyDifferent);

}  // namespace mvr::core
