// Building the N-version comparison (core::CompareMatrix) in steps: a front end that draws frames does a few
// milliseconds of it per frame, so that 100 versions of thousands of params never make one frame long.
// compareVersions (diff.hpp) is this run to its end.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diff.hpp"

namespace mvr::core {

class CompareBuild {
public:
    // The manifests must outlive the matrix (cells point into their params).
    CompareBuild(std::vector<const Manifest*> versions, size_t baseline, bool onlyDifferent);
    // Does about `units` of the work (a unit: one version's cells, or a block of rows marked against the
    // baseline, about 2048 cells); true when the matrix is complete.
    bool step(size_t units = 1);
    bool done() const { return m_phase == Phase::Done; }
    // 0 to 1, for a progress bar.
    double progress() const;
    // The matrix, once done.
    CompareMatrix take();

private:
    void addVersion(size_t col);
    size_t rowsPerUnit() const;
    MatrixRow& row(Section s, const std::string& key);
    void textCell(Section s, const std::string& key, size_t col, const std::string& text);

    enum class Phase { Versions, Mark, Filter, Done };
    Phase m_phase = Phase::Versions;
    std::vector<const Manifest*> m_versions;
    bool m_onlyDifferent;
    std::vector<size_t> m_order;  // the baseline first, so rows appear in its order
    size_t m_next = 0;            // in m_order, then in the rows being marked
    std::unordered_map<std::string, size_t> m_rowIndex;
    std::string m_key;
    CompareMatrix m_mx;
};

}  // namespace mvr::core
