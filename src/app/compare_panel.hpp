// Compare: two versions side by side (only differences by default, nested params by path, metric deltas
// marked ▲ better / ▼ worse beside their colour), or N versions against the pinned baseline as a matrix
// whose rows and columns are both clipped. Columns are headed by the version label (the model once above
// them, model@label only when the versions come from several models) and are as wide as their contents,
// scrolling sideways where they do not fit. Any column can become the baseline (right-click its header, or
// click it and press B), which pins it first. Loading, building the matrix and measuring its columns are
// spread over frames, a few milliseconds each, so that no frame is long.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/text_fit.hpp"
#include "core/compare_build.hpp"
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
    bool reorder(const PanelContext& ctx);    // the same versions in another order: no loading
    bool work(const PanelContext& ctx);       // loads, builds and measures for a few ms; true when all is done
    void rebuild();                           // starts the diff or matrix of the loaded versions
    bool measureSome(double until);           // column widths, then row heights, over the rows in steps
    bool measureWidths(double until);
    bool measureHeights(double until);        // into m_rowTopNext, for the widths in m_widths
    void restartMeasure();
    void followResizedColumns();              // the user dragged a column's edge: its wrapped rows change height
    void headings();                          // the column titles: labels, or model@label from several models
    void useAsBaseline(const PanelContext& ctx, size_t column);
    void columnHeader(const PanelContext& ctx, size_t column, const std::string& title, bool baseline);
    void drawPair(const PanelContext& ctx);
    void drawMatrix(const PanelContext& ctx);

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
    std::unique_ptr<core::CompareBuild> m_build;  // the matrix under way
    core::VersionDiff m_diff;
    core::CompareMatrix m_matrix;
    std::string m_error;
    // Headings and widths of what is on screen.
    std::string m_model;                 // the one model of every version, or "" when several
    std::vector<std::string> m_titles;   // per version: its label, or model@label
    std::vector<float> m_widths;         // per table column, measured over every row
    size_t m_measureNext = 0;
    bool m_widthsDone = false;
    bool m_measured = false;
    // The matrix's cells as drawn, text and width (a row after another, m_cellCols a row), made once while
    // measuring instead of every frame for every cell on screen; empty for a matrix too large to keep twice.
    struct CellView {
        std::string text;
        ui::FitCache fit;
    };
    std::vector<CellView> m_cells;
    size_t m_cellCols = 0;
    // Where each row starts below the first and, last, the height of them all: rows of wrapped text are
    // taller, and drawing only the rows on screen needs to know where they are (an ImGuiListClipper assumes
    // one height and jumps as taller rows scroll by). Measured into m_rowTopNext, then swapped in.
    std::vector<float> m_rowTop, m_rowTopNext;
    size_t m_heightNext = 0;
    bool m_remeasure = false;  // heights again for resized columns
    unsigned m_tableId = 0;              // a new ImGui table for new widths
    float m_measuredFont = 0;
    size_t m_focusColumn = ~size_t(0);   // the version column clicked last (B makes it the baseline)
};

}  // namespace mvr::app
