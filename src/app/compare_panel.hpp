// Compare: two versions side by side (only differences by default, nested params by path, metric deltas
// coloured by whether they got better or worse), or N versions against the pinned baseline as a matrix
// whose rows and columns are both clipped.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/diff.hpp"
#include "core/manifest.hpp"

namespace mvr::app {

struct PanelContext;

class ComparePanel {
public:
    void draw(const PanelContext& ctx);
    // The comparison on screen in the core's JSON format, and as Markdown (two versions only).
    std::string currentJson() const;
    std::string currentMarkdown() const;
    size_t rowCount() const;
    bool onlyDifferences() const { return m_onlyDifferences; }
    void setOnlyDifferences(bool on) { m_onlyDifferences = on; }
    // The compared documents as exported (current aliases), for links.
    std::vector<const core::Manifest*> manifests() const;

private:
    void recompute(const PanelContext& ctx);  // the selection or the data changed: load the versions again
    bool loadSome(const PanelContext& ctx);   // loads versions for a few ms; true when all are loaded
    void rebuild();            // the diff or matrix of the loaded versions
    void drawPair();
    void drawMatrix();

    uint64_t m_selGeneration = ~0ull, m_dataGeneration = 0;
    bool m_onlyDifferences = true;
    bool m_computedOnly = true;
    std::vector<std::unique_ptr<core::Manifest>> m_manifests;
    // Versions still to load: a comparison of 100 versions loads over several frames, so none is long.
    std::string m_loadModel;
    std::vector<std::string> m_toLoad;
    size_t m_loadNext = 0;
    std::vector<std::unique_ptr<core::Manifest>> m_loading;
    bool m_built = true;  // the diff or matrix is of the loaded versions
    core::VersionDiff m_diff;
    core::CompareMatrix m_matrix;
    std::string m_error;
};

}  // namespace mvr::app
