// mvr-bench-pack, what the app's views cost over HTTP Range requests (not part of the mvr command): opens each
// PACK (written by mvr pack) through the counting range VFS (storage/range_vfs.hpp) with the ordinary Registry,
// for each read-ahead size, and prints one line per view with the requests and bytes it fetched:
//   pack=FILE page=P block=B view=V requests=N bytes=N ms=T [rows=N]
// Every view starts cold (an empty block cache, a fresh open); "open" is what opening and reading the schema
// costs, and each other view is counted after it. "headlines" is the models list and every model's best version
// (Registry::headline, a row's third line; the app reads it for the rows on screen, here for all), "count" the status bar's
// counts. "first" is the first screen in one session: open, the models list with its headlines, the counts and a
// model's first page of versions. "columns" is what the app's versions pane reads for its metric columns.
// usage: mvr-bench-pack [--block B,B,...] [--model M] [--metric X] PACK...
//   (defaults: blocks 4096,16384,65536; model fraud-lgbm; metric auc)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"

using namespace mvr;

namespace {

int usage(const std::string& msg) {
    std::fprintf(stderr,
                 "mvr-bench-pack: %s\nusage: mvr-bench-pack [--block B,B,...] [--model M] [--metric X] PACK...\n",
                 msg.c_str());
    return 2;
}

// A model's first page of versions, with the columns Registry::versions reads. The Registry has no paged listing
// yet (versions() reads every version of the model): this is the query such a page would run.
const char* kFirstPage =
    "SELECT v.id, v.label, v.seq, v.created_on, v.author, v.description, v.parent_model, v.parent_label, v.deprecated "
    "FROM version v JOIN model m ON m.id=v.model_id WHERE m.name=? ORDER BY v.seq LIMIT 200";

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> blocks = {4096, 16384, 65536};
    std::string model = "fraud-lgbm", metric = "auc";
    std::vector<std::string> packs;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--block") {
            blocks.clear();
            std::stringstream ss(next());
            std::string b;
            while (std::getline(ss, b, ',')) blocks.push_back(std::strtoul(b.c_str(), nullptr, 10));
        } else if (a == "--model") {
            model = next();
        } else if (a == "--metric") {
            metric = next();
        } else if (!a.empty() && a[0] == '-') {
            return usage("unknown option " + a);
        } else {
            packs.push_back(a);
        }
    }
    if (packs.empty()) return usage("no PACK");
    for (size_t b : blocks)
        if (b < 1024) return usage("a block is 1024 bytes or more");

    for (const std::string& pack : packs) {
        storage::RangeFetch fetch;
        uint64_t size = 0;
        std::string err;
        if (!storage::preadFetch(pack, fetch, size, err)) {
            std::fprintf(stderr, "mvr-bench-pack: %s\n", err.c_str());
            return 1;
        }
        int pageSize = 0;
        int64_t modelVersions = 0;
        for (size_t block : blocks) {
            using Clock = std::chrono::steady_clock;
            // One cold session per view: a new reader (empty cache) and a new open.
            auto measure = [&](const char* view, bool countOpen, const std::function<size_t(storage::Registry&)>& body) {
                storage::RangeReader reader(size, fetch, block, size_t(1) << 30);
                storage::registerRangeVfs("mvr-bench-pack", &reader);
                size_t rows = 0;
                auto t0 = Clock::now();
                {
                    storage::Registry r("mvr-bench-pack", true);
                    r.schemaVersion();
                    if (!countOpen) reader.resetStats();
                    rows = body(r);
                }
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                const storage::RangeStats& s = reader.stats();
                std::printf("pack=%s page=%d block=%zu view=%s requests=%llu bytes=%llu ms=%.1f rows=%zu\n", pack.c_str(),
                            pageSize, block, view, static_cast<unsigned long long>(s.requests),
                            static_cast<unsigned long long>(s.bytes), ms, rows);
                storage::registerRangeVfs("mvr-bench-pack", nullptr);
            };
            if (pageSize == 0) {
                storage::RangeReader reader(size, fetch, block);
                storage::registerRangeVfs("mvr-bench-pack", &reader);
                storage::Connection c("registry", true, "mvr-bench-pack");
                pageSize = static_cast<int>(c.pragmaInt("page_size"));
                storage::Registry r("mvr-bench-pack", true);
                for (const auto& m : r.models())
                    if (m.name == model) modelVersions = m.versions;
                if (modelVersions < 200) {
                    std::fprintf(stderr, "mvr-bench-pack: %s has %lld versions of %s, fewer than 200\n", pack.c_str(),
                                 static_cast<long long>(modelVersions), model.c_str());
                    return 1;
                }
            }
            // The workload's labels are 1, 2, ... per model: the middle of the model for one version and for 100.
            const int64_t mid = modelVersions / 2;
            auto firstPage = [&](storage::Registry&) {
                storage::Connection c("registry", true, "mvr-bench-pack");
                storage::Statement s = c.prepare(kFirstPage);
                s.bind(1, model);
                size_t n = 0;
                while (s.step()) ++n;
                return n;
            };
            measure("open", true, [](storage::Registry&) { return size_t(0); });
            measure("models", false, [](storage::Registry& r) { return r.models().size(); });
            measure("page200", false, firstPage);
            auto headlines = [](storage::Registry& r) {
                size_t n = 0;
                for (const storage::ModelInfo& m : r.models()) {
                    storage::Headline h;
                    n += r.headline(m.name, h);
                }
                return n;
            };
            auto counts = [](storage::Registry& r) {
                return static_cast<size_t>(r.versionCount()) + static_cast<size_t>(r.modelCount());
            };
            measure("headlines", false, headlines);
            measure("count", false, counts);
            measure("first", true, [&](storage::Registry& r) { return headlines(r) + counts(r) + firstPage(r); });
            measure("versions_all", false, [&](storage::Registry& r) { return r.versions(model).size(); });
            measure("show", false, [&](storage::Registry& r) {
                core::Manifest m;
                if (!r.load(model, std::to_string(mid), m)) throw storage::StorageError("no version " + std::to_string(mid));
                return size_t(1);
            });
            measure("compare100", false, [&](storage::Registry& r) {
                size_t n = 0;
                for (int64_t l = mid; l < mid + 100; ++l) {
                    core::Manifest m;
                    n += r.load(model, std::to_string(l), m);
                }
                return n;
            });
            // The versions pane's metric columns (app/versions_panel.cpp): the model's metric names, goals until
            // 4 metrics with one, and those 4 metrics' values for every version.
            measure("columns", false, [&](storage::Registry& r) {
                std::vector<std::string> keep;
                for (const std::string& n : r.metricNames(model))
                    if (keep.size() < 4 && r.metricGoal(model, n) != core::Goal::None) keep.push_back(n);
                size_t n = 0;
                for (const std::string& k : keep) n += r.metricValues(model, k).size();
                return n;
            });
            // What the versions pane reads since it pages (app/versions_panel.cpp), on its first screen: the newest 64
            // rows and the model's count, and the 4 columns' values of those ids; and a sort by one metric column: the
            // model's keys (ids and seqs), then that metric's values over the model's run of ids.
            auto paneColumns = [&](storage::Registry& r) {
                std::vector<std::string> keep;
                for (const std::string& n : r.metricNames(model))
                    if (keep.size() < 4 && r.metricGoal(model, n) != core::Goal::None) keep.push_back(n);
                return keep;
            };
            measure("pane", false, [&](storage::Registry& r) {
                std::vector<storage::VersionSummary> rows = r.newestVersions(model, 64);
                std::vector<int64_t> ids;
                for (const auto& v : rows) ids.push_back(v.id);
                std::sort(ids.begin(), ids.end());
                size_t n = rows.size() + (r.modelVersionCount(model) > 0);
                for (const std::string& k : paneColumns(r)) n += r.metricValuesOf(k, ids).size();
                return n;
            });
            measure("sort_metric", false, [&](storage::Registry& r) {
                std::vector<storage::Registry::VersionKey> keys = r.versionKeys(model);
                int64_t lo = keys.front().id, hi = lo;
                for (const auto& k : keys) lo = std::min(lo, k.id), hi = std::max(hi, k.id);
                return r.metricValuesBetween(metric, lo, hi).size();
            });
            measure("trend", false, [&](storage::Registry& r) { return r.modelSeries(model, {metric}).ids.size(); });
        }
    }
    return 0;
}
