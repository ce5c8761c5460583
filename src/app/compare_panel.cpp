#include "app/compare_panel.hpp"
#include "app/theme.hpp"

#include <algorithm>
#include <cmath>

#include "app/panel_context.hpp"
#include "app/text_fit.hpp"
#include "core/diff_format.hpp"
#include "imgui.h"
#include "platform/browser.hpp"

namespace mvr::app {

namespace {
const char* const kMarkBetter = "\xE2\x96\xB2";  // ▲
const char* const kMarkWorse = "\xE2\x96\xBC";   // ▼
constexpr double kBudgetMs = 6;                   // of each frame, for loading, building and measuring
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

// A table row of one line of text, for the clippers.
float oneLineRow() { return ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2 - ImGui::GetStyle().ItemSpacing.y; }

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
float widthFor(CellKind k, const std::string& text, float em, float wrapEm) {
    float w = textWidth(text);
    if (k == CellKind::Digest) return std::min(w, kMaxDigestEm * em);
    return k == CellKind::Wrapped ? std::min(w, wrapEm * em) : w;
}
float cellWidthFor(const core::MatrixRow& r, const std::string& text, float em) { return widthFor(kindOf(r), text, em, kMaxMatrixEm); }

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
    m_measured = false;
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

bool ComparePanel::work(const PanelContext& ctx) {
    double start = platform::nowMs(), until = start + kBudgetMs;
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
        m_measureNext = 0;
        m_measured = false;
    }
    if (m_measuredFont != ImGui::GetFontSize()) {
        m_measuredFont = ImGui::GetFontSize();
        m_measured = false;
        m_measureNext = 0;
    }
    if (!m_measured && m_manifests.size() >= 2) return measureSome(until);
    return true;
}

void ComparePanel::rebuild() {
    m_built = true;
    m_computedOnly = m_onlyDifferences;
    m_measured = false;
    m_measureNext = 0;
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

// Column widths over every row, a block of rows at a time until the frame's budget is spent.
bool ComparePanel::measureSome(double until) {
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
        }
        for (size_t n = 0; m_measureNext < mx.rows.size(); ++m_measureNext, ++n) {
            if (n > 0 && platform::nowMs() > until) return false;  // a row is a cell per version
            const core::MatrixRow& r = mx.rows[m_measureNext];
            m_widths[0] = std::max(m_widths[0], textWidth(rowTitle(r)) + ImGui::GetStyle().ItemSpacing.x);
            for (size_t c = 0; c < cols; ++c) m_widths[c + 1] = std::max(m_widths[c + 1], cellWidthFor(r, cellText(r, c, mx.baseline), em));
        }
        m_widths[0] = std::min(m_widths[0], kMaxFieldEm * em);
        for (size_t c = 1; c <= cols; ++c) m_widths[c] = std::min(m_widths[c], kMaxColumnEm * em);
    }
    m_measured = true;
    ++m_tableId;
    return true;
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
    ImGuiListClipper clipper;  // one line a row, as in the matrix (wrapped values are a little taller)
    clipper.Begin(static_cast<int>(d.entries.size()), oneLineRow());
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::DiffEntry& e = d.entries[static_cast<size_t>(i)];
            ImGui::TableNextRow();
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
        }
    }
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
    for (int c = 1; c < cols; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        size_t v = static_cast<size_t>(c - 1);
        columnHeader(ctx, v, m_titles[v], v == mx.baseline);
    }
    int marks = 0;
    // Rows are one line high except where a text wraps: the clipper counts one line a row (a wrapped row
    // on screen only makes the content a little taller).
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(mx.rows.size()), oneLineRow());
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const core::MatrixRow& row = mx.rows[static_cast<size_t>(r)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextDisabled("%s", core::sectionName(row.section));
            ImGui::SameLine();
            ui::fittedText(row.key, nullptr, ui::Ellipsis::Middle);
            for (int c = 1; c < cols; ++c) {
                // Columns scrolled out of view are skipped: 100 versions x 10,000 params stays cheap.
                if (!ImGui::TableSetColumnIndex(c)) continue;
                size_t v = static_cast<size_t>(c - 1);
                const core::MatrixCell& cell = row.cells[v];
                std::string text = cellText(row, v, mx.baseline);
                if (!cell.present) {
                    ImGui::TextDisabled("%s", text.c_str());
                    continue;
                }
                bool plain = v == mx.baseline || cell.change == core::Change::Same;
                ImVec4 color = plain ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : colorOf(cell.change, cell.trend);
                drawCell(kindOf(row), text, color);
                if (*markOf(cell.trend) && !plain && marks++ < 64)
                    publishItem(("compare.mark:" + std::string(cell.trend == core::Trend::Better ? "better:" : "worse:") + row.key + ":" + m_titles[v]).c_str());
            }
        }
    }
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
