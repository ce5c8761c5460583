#include "app/compare_panel.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cmath>

#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "core/diff_format.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
const char* const kMarkBetter = "\xE2\x96\xB2";  // ▲
const char* const kMarkWorse = "\xE2\x96\xBC";   // ▼
constexpr double kBudgetMs = 3;                   // of each frame, for loading, building and measuring
// A frame that did more than this of that work shows the result only the next frame: the work and the first
// drawing of a large matrix never add up in one frame.
constexpr double kDrawAfterMs = 1.5;
// Cells whose texts are kept (100 versions of 2,500 rows); a larger matrix makes them again each frame.
constexpr size_t kMaxCachedCells = 250000;
// Widest a column grows to fit its texts; longer texts are shortened there (whole on hover). A matrix
// column is narrower: its longer texts wrap, and its digests take a middle ellipsis.
constexpr float kMaxColumnEm = 26, kMaxFieldEm = 24, kMaxMatrixEm = 16, kMaxDigestEm = 12;

ImVec4 colorOf(core::Change c, core::Trend t) {
    if (t == core::Trend::Better) return ui::tone(ui::Tone::Good);
    if (t == core::Trend::Worse) return ui::tone(ui::Tone::Bad);
    switch (c) {
    case core::Change::Added: return ui::tone(ui::Tone::Accent);
    case core::Change::Removed: return ui::tone(ui::Tone::OtherValue);
    case core::Change::Changed: return ui::tone(ui::Tone::Warn);
    default: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    }
}

const char* markOf(core::Trend t) { return t == core::Trend::Better ? kMarkBetter : t == core::Trend::Worse ? kMarkWorse : ""; }

float textWidth(const std::string& s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

// The pair's delta cell: "+0.0044 (+0.47%) ▲ better".
std::string pairDelta(const core::DiffEntry& e) {
    std::string delta = core::formatDelta(e);
    if (e.trend == core::Trend::Better) delta += std::string(" ") + kMarkBetter + " better";
    if (e.trend == core::Trend::Worse) delta += std::string(" ") + kMarkWorse + " worse";
    return delta;
}

std::string pairValue(const core::DiffEntry& e, bool after) {
    if (after ? e.change == core::Change::Removed : e.change == core::Change::Added) return "";
    return core::valueText(after ? e.after : e.before, 4000);
}

// A matrix cell as shown: the value, and for a metric that moved against the baseline its mark and delta
// ("0.912 ▲ +0.012").
std::string cellText(const core::MatrixRow& row, size_t col, size_t baseline) {
    const core::MatrixCell& c = row.cells[col];
    if (!c.present) return "\xE2\x80\x94";  // —
    std::string text = c.value ? core::valueText(*c.value, 4000) : c.text;
    const core::MatrixCell& b = row.cells[baseline];
    if (col == baseline || !c.numeric || !b.numeric || c.change == core::Change::Same) return text;
    core::DiffEntry e;
    e.numeric = true;
    e.before = core::Value::makeNumberLexeme(b.text);
    e.after = core::Value::makeNumberLexeme(c.text);
    e.absDelta = c.number - b.number;
    std::string n = core::formatDeltaNumber(e);
    const char* mark = markOf(c.trend);
    return text + (*mark ? std::string(" ") + mark : std::string()) + " " + (n[0] == '-' ? "" : "+") + n;
}


std::string rowTitle(const core::MatrixRow& r) { return std::string(core::sectionName(r.section)) + " " + r.key; }

// How a matrix cell is drawn: digests (datasets, artifacts) abbreviated in the middle, metrics on one line,
// any other text wrapped at its column's width.
enum class CellKind { Digest, Line, Wrapped };
CellKind kindOf(const core::MatrixRow& r) {
    if (r.section == core::Section::Dataset || r.section == core::Section::Artifact) return CellKind::Digest;
    return r.section == core::Section::Metric ? CellKind::Line : CellKind::Wrapped;
}
// In the pair: a data digest ("train.digest", "model.pt.digest.md5") abbreviated, numbers on one line, other
// text wrapped.
CellKind kindOf(const core::DiffEntry& e, const core::Value& v) {
    bool data = e.section == core::Section::Dataset || e.section == core::Section::Artifact;
    if (data && e.path.find(".digest") != std::string::npos) return CellKind::Digest;
    return v.isString() ? CellKind::Wrapped : CellKind::Line;
}
// The width a column needs for a text of width w.
float widthFor(CellKind k, float w, float em, float wrapEm) {
    if (k == CellKind::Digest) return std::min(w, kMaxDigestEm * em);
    return k == CellKind::Wrapped ? std::min(w, wrapEm * em) : w;
}
float widthFor(CellKind k, const std::string& text, float em, float wrapEm) { return widthFor(k, textWidth(text), em, wrapEm); }

// How tall a text of width w is drawn in a column: one line, or wrapped at the column's width.
float heightIn(CellKind k, const std::string& text, float w, float column) {
    if (k != CellKind::Wrapped || w <= column) return ImGui::GetTextLineHeight();
    return ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, column).y;
}

// Rows of a table drawn where their known heights put them (top: where each starts below the first, then
// the height of all): the rows on screen are drawn, the others stand as one or two empty rows of their
// height (two keep the alternating row colours in step), so the content is exactly as tall as its rows.
void spacerRows(float height, int rows) {
    if (rows <= 0 || height <= 0) return;
    if (rows % 2) {
        ImGui::TableNextRow(ImGuiTableRowFlags_None, height);
        return;
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_None, height * 0.5f);
    ImGui::TableNextRow(ImGuiTableRowFlags_None, height - height * 0.5f);
}
template <class DrawRow>
void drawKnownRows(const std::vector<float>& top, size_t rows, DrawRow drawRow) {
    int n = static_cast<int>(top.size()) - 1;
    if (n <= 0 || static_cast<size_t>(n) != rows) return;  // measured for other rows: drawn once measured again
    // What the rows may show: the table's inner window, less its frozen header row and its scrollbars.
    float scroll = ImGui::GetScrollY();
    float view = ImGui::GetCurrentWindow()->InnerClipRect.GetHeight() - ImGui::TableGetHeaderRowHeight();
    int first = std::max(0, static_cast<int>(std::upper_bound(top.begin(), top.begin() + n, scroll) - top.begin()) - 1);
    int last = static_cast<int>(std::lower_bound(top.begin() + first, top.begin() + n, scroll + view) - top.begin());
    spacerRows(top[static_cast<size_t>(first)], first);
    for (int i = first; i < last; ++i) {
        ImGui::TableNextRow(ImGuiTableRowFlags_None, top[static_cast<size_t>(i) + 1] - top[static_cast<size_t>(i)]);
        drawRow(i);
    }
    spacerRows(top[static_cast<size_t>(n)] - top[static_cast<size_t>(last)], n - last);
}

// The version columns not scrolled out of view (ImGui skips them anyway; this skips asking, a row a column).
std::vector<int> visibleColumns(int from, int to) {
    std::vector<int> out;
    for (int c = from; c < to; ++c)
        if (ImGui::TableGetColumnFlags(c) & ImGuiTableColumnFlags_IsVisible) out.push_back(c);
    return out;
}

void drawCell(CellKind k, const std::string& text, const ImVec4& color) {
    switch (k) {
    case CellKind::Digest: ui::fittedText(text, &color, ui::Ellipsis::Middle, 0, false); break;
    case CellKind::Line: ui::fittedText(text, &color); break;
    case CellKind::Wrapped:
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        break;
    }
}
}  // namespace

void ComparePanel::recompute(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    bool sameData = m_dataGeneration == ctx.dataGeneration;
    m_selGeneration = sel.generation;
    m_dataGeneration = ctx.dataGeneration;
    if (sameData && reorder(ctx)) return;
    m_computedOnly = m_onlyDifferences;
    m_manifests.clear();
    m_error.clear();
    m_loadModel = sel.model;
    m_toLoad = sel.versions;
    m_loadNext = 0;
    m_loading.clear();
    m_built = false;
    m_build.reset();
    restartMeasure();
    m_focusColumn = ~size_t(0);
}

// A new baseline (or another order) of the versions already loaded: only the comparison is built again.
bool ComparePanel::reorder(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    if (m_loadNext < m_toLoad.size() || sel.model != m_loadModel || sel.versions.size() != m_manifests.size() ||
        m_manifests.size() != m_toLoad.size())
        return false;
    std::vector<std::unique_ptr<core::Manifest>> next;
    for (const std::string& label : sel.versions) {
        auto it = std::find_if(m_manifests.begin(), m_manifests.end(), [&](const auto& m) { return m && m->label == label; });
        if (it == m_manifests.end()) return false;
        next.push_back(std::move(*it));
    }
    m_manifests = std::move(next);
    m_toLoad = sel.versions;
    rebuild();
    return true;
}

void ComparePanel::restartMeasure() {
    m_measured = m_widthsDone = m_remeasure = false;
    m_measureNext = m_heightNext = 0;
    m_rowTop.clear();
    m_rowTopNext.clear();
}

// True when the comparison is ready to draw: loaded, built and measured, and this frame was not spent on it.
bool ComparePanel::work(const PanelContext& ctx) {
    double start = platform::nowMs(), until = start + kBudgetMs;
    auto ready = [&] { return platform::nowMs() - start < kDrawAfterMs; };
    if (m_loadNext < m_toLoad.size()) {
        while (m_loadNext < m_toLoad.size() && platform::nowMs() < until) {
            auto m = std::make_unique<core::Manifest>();
            if (ctx.registry.load(m_loadModel, m_toLoad[m_loadNext], *m)) m_loading.push_back(std::move(m));
            ++m_loadNext;
        }
        if (m_loadNext < m_toLoad.size()) return false;
        m_manifests = std::move(m_loading);
        m_loading.clear();
        if (platform::nowMs() - start > kBudgetMs / 2) return false;  // the comparison itself next frame
    }
    if (!m_built) rebuild();
    if (m_build) {
        while (!m_build->step() && platform::nowMs() < until) {
        }
        if (!m_build->done()) return false;
        m_matrix = m_build->take();
        m_build.reset();
        restartMeasure();
    }
    if (m_measuredFont != ImGui::GetFontSize()) {
        m_measuredFont = ImGui::GetFontSize();
        restartMeasure();
    }
    if (m_manifests.size() < 2) return true;
    if (!m_measured) return measureSome(until) && ready();
    // Heights again for columns the user resized, drawn meanwhile at the heights they had.
    if (m_remeasure && measureHeights(until)) {
        m_rowTop.swap(m_rowTopNext);
        m_heightNext = 0;
        m_remeasure = false;
    }
    return true;
}

void ComparePanel::rebuild() {
    m_built = true;
    m_computedOnly = m_onlyDifferences;
    restartMeasure();
    headings();
    if (m_manifests.size() == 2) {
        core::DiffOptions opt;
        opt.includeSame = !m_onlyDifferences;
        m_diff = core::diffVersions(*m_manifests[0], *m_manifests[1], opt);
    } else if (m_manifests.size() > 2) {
        // Built over frames (work): 100 versions of many params take longer than a frame has.
        std::vector<const core::Manifest*> ptrs;
        for (const auto& m : m_manifests) ptrs.push_back(m.get());
        m_matrix = core::CompareMatrix();
        m_build = std::make_unique<core::CompareBuild>(std::move(ptrs), 0, m_onlyDifferences);
    }
}

void ComparePanel::headings() {
    m_model.clear();
    m_titles.clear();
    bool oneModel = !m_manifests.empty();
    for (const auto& m : m_manifests) oneModel = oneModel && m->model == m_manifests[0]->model;
    if (oneModel) m_model = m_manifests[0]->model;
    for (const auto& m : m_manifests) m_titles.push_back(oneModel ? m->label : m->id());
}

// Column widths over every row, then every row's height at those widths, a block of rows at a time until
// the frame's budget is spent.
bool ComparePanel::measureSome(double until) {
    if (!m_widthsDone) {
        if (!measureWidths(until)) return false;
        m_widthsDone = true;
        m_heightNext = 0;
        ++m_tableId;
    }
    if (!measureHeights(until)) return false;
    m_rowTop.swap(m_rowTopNext);
    m_heightNext = 0;
    m_measured = true;
    return true;
}

bool ComparePanel::measureWidths(double until) {
    const float em = ImGui::GetFontSize();
    const float headerExtra = ImGui::GetFontSize();  // room for the header's own padding
    if (m_manifests.size() == 2) {
        const core::VersionDiff& d = m_diff;
        if (m_measureNext == 0) {
            m_widths.assign(5, 0);
            const char* heads[] = {"Section", "Path", nullptr, nullptr, "Delta"};
            for (int c = 0; c < 5; ++c)
                m_widths[static_cast<size_t>(c)] = textWidth(heads[c] ? heads[c] : m_titles[static_cast<size_t>(c - 2)] + (c == 2 ? " (baseline)" : "")) + headerExtra;
        }
        for (size_t n = 0; m_measureNext < d.entries.size(); ++m_measureNext, ++n) {
            if ((n & 63) == 63 && platform::nowMs() > until) return false;
            const core::DiffEntry& e = d.entries[m_measureNext];
            m_widths[0] = std::max(m_widths[0], textWidth(core::sectionName(e.section)));
            m_widths[1] = std::max(m_widths[1], textWidth(e.path));
            m_widths[2] = std::max(m_widths[2], widthFor(kindOf(e, e.before), pairValue(e, false), em, kMaxColumnEm));
            m_widths[3] = std::max(m_widths[3], widthFor(kindOf(e, e.after), pairValue(e, true), em, kMaxColumnEm));
            m_widths[4] = std::max(m_widths[4], textWidth(e.numeric && e.change != core::Change::Same ? pairDelta(e) : core::changeName(e.change)));
        }
        m_widths[1] = std::min(m_widths[1], kMaxFieldEm * em);
        for (size_t c = 2; c < 5; ++c) m_widths[c] = std::min(m_widths[c], kMaxColumnEm * em);
    } else {
        const core::CompareMatrix& mx = m_matrix;
        size_t cols = std::min<size_t>(mx.columns.size(), 511);
        if (m_measureNext == 0) {
            m_widths.assign(cols + 1, 0);
            m_widths[0] = textWidth("Field") + headerExtra;
            for (size_t c = 0; c < cols; ++c)
                m_widths[c + 1] = textWidth(m_titles[c] + (c == mx.baseline ? " (baseline)" : "")) + headerExtra;
            m_cellCols = cols;
            m_cells.clear();
            if (mx.rows.size() * cols <= kMaxCachedCells) m_cells.resize(mx.rows.size() * cols);
        }
        for (size_t n = 0; m_measureNext < mx.rows.size(); ++m_measureNext, ++n) {
            if (n > 0 && platform::nowMs() > until) return false;  // a row is a cell per version
            const core::MatrixRow& r = mx.rows[m_measureNext];
            m_widths[0] = std::max(m_widths[0], textWidth(rowTitle(r)) + ImGui::GetStyle().ItemSpacing.x);
            for (size_t c = 0; c < cols; ++c) {
                std::string text = cellText(r, c, mx.baseline);
                float w = textWidth(text);
                m_widths[c + 1] = std::max(m_widths[c + 1], widthFor(kindOf(r), w, em, kMaxMatrixEm));
                if (m_cells.empty()) continue;
                CellView& v = m_cells[m_measureNext * cols + c];
                v.text = std::move(text);
                v.fit = ui::FitCache();
                v.fit.width = w;
            }
        }
        m_widths[0] = std::min(m_widths[0], kMaxFieldEm * em);
        for (size_t c = 1; c <= cols; ++c) m_widths[c] = std::min(m_widths[c], kMaxColumnEm * em);
    }
    return true;
}

// Each row's height at the columns' widths: one line, or the tallest of its wrapped texts.
bool ComparePanel::measureHeights(double until) {
    const float pad = ImGui::GetStyle().CellPadding.y * 2;
    if (m_heightNext == 0) m_rowTopNext.assign(1, 0);
    const bool pair = m_manifests.size() == 2;
    size_t rows = pair ? m_diff.entries.size() : m_matrix.rows.size();
    for (size_t n = 0; m_heightNext < rows; ++m_heightNext, ++n) {
        float h = ImGui::GetTextLineHeight();
        if (pair) {
            if ((n & 63) == 63 && platform::nowMs() > until) return false;
            const core::DiffEntry& e = m_diff.entries[m_heightNext];
            for (int side = 0; side < 2; ++side) {
                const core::Value& v = side ? e.after : e.before;
                CellKind k = kindOf(e, v);
                if (k != CellKind::Wrapped) continue;
                std::string text = pairValue(e, side == 1);
                h = std::max(h, heightIn(k, text, textWidth(text), m_widths[static_cast<size_t>(2 + side)]));
            }
        } else {
            if (n > 0 && platform::nowMs() > until) return false;
            const core::MatrixRow& r = m_matrix.rows[m_heightNext];
            CellKind k = kindOf(r);
            if (k == CellKind::Wrapped) {
                for (size_t c = 0; c < m_cellCols; ++c) {
                    if (!r.cells[c].present) continue;
                    if (!m_cells.empty()) {
                        const CellView& cv = m_cells[m_heightNext * m_cellCols + c];
                        h = std::max(h, heightIn(k, cv.text, cv.fit.width, m_widths[c + 1]));
                    } else {
                        std::string text = cellText(r, c, m_matrix.baseline);
                        h = std::max(h, heightIn(k, text, textWidth(text), m_widths[c + 1]));
                    }
                }
            }
        }
        m_rowTopNext.push_back(m_rowTopNext.back() + h + pad);
    }
    return true;
}

// A column dragged wider or narrower: its width is taken, and the rows' heights measured again (in steps,
// the old heights drawn meanwhile).
void ComparePanel::followResizedColumns() {
    ImGuiTable* table = ImGui::GetCurrentTable();
    bool changed = false;
    for (int c = 0; c < table->ColumnsCount && static_cast<size_t>(c) < m_widths.size(); ++c) {
        float given = table->Columns[c].WidthGiven;
        if (std::fabs(given - m_widths[static_cast<size_t>(c)]) > 0.5f) {
            m_widths[static_cast<size_t>(c)] = given;
            changed = true;
        }
    }
    if (changed && m_measured) {
        m_remeasure = true;
        m_heightNext = 0;
    }
}

std::string ComparePanel::currentJson() const {
    if (m_manifests.size() == 2) return core::toPretty(core::diffToJson(m_diff)) + "\n";
    if (m_manifests.size() > 2) return core::toPretty(core::matrixToJson(m_matrix)) + "\n";
    return "";
}

std::vector<const core::Manifest*> ComparePanel::manifests() const {
    std::vector<const core::Manifest*> out;
    for (const auto& m : m_manifests) out.push_back(m.get());
    return out;
}

size_t ComparePanel::rowCount() const {
    if (m_manifests.size() == 2) return m_diff.entries.size();
    if (m_manifests.size() > 2 && !m_build) return m_matrix.rows.size();
    return 0;
}

std::string ComparePanel::currentMarkdown() const { return m_manifests.size() == 2 ? core::diffToMarkdown(m_diff) : ""; }

// Pins version `column` first: the selection's first label is the baseline.
void ComparePanel::useAsBaseline(const PanelContext& ctx, size_t column) {
    if (column == 0 || column >= m_manifests.size()) return;
    std::vector<std::string>& v = ctx.selection.versions;
    auto it = std::find(v.begin(), v.end(), m_manifests[column]->label);
    if (it == v.end()) return;
    std::rotate(v.begin(), it, it + 1);
    ++ctx.selection.generation;
    m_focusColumn = 0;
}

// One version's column header: its title, clicked to focus it (B then makes it the baseline), right-click
// for "Use as baseline"; the whole model@label on hover.
void ComparePanel::columnHeader(const PanelContext& ctx, size_t column, const std::string& title, bool baseline) {
    std::string text = title + (baseline ? " (baseline)" : "");
    if (column == m_focusColumn) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(ImGuiCol_HeaderActive));
    ImGui::TableHeader(text.c_str());
    ui::checkFits(text, ImGui::GetItemRectSize().x - ImGui::GetStyle().CellPadding.x);
    publishItem(("compare.col:" + title).c_str());
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) m_focusColumn = column;
    if (ImGui::IsItemHovered() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        ImGui::SetTooltip("%s%s", m_manifests[column]->id().c_str(), baseline ? ": the baseline" : "\nRight-click, or click and press B: use as baseline");
    ImGui::PushID(static_cast<int>(column));
    if (ImGui::BeginPopupContextItem("##column")) {
        if (ImGui::MenuItem("Use as baseline", "B", false, !baseline)) useAsBaseline(ctx, column);
        publishItem("compare.use-baseline");
        if (ImGui::MenuItem("Copy name")) platform::setClipboard(m_manifests[column]->id());
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

void ComparePanel::drawPair(const PanelContext& ctx) {
    const core::VersionDiff& d = m_diff;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    // A table of its own for each measurement: ImGui keeps a table's column widths, and these are new.
    if (!ImGui::BeginTable(("pair##" + std::to_string(m_tableId)).c_str(), 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const char* names[] = {"Section", "Path", nullptr, nullptr, "Delta"};
    for (int c = 0; c < 5; ++c) {
        std::string name = names[c] ? names[c] : m_titles[static_cast<size_t>(c - 2)];
        ImGui::TableSetupColumn(name.c_str(), ImGuiTableColumnFlags_WidthFixed, m_widths[static_cast<size_t>(c)]);
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < 5; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        if (c == 2 || c == 3) columnHeader(ctx, static_cast<size_t>(c - 2), m_titles[static_cast<size_t>(c - 2)], c == 2);
        else ImGui::TableHeader(names[c]);
    }
    followResizedColumns();
    drawKnownRows(m_rowTop, d.entries.size(), [&](int i) {
        const core::DiffEntry& e = d.entries[static_cast<size_t>(i)];
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", core::sectionName(e.section));
        ImGui::TableNextColumn();
        ImVec4 c = colorOf(e.change, e.trend);
        ui::fittedText(e.path, &c, ui::Ellipsis::Middle);
        ImGui::TableNextColumn();
        drawCell(kindOf(e, e.before), pairValue(e, false), ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TableNextColumn();
        ImVec4 after = e.change == core::Change::Same ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : c;
        drawCell(kindOf(e, e.after), pairValue(e, true), after);
        ImGui::TableNextColumn();
        if (e.numeric && e.change != core::Change::Same) {
            ui::fittedText(pairDelta(e), &c);
            if (i < 64) publishItem(("compare.delta:" + e.path).c_str());
        } else if (e.change != core::Change::Same) {
            ImGui::TextDisabled("%s", core::changeName(e.change));
        }
    });
    ImGui::EndTable();
    publishItem("compare.table");
}

void ComparePanel::drawMatrix(const PanelContext& ctx) {
    const core::CompareMatrix& mx = m_matrix;
    int cols = 1 + static_cast<int>(std::min<size_t>(mx.columns.size(), 511));  // ImGui's table limit; the JSON has every column
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable(("matrix##" + std::to_string(m_tableId)).c_str(), cols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthFixed, m_widths[0]);
    for (int c = 1; c < cols; ++c) ImGui::TableSetupColumn(m_titles[static_cast<size_t>(c - 1)].c_str(), ImGuiTableColumnFlags_WidthFixed, m_widths[static_cast<size_t>(c)]);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    if (ImGui::TableSetColumnIndex(0)) ImGui::TableHeader("Field");
    const std::vector<int> shown = visibleColumns(1, cols);
    for (int c : shown) {
        ImGui::TableSetColumnIndex(c);
        size_t v = static_cast<size_t>(c - 1);
        columnHeader(ctx, v, m_titles[v], v == mx.baseline);
    }
    followResizedColumns();
    int marks = 0;
    const ImVec4 plainColor = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    drawKnownRows(m_rowTop, mx.rows.size(), [&](int r) {
        const core::MatrixRow& row = mx.rows[static_cast<size_t>(r)];
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("%s", core::sectionName(row.section));
        ImGui::SameLine();
        ui::fittedText(row.key, nullptr, ui::Ellipsis::Middle);
        publishItem(("compare.row:" + rowTitle(row)).c_str());  // the rows on screen, for the tests to follow
        const CellKind kind = kindOf(row);
        for (int c : shown) {
            // Only the columns on screen: 100 versions x 10,000 params stays cheap.
            ImGui::TableSetColumnIndex(c);
            size_t v = static_cast<size_t>(c - 1);
            const core::MatrixCell& cell = row.cells[v];
            CellView* view = m_cells.empty() ? nullptr : &m_cells[static_cast<size_t>(r) * m_cellCols + v];
            std::string made = view ? std::string() : cellText(row, v, mx.baseline);
            const std::string& text = view ? view->text : made;
            if (!cell.present) {
                ImGui::TextDisabled("%s", text.c_str());
                continue;
            }
            bool plain = v == mx.baseline || cell.change == core::Change::Same;
            ImVec4 color = plain ? plainColor : colorOf(cell.change, cell.trend);
            if (view && kind != CellKind::Wrapped) {
                ui::fittedText(text, view->fit, &color, kind == CellKind::Digest ? ui::Ellipsis::Middle : ui::Ellipsis::End, 0,
                               kind != CellKind::Digest);
            } else {
                drawCell(kind, text, color);
            }
            if (*markOf(cell.trend) && !plain && marks++ < 64)
                publishItem(("compare.mark:" + std::string(cell.trend == core::Trend::Better ? "better:" : "worse:") + row.key + ":" + m_titles[v]).c_str());
        }
    });
    ImGui::EndTable();
    publishItem("compare.table");
}

void ComparePanel::draw(const PanelContext& ctx) {
    const Selection& sel = ctx.selection;
    if (m_selGeneration != sel.generation || m_dataGeneration != ctx.dataGeneration) recompute(ctx);
    if (m_computedOnly != m_onlyDifferences && m_built) rebuild();
    if (!work(ctx)) {
        if (m_loadNext < m_toLoad.size()) ImGui::TextDisabled("Loading %zu of %zu versions…", m_loadNext, m_toLoad.size());
        else if (m_build) ImGui::TextDisabled("Comparing %zu versions… %d%%", m_manifests.size(), static_cast<int>(m_build->progress() * 100));
        else ImGui::TextDisabled("Comparing %zu versions…", m_manifests.size());
        return;
    }
    if (m_manifests.size() < 2) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Tick two or more versions in the table to compare them (the first ticked is the baseline).");
        ImGui::PopTextWrapPos();
        return;
    }
    // Keyboard: B makes the focused column the baseline; Left and Right move the focus between columns.
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows) && !ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGuiKey_B, false) && m_focusColumn < m_manifests.size()) useAsBaseline(ctx, m_focusColumn);
        if (m_focusColumn < m_manifests.size()) {
            if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) && m_focusColumn > 0) --m_focusColumn;
            if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) && m_focusColumn + 1 < m_manifests.size()) ++m_focusColumn;
        }
    }
    bool toggled = ImGui::Checkbox("Only differences", &m_onlyDifferences);
    publishItem("compare.only-differences");
    if (toggled) {
        rebuild();  // drawn from the next frame, once built and measured
        return;
    }
    ImGui::SameLine();
    if (ImGui::Button("Export JSON")) ctx.actions.exportJson("comparison");
    publishItem("compare.export-json");
    if (m_manifests.size() == 2) {
        ImGui::SameLine();
        if (ImGui::Button("Export Markdown")) ctx.actions.exportJson("markdown");
        publishItem("compare.export-markdown");
    }
    ImGui::SameLine();
    if (ImGui::Button("Copy link")) ctx.actions.copyLink();
    publishItem("compare.copy-link");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A link that carries these versions themselves: whoever opens it sees this comparison");
    ImGui::SameLine();
    if (ImGui::Button("Clear selection")) {
        Selection& s = ctx.selection;
        s.set(s.model, {});
        return;
    }
    // The model once (when every version is of it), then what is compared with what.
    std::string summary;
    if (m_manifests.size() == 2) {
        const core::VersionDiff& d = m_diff;
        summary = m_titles[0] + "  \xE2\x86\x92  " + m_titles[1] + ":  " + std::to_string(d.count(core::Change::Changed)) + " changed, " +
                  std::to_string(d.count(core::Change::Added)) + " added, " + std::to_string(d.count(core::Change::Removed)) + " removed";
    } else {
        summary = std::to_string(m_matrix.columns.size()) + " versions against baseline " + m_titles[m_matrix.baseline] + ": " +
                  std::to_string(m_matrix.differingRows()) + " differing rows";
    }
    if (!m_model.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(m_model.c_str());
        ImGui::PopTextWrapPos();
        publishItem(("compare.model:" + m_model).c_str());
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(summary.c_str());
    ImGui::PopTextWrapPos();
    publishItem("compare.summary");
    if (m_manifests.size() == 2) drawPair(ctx);
    else drawMatrix(ctx);
}

}  // namespace mvr::app
