// Registry::modelSeries: a model's versions and some of their metrics as columns, for trends and charts.
#include <limits>

#include "core/json_reader.hpp"

#include "storage/registry.hpp"

namespace mvr::storage {

ModelSeries Registry::modelSeries(const std::string& model, const std::vector<std::string>& metrics) {
    ModelSeries out;
    Statement v = m_c.prepare(
        "SELECT v.id, v.label, v.seq, v.created_on, v.deprecated FROM version v WHERE v.model_id=(SELECT id FROM model WHERE name=?) "
        "ORDER BY v.seq");
    v.bind(1, model);
    while (v.step()) {
        out.ids.push_back(v.getInt(0));
        out.labels.push(v.getTextView(1));
        out.seq.push_back(v.getInt(2));
        out.createdOn.push(v.isNull(3) ? std::string_view() : v.getTextView(3));
        out.deprecated.push_back(v.getInt(4) != 0);
    }
    // Versions without the metric come as NULL, so the column lines up with the versions.
    Statement x = m_c.prepare(
        "SELECT x.value FROM version v LEFT JOIN metric x ON x.version_id=v.id AND x.name=? "
        "WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY v.seq");
    for (const std::string& metric : metrics) {
        std::vector<double> column;
        column.reserve(out.ids.size());
        x.reset();
        x.bind(1, metric).bind(2, model);
        while (x.step()) column.push_back(x.isNull(0) ? std::numeric_limits<double>::quiet_NaN() : x.getDouble(0));
        if (column.size() != out.ids.size()) throw StorageError("the versions of " + model + " changed while being read");
        out.metrics.push_back(metric);
        out.values.push_back(std::move(column));
    }
    std::unordered_map<int64_t, uint32_t> index;
    for (size_t i = 0; i < out.ids.size(); ++i) index.emplace(out.ids[i], static_cast<uint32_t>(i));
    for (auto& [id, name] : modelAliases(model)) {
        auto it = index.find(id);
        if (it != index.end()) out.aliases.emplace_back(it->second, std::move(name));
    }
    return out;
}

bool Registry::headline(const std::string& model, Headline& out) {
    // Reads a metric of every version of the model: a pack has each model's headline written down.
    if (packSummaryFresh()) return packedHeadline(model, out);
    out = Headline();
    // The newest version's metrics as written: the first with a goal is the headline.
    Statement latest = m_c.prepare(
        "SELECT json_extract(v.doc, '$.metrics') FROM version v WHERE v.model_id=(SELECT id FROM model WHERE name=?) "
        "ORDER BY v.seq DESC LIMIT 1");
    latest.bind(1, model);
    if (!latest.step() || latest.isNull(0)) return false;
    core::Value metrics;
    core::Diagnostics problems;
    if (!core::parseJson(latest.getText(0), metrics, problems) || !metrics.isObject()) return false;
    for (const core::Member& m : metrics.members) {
        const core::Value* goal = m.value.isObject() ? m.value.find("goal") : nullptr;
        if (!goal || !goal->isString() || (goal->text != "max" && goal->text != "min")) continue;
        out.metric = m.key;
        out.goal = goal->text == "max" ? core::Goal::Max : core::Goal::Min;
        break;
    }
    if (out.metric.empty()) return false;
    // The best by it: one lookup by the metric's key per version of the model.
    Statement best = m_c.prepare(out.goal == core::Goal::Max
        ? "SELECT v.label, x.value FROM version v JOIN metric x ON x.version_id=v.id AND x.name=? "
          "WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY x.value DESC, v.seq DESC LIMIT 1"
        : "SELECT v.label, x.value FROM version v JOIN metric x ON x.version_id=v.id AND x.name=? "
          "WHERE v.model_id=(SELECT id FROM model WHERE name=?) ORDER BY x.value ASC, v.seq DESC LIMIT 1");
    best.bind(1, out.metric).bind(2, model);
    if (best.step()) {
        out.label = best.getText(0);
        out.value = best.getDouble(1);
    }
    return true;
}

}  // namespace mvr::storage
