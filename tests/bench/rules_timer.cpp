// mvr-bench-rules, the promotion rules timer of the benchmark (not part of the mvr command): opens a registry
// (scripts/bench makes one of the 100,000-version workload with tests/bench/rules/*.rule) and times, in process,
//   all        every stored rule over every model it applies to (ops::checkRules: what `mvr rules check` runs)
//   gate       one version against every rule (`mvr rules check MODEL@VERSION`, the CI gate), storage included
//   candidate  one candidate against one rule (core::checkCandidate on facts already read)
// after a warm-up, and prints one line on stdout:
//   rules versions=V rules=R evaluations=E candidates=C all_p50_ms=... all_p99_ms=... gate_p50_ms=... candidate_us=...
// usage: mvr-bench-rules --db FILE [--runs N]   (default 21 runs)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ops/rules.hpp"
#include "storage/registry.hpp"

using namespace mvr;
using Clock = std::chrono::steady_clock;

namespace {

int usage(const std::string& msg) {
    std::fprintf(stderr, "mvr-bench-rules: %s\nusage: mvr-bench-rules --db FILE [--runs N]\n", msg.c_str());
    return 2;
}

double since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double pct(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    std::string db;
    long runs = 21, cacheMb = 0, mmapMb = 0;
    for (int i = 1; i < argc; ++i) {
        if (i + 1 >= argc) return usage(std::string(argv[i]) + " needs a value");
        if (!std::strcmp(argv[i], "--db")) {
            db = argv[++i];
        } else if (!std::strcmp(argv[i], "--cache-mb")) {
            cacheMb = std::strtol(argv[++i], nullptr, 10);
        } else if (!std::strcmp(argv[i], "--mmap-mb")) {
            mmapMb = std::strtol(argv[++i], nullptr, 10);
        } else if (!std::strcmp(argv[i], "--runs")) {
            char* end = nullptr;
            runs = std::strtol(argv[++i], &end, 10);
            if (*end || runs < 1 || runs > 100000) return usage("--runs takes a number from 1");
        } else {
            return usage(std::string("unknown option ") + argv[i]);
        }
    }
    if (db.empty()) return usage("--db is required");
    try {
        storage::Registry r(db);
        if (cacheMb > 0) r.setCacheSize(static_cast<int>(-cacheMb * 1024));
        if (mmapMb > 0) r.setMmapSize(mmapMb << 20);
        std::vector<core::Rule> rules = ops::storedRules(r);
        if (rules.empty()) return usage(db + " has no rules");
        // Warm-up: the pages into SQLite's cache and, under node, the code through V8's tiers.
        std::vector<core::RuleEvaluation> evals = ops::checkRules(r);
        size_t candidates = 0;
        for (const core::RuleEvaluation& e : evals) candidates += e.candidates.size();
        std::vector<double> all;
        for (long i = 0; i < runs; ++i) {
            auto t0 = Clock::now();
            evals = ops::checkRules(r);
            all.push_back(since(t0));
        }
        // The gate and the single candidate: the newest version of the first model the first rule applies to.
        const core::RuleEvaluation& e0 = evals.front();
        const core::Rule& rule = *std::find_if(rules.begin(), rules.end(), [&](const core::Rule& x) { return x.name == e0.rule; });
        std::vector<core::VersionFacts> facts = r.ruleFacts(e0.model, rule);
        std::string label = facts.back().label;
        ops::RuleScope gate{"", e0.model, label};
        std::vector<double> gates;
        for (long i = 0; i < runs; ++i) {
            auto t0 = Clock::now();
            ops::checkRules(r, gate);
            gates.push_back(since(t0));
        }
        const core::VersionFacts* holder = nullptr;
        for (const core::VersionFacts& f : facts)
            if (std::find(f.aliases.begin(), f.aliases.end(), rule.holderAlias()) != f.aliases.end()) holder = &f;
        core::GoalOf goals = [&](const std::string& m) { return r.metricGoal(e0.model, m); };
        std::vector<core::Goal> known;
        for (const std::string& m : rule.metrics()) known.push_back(goals(m));
        core::GoalOf cached = [&](const std::string& m) {
            std::vector<std::string> names = rule.metrics();
            return known[static_cast<size_t>(std::find(names.begin(), names.end(), m) - names.begin())];
        };
        const long calls = 20000;
        size_t passed = 0;
        auto t0 = Clock::now();
        for (long i = 0; i < calls; ++i) passed += core::checkCandidate(rule, facts.back(), holder, cached).passed;
        double candidateUs = since(t0) * 1000.0 / static_cast<double>(calls);
        std::printf("rules versions=%lld rules=%zu evaluations=%zu candidates=%zu all_p50_ms=%.1f all_p99_ms=%.1f "
                    "gate_p50_ms=%.2f candidate_us=%.2f\n",
                    static_cast<long long>(r.versionCount()), rules.size(), evals.size(), candidates, pct(all, 0.5),
                    pct(all, 0.99), pct(gates, 0.5), candidateUs);
        return passed <= static_cast<size_t>(calls) ? 0 : 1;
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "mvr-bench-rules: %s\n", ex.what());
        return 1;
    }
}
