// mvr-bench-engine, the engine protocol's timer of the benchmark (not part of the mvr command): what asking the
// registry through engine::Client and engine::Engine (requests and answers as bytes, engine/protocol.hpp) costs
// on top of calling storage::Registry directly, for the reads of the first screen and the versions pane on one
// model of --versions versions (made once in --db when it holds none: 4 metrics with goals, an author of 8, a
// description, every 100th aliased). For each read, after a warm-up, the median of --runs of: the direct call;
// the same through a LocalLink (the client writes the request, the engine runs it and writes the answer, the
// client reads it); the answer's bytes. One line per read on stdout:
//   engine read=NAME rows=R direct_ms=... via_ms=... overhead_ms=... bytes=B
// usage: mvr-bench-engine --db FILE [--fresh] [--versions N] [--runs N]   (defaults 50000, 21; --fresh: remove
// FILE first)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/client.hpp"
#include "ops/file_import.hpp"
#include "storage/registry.hpp"

using namespace mvr;
using Clock = std::chrono::steady_clock;

namespace {

int usage(const std::string& msg) {
    std::fprintf(stderr, "mvr-bench-engine: %s\nusage: mvr-bench-engine --db FILE [--fresh] [--versions N] [--runs N]\n",
                 msg.c_str());
    return 2;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void make(storage::Registry& r, long n) {
    const char* authors[] = {"ana", "bo", "cy", "dee", "eli", "fay", "gus", "hal"};
    auto session = r.beginImport();
    const long chunk = 5000;
    for (long from = 0; from < n; from += chunk) {
        std::string text = "[";
        for (long i = from; i < std::min(n, from + chunk); ++i) {
            if (i > from) text += ",";
            double t = static_cast<double>(i);
            std::string aliases = i % 100 == 99 ? ",\"aliases\":[\"a" + std::to_string(i / 100) + "\"]" : "";
            char buf[640];
            std::snprintf(buf, sizeof buf,
                          R"({"model":"wide","version":%ld,"author":"%s","description":"run %ld of the sweep",)"
                          R"("created_on":"2026-%02ld-%02ldT%02ld:%02ld:00Z","parent":%s,)"
                          R"("metrics":{"auc":{"value":%.6f,"goal":"max"},"loss":{"value":%.6f,"goal":"min"},)"
                          R"("latency_ms":{"value":%.3f,"goal":"min"},"f1":{"value":%.6f,"goal":"max"}}%s})",
                          i + 1, authors[i % 8], i + 1, 1 + (i / 100000) % 12, 1 + (i / 3000) % 28, (i / 60) % 24,
                          i % 60, i ? std::to_string(i).c_str() : "null", 0.5 + 0.4 * (t / n), 1.0 - 0.5 * (t / n),
                          5 + (i * 37 % 1000) / 100.0, 0.4 + 0.3 * (t / n), aliases.c_str());
            text += buf;
        }
        text += "]";
        storage::FileReport rep = ops::importText(*session, "bench.json", text);
        if (!rep.problems.empty()) throw std::runtime_error(rep.problems.front().message);
    }
    if (!session->commit()) throw std::runtime_error("the bench registry did not commit");
}

}  // namespace

int main(int argc, char** argv) {
    std::string db;
    long versions = 50000, runs = 21;
    bool fresh = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--fresh")) {
            fresh = true;
            continue;
        }
        if (i + 1 >= argc) return usage(std::string(argv[i]) + " needs a value");
        char* end = nullptr;
        if (!std::strcmp(argv[i], "--db")) {
            db = argv[++i];
        } else if (!std::strcmp(argv[i], "--versions")) {
            versions = std::strtol(argv[++i], &end, 10);
            if (*end || versions < 1) return usage("--versions takes a number from 1");
        } else if (!std::strcmp(argv[i], "--runs")) {
            runs = std::strtol(argv[++i], &end, 10);
            if (*end || runs < 1 || runs > 10000) return usage("--runs takes a number from 1");
        } else {
            return usage(std::string("unknown option ") + argv[i]);
        }
    }
    if (db.empty()) return usage("--db is required");
    if (fresh) std::remove(db.c_str()), std::remove((db + "-journal").c_str());
    try {
        storage::Registry r(db);
        if (r.versionCount() == 0) make(r, versions);
        const std::string model = "wide";
        std::vector<storage::Registry::VersionKey> keys = r.versionKeys(model);
        if (keys.empty()) return usage(db + " has no model \"wide\" (remove it to make one)");
        int64_t lo = keys.front().id, hi = keys.back().id;
        std::vector<int64_t> screenSeqs, screenIds;
        for (size_t i = keys.size() / 2; i < std::min(keys.size(), keys.size() / 2 + 60); ++i)
            screenSeqs.push_back(keys[i].seq), screenIds.push_back(keys[i].id);

        engine::LocalLink link(r);
        engine::Client& c = link.client();
        struct Read {
            const char* name;
            std::function<size_t()> direct;  // rows
            std::function<size_t()> via;
        };
        auto deliver = [&] {
            c.flush();
            link.deliver();
        };
        std::vector<Read> reads = {
            {"versions", [&] { return r.versions(model).size(); },
             [&] { auto p = c.versions(model); deliver(); return p.value().size(); }},
            {"versionKeys", [&] { return r.versionKeys(model).size(); },
             [&] { auto p = c.versionKeys(model); deliver(); return p.value().size(); }},
            {"metricValuesBetween", [&] { return r.metricValuesBetween("auc", lo, hi).size(); },
             [&] { auto p = c.metricValuesBetween("auc", lo, hi); deliver(); return p.value().size(); }},
            {"newestVersions(60)", [&] { return r.newestVersions(model, 60).size(); },
             [&] { auto p = c.newestVersions(model, 60); deliver(); return p.value().size(); }},
            {"versionsBySeq(60)", [&] { return r.versionsBySeq(model, screenSeqs).size(); },
             [&] { auto p = c.versionsBySeq(model, screenSeqs); deliver(); return p.value().size(); }},
            {"metricValuesOf(60)", [&] { return r.metricValuesOf("auc", screenIds).size(); },
             [&] { auto p = c.metricValuesOf("auc", screenIds); deliver(); return p.value().size(); }},
            {"models", [&] { return r.models().size(); },
             [&] { auto p = c.models(); deliver(); return p.value().size(); }},
            {"headline", [&] { storage::Headline h; return static_cast<size_t>(r.headline(model, h)); },
             [&] { auto p = c.headline(model); deliver(); return static_cast<size_t>(p.value().found); }},
            {"metricNames", [&] { return r.metricNames(model).size(); },
             [&] { auto p = c.metricNames(model); deliver(); return p.value().size(); }},
            {"metricGoal", [&] { return static_cast<size_t>(r.metricGoal(model, "loss")); },
             [&] { auto p = c.metricGoal(model, "loss"); deliver(); return static_cast<size_t>(p.value()); }},
            {"counts(3)", [&] { return static_cast<size_t>(r.versionCount() + r.modelCount() + r.sizeBytes() > 0); },
             [&] {
                 auto a = c.versionCount();
                 auto b = c.modelCount();
                 auto d = c.sizeBytes();
                 deliver();
                 return static_cast<size_t>(a.value() + b.value() + d.value() > 0);
             }},
            {"firstScreen(26)",
             [&] {
                 size_t n = r.models().size();
                 storage::Headline h;
                 n += r.headline(model, h);
                 n += r.newestVersions(model, 60).size() + static_cast<size_t>(r.modelVersionCount(model) > 0);
                 for (const std::string& m : r.metricNames(model)) n += static_cast<size_t>(r.metricGoal(model, m));
                 n += static_cast<size_t>(r.versionCount() + r.modelCount() + r.sizeBytes() > 0);
                 for (int i = 0; i < 4; ++i) n += r.metricValuesOf("auc", screenIds).size();
                 return n;
             },
             [&] {
                 // As the panels would: the names first, then the rest of the screen in one batch.
                 auto names = c.metricNames(model);
                 deliver();
                 auto models = c.models();
                 auto h = c.headline(model);
                 auto newest = c.newestVersions(model, 60);
                 auto count = c.modelVersionCount(model);
                 std::vector<engine::Pending<core::Goal>> goals;
                 for (const std::string& m : names.value()) goals.push_back(c.metricGoal(model, m));
                 auto v = c.versionCount();
                 auto mc = c.modelCount();
                 auto sb = c.sizeBytes();
                 std::vector<engine::Pending<engine::MetricValues>> values;
                 for (int i = 0; i < 4; ++i) values.push_back(c.metricValuesOf("auc", screenIds));
                 deliver();
                 size_t n = models.value().size() + h.value().found + newest.value().size() + (count.value() > 0);
                 for (auto& g : goals) n += static_cast<size_t>(g.value());
                 n += static_cast<size_t>(v.value() + mc.value() + sb.value() > 0);
                 for (auto& x : values) n += x.value().size();
                 return n;
             }},
        };
        for (Read& read : reads) {
            size_t rows = read.direct(), rowsVia = 0;
            for (int i = 0; i < 2; ++i) rowsVia = read.via();
            if (rows != rowsVia) throw std::runtime_error(std::string(read.name) + ": the answers differ");
            std::vector<double> direct, via;
            size_t bytes = 0;
            for (long i = 0; i < runs; ++i) {
                auto t0 = Clock::now();
                read.direct();
                direct.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                size_t out = link.engine().bytesOut();
                t0 = Clock::now();
                read.via();
                via.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                bytes = link.engine().bytesOut() - out;
            }
            std::printf("engine read=%s rows=%zu direct_ms=%.3f via_ms=%.3f overhead_ms=%.3f bytes=%zu\n", read.name,
                        rows, median(direct), median(via), median(via) - median(direct), bytes);
        }
        // Where the overhead of the two large answers goes: writing the answer, and reading it back.
        engine::Versions rowsWhole = r.versions(model);
        engine::MetricValues valuesWhole = r.metricValuesBetween("auc", lo, hi);
        auto codec = [&](const char* name, const auto& value) {
            using T = std::decay_t<decltype(value)>;
            std::vector<double> put, get;
            for (long i = 0; i < runs; ++i) {
                engine::Writer w;
                auto t0 = Clock::now();
                engine::put(w, value);
                put.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                std::string bytes = w.take();
                engine::Reader rd(bytes);
                T back;
                t0 = Clock::now();
                engine::get(rd, back);
                get.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            std::printf("engine codec=%s put_ms=%.3f get_ms=%.3f\n", name, median(put), median(get));
        };
        codec("versions", rowsWhole);
        codec("metricValuesBetween", valuesWhole);
        return 0;
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "mvr-bench-engine: %s\n", ex.what());
        return 1;
    }
}
