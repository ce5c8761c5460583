#include "core/compare_build.hpp"

#include <algorithm>
#include <functional>

namespace mvr::core {

namespace {

// Cells marked against the baseline per unit of work (whole rows, at least one).
constexpr size_t kCellsPerUnit = 2048;

// Flattens a JSON value into leaf paths (empty objects and arrays are leaves too).
void flatten(const Value& v, std::string& path, const std::function<void(const std::string&, const Value&)>& leaf) {
    if (v.kind == Kind::Object && !v.members.empty()) {
        size_t base = path.size();
        for (const Member& m : v.members) {
            appendKeySegment(path, m.key);
            flatten(m.value, path, leaf);
            path.resize(base);
        }
    } else if (v.kind == Kind::Array && !v.items.empty()) {
        size_t base = path.size();
        for (size_t i = 0; i < v.items.size(); ++i) {
            appendIndexSegment(path, i);
            flatten(v.items[i], path, leaf);
            path.resize(base);
        }
    } else {
        leaf(path, v);
    }
}

}  // namespace

CompareBuild::CompareBuild(std::vector<const Manifest*> versions, size_t baseline, bool onlyDifferent)
    : m_versions(std::move(versions)), m_onlyDifferent(onlyDifferent) {
    size_t n = m_versions.size();
    m_mx.baseline = baseline < n ? baseline : 0;
    for (const Manifest* m : m_versions) m_mx.columns.push_back(m->id());
    if (n) m_order.push_back(m_mx.baseline);
    for (size_t i = 0; i < n; ++i)
        if (i != m_mx.baseline) m_order.push_back(i);
    if (!n) m_phase = Phase::Done;
}

MatrixRow& CompareBuild::row(Section s, const std::string& key) {
    m_key.clear();
    m_key.push_back(static_cast<char>('0' + static_cast<int>(s)));
    m_key += key;
    auto it = m_rowIndex.find(m_key);
    if (it != m_rowIndex.end()) return m_mx.rows[it->second];
    m_rowIndex.emplace(m_key, m_mx.rows.size());
    m_mx.rows.push_back(MatrixRow{s, key, Goal::None, false, std::vector<MatrixCell>(m_versions.size())});
    return m_mx.rows.back();
}

void CompareBuild::textCell(Section s, const std::string& key, size_t col, const std::string& text) {
    MatrixCell& c = row(s, key).cells[col];
    c.present = true;
    c.text = text;
}

void CompareBuild::addVersion(size_t col) {
    const Manifest& m = *m_versions[col];
    textCell(Section::Field, "description", col, m.description);
    textCell(Section::Field, "author", col, m.author);
    textCell(Section::Field, "created_on", col, m.createdOn);
    std::string parent = !m.hasParent ? "" : m.parent.model == m.model ? m.parent.label : m.parent.model + "@" + m.parent.label;
    textCell(Section::Field, "parent", col, parent);
    std::string aliases;
    for (const std::string& a : m.aliases) aliases += (aliases.empty() ? "" : ", ") + a;
    textCell(Section::Field, "aliases", col, aliases);
    for (const auto& t : m.tags) {
        std::string key = "tags";
        appendKeySegment(key, t.first);
        textCell(Section::Field, key, col, t.second);
    }
    for (const Metric& met : m.metrics) {
        MatrixRow& r = row(Section::Metric, met.name);
        if (r.goal == Goal::None) r.goal = met.goal;
        MatrixCell& c = r.cells[col];
        c.present = true;
        c.text = met.lexeme;
        c.numeric = true;
        c.number = met.value;
    }
    for (const DataRef& d : m.datasets) textCell(Section::Dataset, d.key, col, d.digestText());
    for (const DataRef& d : m.artifacts) textCell(Section::Artifact, d.key, col, d.digestText());
    if (const Value* p = m.params()) {
        std::string path;
        flatten(*p, path, [&](const std::string& key, const Value& v) {
            if (key.empty()) return;
            MatrixCell& c = row(Section::Param, key).cells[col];
            c.present = true;
            c.value = &v;
        });
    }
    for (const Member& e : m.doc.members) {
        if (isKnownField(e.key)) continue;
        std::string path;
        appendKeySegment(path, e.key);
        flatten(e.value, path, [&](const std::string& key, const Value& v) {
            MatrixCell& c = row(Section::Extra, key).cells[col];
            c.present = true;
            c.value = &v;
        });
    }
}

bool CompareBuild::step(size_t units) {
    size_t n = m_versions.size();
    while (units > 0 && m_phase != Phase::Done) {
        --units;
        if (m_phase == Phase::Versions) {
            addVersion(m_order[m_next++]);
            if (m_next == m_order.size()) {
                m_phase = Phase::Mark;
                m_next = 0;
                m_rowIndex = {};
            }
        } else if (m_phase == Phase::Mark) {
            // Markers against the baseline.
            size_t end = std::min(m_mx.rows.size(), m_next + rowsPerUnit());
            for (; m_next < end; ++m_next) {
                MatrixRow& r = m_mx.rows[m_next];
                const MatrixCell& b = r.cells[m_mx.baseline];
                for (size_t i = 0; i < n; ++i) {
                    MatrixCell& c = r.cells[i];
                    if (i == m_mx.baseline) continue;
                    if (!b.present && !c.present) c.change = Change::Same;
                    else if (!b.present) c.change = Change::Added;
                    else if (!c.present) c.change = Change::Removed;
                    else if (c.value || b.value)
                        c.change = (c.value && b.value && sameValue(*c.value, *b.value)) ? Change::Same : Change::Changed;
                    else if (c.numeric && b.numeric) c.change = c.number == b.number ? Change::Same : Change::Changed;
                    else c.change = c.text == b.text ? Change::Same : Change::Changed;
                    if (c.numeric && b.numeric) c.trend = trendOf(r.goal, b.number, c.number);
                    if (c.change != Change::Same) r.differs = true;
                }
            }
            if (m_next == m_mx.rows.size()) m_phase = m_onlyDifferent ? Phase::Filter : Phase::Done;
        } else if (m_phase == Phase::Filter) {
            // Rows are moved, not copied: one pass however many there are.
            m_mx.rows.erase(std::remove_if(m_mx.rows.begin(), m_mx.rows.end(), [](const MatrixRow& r) { return !r.differs; }),
                            m_mx.rows.end());
            m_phase = Phase::Done;
        }
    }
    return m_phase == Phase::Done;
}

double CompareBuild::progress() const {
    if (m_phase == Phase::Done) return 1;
    double versions = static_cast<double>(m_order.size());
    double rows = static_cast<double>(std::max<size_t>(1, m_mx.rows.size()));
    if (m_phase == Phase::Versions) return 0.9 * static_cast<double>(m_next) / std::max(1.0, versions);
    if (m_phase == Phase::Mark) return 0.9 + 0.09 * static_cast<double>(m_next) / rows;
    return 0.99;
}

size_t CompareBuild::rowsPerUnit() const { return std::max<size_t>(1, kCellsPerUnit / std::max<size_t>(1, m_versions.size())); }

CompareMatrix CompareBuild::take() { return std::move(m_mx); }

}  // namespace mvr::core
