#include "app/workspace.hpp"

#include <algorithm>

#include "core/link_codec.hpp"
#include "storage/schema.hpp"

namespace mvr::app {

bool Selection::has(const std::string& label) const {
    return std::find(versions.begin(), versions.end(), label) != versions.end();
}

void Selection::toggle(const std::string& label) {
    auto it = std::find(versions.begin(), versions.end(), label);
    if (it == versions.end()) versions.push_back(label);
    else versions.erase(it);
    ++generation;
}

void Selection::set(const std::string& m, std::vector<std::string> labels) {
    if (m != model) focused.clear();
    model = m;
    versions = std::move(labels);
    ++generation;
}

bool Route::operator==(const Route& o) const {
    return model == o.model && versions == o.versions && focused == o.focused && onlyDifferences == o.onlyDifferences &&
           filter == o.filter;
}

std::string formatRoute(const Route& r) {
    std::string f;
    auto add = [&](const char* k, const std::string& v) {
        if (v.empty()) return;
        f += (f.empty() ? "" : "&") + std::string(k) + "=" + v;
    };
    add("m", core::percentEncode(r.model));
    std::string vs;
    for (const std::string& v : r.versions) vs += (vs.empty() ? "" : ",") + core::percentEncode(v);
    add("v", vs);
    if (!r.onlyDifferences) add("d", "0");
    add("f", core::percentEncode(r.filter));
    add("focus", core::percentEncode(r.focused));
    return f;
}

Route parseRoute(std::string_view fragment) {
    Route r;
    if (!fragment.empty() && fragment[0] == '#') fragment.remove_prefix(1);
    size_t i = 0;
    while (i <= fragment.size()) {
        size_t amp = fragment.find('&', i);
        if (amp == std::string_view::npos) amp = fragment.size();
        std::string_view part = fragment.substr(i, amp - i);
        size_t eq = part.find('=');
        if (eq != std::string_view::npos) {
            std::string_view k = part.substr(0, eq), v = part.substr(eq + 1);
            if (k == "m") r.model = core::percentDecode(v);
            else if (k == "f") r.filter = core::percentDecode(v);
            else if (k == "focus") r.focused = core::percentDecode(v);
            else if (k == "d") r.onlyDifferences = v != "0";
            else if (k == "v") {
                size_t j = 0;
                while (j <= v.size()) {
                    size_t c = v.find(',', j);
                    if (c == std::string_view::npos) c = v.size();
                    if (c > j) r.versions.push_back(core::percentDecode(v.substr(j, c - j)));
                    j = c + 1;
                }
            }
        }
        i = amp + 1;
    }
    return r;
}

Workspace::Workspace(std::unique_ptr<storage::Registry> own, bool readOnly) : m_own(std::move(own)), m_readOnly(readOnly) {}

namespace {
// The range VFS the pack on screen is read through (one at a time: openPackView closes the view before).
constexpr const char* kPackVfs = "mvr-view-pack";
}  // namespace

storage::Registry& Workspace::openView(const std::string& title, bool isLink) {
    closeView();
    m_view = std::make_unique<storage::Registry>(":memory:");
    ++m_screenGeneration;
    m_viewTitle = title;
    m_viewIsLink = isLink;
    m_selection.set("", {});
    return *m_view;
}

storage::Registry& Workspace::openPackView(const std::string& title, std::unique_ptr<storage::RangeReader> reader) {
    closeView();
    storage::registerRangeVfs(kPackVfs, reader.get());
    std::unique_ptr<storage::Registry> view;
    try {
        view = std::make_unique<storage::Registry>(kPackVfs, true);
        int schema = view->schemaVersion();
        if (schema == 0)
            throw storage::StorageError(title + " is an SQLite file but not an mvr registry (it has no mvr schema)");
        if (schema != storage::kSchemaVersion)
            throw storage::StorageError(title + " is an mvr registry of schema " + std::to_string(schema) +
                                        ", and this mvr reads schema " + std::to_string(storage::kSchemaVersion) +
                                        (schema < storage::kSchemaVersion ? ": pack it again with this mvr"
                                                                          : ": it needs a newer mvr"));
    } catch (const storage::StorageError& e) {
        std::string why = reader->error().empty() ? e.what() : reader->error();
        view.reset();
        storage::registerRangeVfs(kPackVfs, nullptr);
        if (why.find(title) == std::string::npos) why = title + " cannot be read: " + why;
        throw storage::StorageError(why);
    }
    m_view = std::move(view);
    ++m_screenGeneration;
    m_viewReader = std::move(reader);
    m_viewTitle = title;
    m_viewIsLink = false;
    m_selection.set("", {});
    return *m_view;
}

void Workspace::closeView() {
    if (m_view) ++m_screenGeneration;
    m_view.reset();
    if (m_viewReader) {
        storage::registerRangeVfs(kPackVfs, nullptr);
        m_viewReader.reset();
    }
    m_viewTitle.clear();
    m_viewIsLink = false;
    m_selection.set("", {});
}

std::string Workspace::exportFileName(ExportScope scope) const {
    switch (scope) {
    case ExportScope::Model: return m_selection.model + ".mvr.json";
    case ExportScope::Ticked: return m_selection.model + "-selection.mvr.json";
    case ExportScope::Registry: break;
    }
    return "registry.mvr.json";
}

std::string Workspace::exportOnScreen(ExportScope scope, size_t* versions) {
    storage::ExportSelection sel;
    if (scope == ExportScope::Model) {
        if (m_selection.model.empty()) return {};
        sel.models.push_back(m_selection.model);
    } else if (scope == ExportScope::Ticked) {
        for (const std::string& l : m_selection.versions) sel.versions.push_back(core::VersionRef{m_selection.model, l});
        if (sel.versions.empty()) return {};
    }
    std::string out;
    size_t n = onScreen().exportTo(sel, [&](std::string_view s) { out.append(s); });
    if (versions) *versions = n;
    return out;
}

Contents Workspace::ownContents() {
    return Contents{m_own->versionCount(), m_own->modelCount()};
}

void Workspace::clearOwn() {
    m_own->clear();
    if (!m_view) m_selection.set("", {});
}

void Workspace::requestRoute(const Route& r) {
    m_requested = r;
    m_pending = !applyRoute(r);
}

bool Workspace::retryPendingRoute() {
    if (!m_pending) return false;
    m_pending = !applyRoute(m_requested);
    return !m_pending;
}

bool Workspace::applyRoute(const Route& r) {
    if (!r.model.empty() && !onScreen().hasModel(r.model)) return false;  // not there (yet): try again later
    m_selection.set(r.model, r.versions);
    m_selection.focused = r.focused;
    m_applied = r;
    ++m_routeGeneration;
    return true;
}

Route Workspace::currentRoute(bool onlyDifferences, const std::string& filter) const {
    Route r;
    r.model = m_selection.model;
    r.versions = m_selection.versions;
    r.focused = m_selection.focused;
    r.onlyDifferences = onlyDifferences;
    r.filter = filter;
    return r;
}

void Workspace::selectDefaultModel() {
    if (m_pending || !m_selection.model.empty()) return;
    std::vector<storage::ModelInfo> models = onScreen().models();
    if (!models.empty()) m_selection.set(models.front().name, {});
}

}  // namespace mvr::app
