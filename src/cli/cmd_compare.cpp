// mvr compare: N versions against a baseline, one row per differing field (all with --all), with the trend of
// each metric by its goal.
#include <ostream>

#include "cli/context.hpp"
#include "core/diff.hpp"
#include "core/diff_format.hpp"

namespace mvr::cli {

int cmdCompare(Ctx& c, const Args& a) {
    if (a.positional.size() < 2) return c.usage("compare needs at least two versions");
    storage::Registry r(c.db);
    std::vector<core::Manifest> ms(a.positional.size());
    int code = kOk;
    for (size_t i = 0; i < a.positional.size(); ++i)
        if (!loadRef(c, r, a.positional[i], i ? ms[0].model : "", ms[i], code)) return code;
    size_t baseline = 0;
    if (a.values.count("--baseline")) {
        std::string b = a.value("--baseline");
        bool found = false;
        for (size_t i = 0; i < ms.size(); ++i)
            if (ms[i].id() == b || (b.find('@') == std::string::npos && ms[i].label == b && ms[i].model == ms[0].model)) {
                baseline = i;
                found = true;
            }
        if (!found) return c.usage("--baseline " + b + " is not one of the compared versions");
    }
    std::vector<const core::Manifest*> ptrs;
    for (const auto& m : ms) ptrs.push_back(&m);
    core::CompareMatrix mx = core::compareVersions(ptrs, baseline, !a.has("--all"));
    if (c.json) {
        c.printJson(core::matrixToJson(mx));
        return kOk;
    }
    std::vector<std::string> head = {"FIELD"};
    for (size_t i = 0; i < mx.columns.size(); ++i) head.push_back(mx.columns[i] + (i == mx.baseline ? " (baseline)" : ""));
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : mx.rows) {
        std::vector<std::string> cells = {std::string(core::sectionName(row.section)) + " " + row.key};
        for (size_t i = 0; i < row.cells.size(); ++i) {
            const auto& cell = row.cells[i];
            std::string t = !cell.present ? "—" : cell.value ? core::valueText(*cell.value, 30) : cell.text;
            if (i != mx.baseline && cell.change != core::Change::Same) {
                t += cell.trend == core::Trend::Better ? " ▲" : cell.trend == core::Trend::Worse ? " ▼" : " *";
            }
            cells.push_back(t);
        }
        rows.push_back(std::move(cells));
    }
    printTable(c.env.out, head, rows, 32);
    c.env.out << mx.differingRows() << " differing row" << (mx.differingRows() == 1 ? "" : "s")
              << " (* changed, ▲ better, ▼ worse by the metric's goal)\n";
    return kOk;
}

}  // namespace mvr::cli
