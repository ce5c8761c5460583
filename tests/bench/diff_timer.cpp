// mvr-bench-diff, the in-process diff timer of scripts/bench (not part of the mvr command): times N diffs of two
// loaded versions, then N loads of both from the registry each followed by a diff, in one process (a process per
// call would mostly measure start-up), and prints one line of p50/p99 figures on stdout:
//   timing runs=N changes=C diff_p50_ms=... diff_p99_ms=... load_diff_p50_ms=... load_diff_p99_ms=...
// usage: mvr-bench-diff [--db PATH] A B [--all] --runs N   (A, B as for mvr diff: MODEL@A MODEL@B or MODEL@A B)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "core/diff.hpp"

using namespace mvr;

namespace {

const char* kUsage = "usage: mvr-bench-diff [--db PATH] A B [--all] --runs N   (A, B as for mvr diff)\n";

int usage(cli::Ctx& c, const std::string& msg) {
    c.env.err << "mvr-bench-diff: " << msg << "\n" << kUsage;
    return cli::kUsage;
}

int timeDiffs(cli::Ctx& c, const cli::Args& a) {
    if (a.positional.size() != 2) return usage(c, "two versions are needed: MODEL@A MODEL@B (or MODEL@A B)");
    long n = std::strtol(a.value("--runs").c_str(), nullptr, 10);
    if (n < 1 || n > 1000000) return usage(c, "--runs takes a count from 1 to 1000000, got " + a.value("--runs"));
    storage::Registry r(c.db);
    core::Manifest left, right;
    int code = cli::kOk;
    if (!cli::loadRef(c, r, a.positional[0], "", left, code)) return code;
    if (!cli::loadRef(c, r, a.positional[1], left.model, right, code)) return code;
    core::DiffOptions opt;
    opt.includeSame = a.has("--all");
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::duration x) { return std::chrono::duration<double, std::milli>(x).count(); };
    std::vector<double> diffOnly, loadAndDiff;
    size_t changes = 0;
    for (long i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        core::VersionDiff again = core::diffVersions(left, right, opt);
        auto t1 = Clock::now();
        changes = again.entries.size();
        diffOnly.push_back(ms(t1 - t0));
    }
    for (long i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        core::Manifest l, rr;
        if (!cli::loadRef(c, r, a.positional[0], "", l, code) || !cli::loadRef(c, r, a.positional[1], l.model, rr, code)) return code;
        core::VersionDiff again = core::diffVersions(l, rr, opt);
        loadAndDiff.push_back(ms(Clock::now() - t0));
    }
    auto pct = [](std::vector<double> v, double p) {
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
    };
    char line[256];
    std::snprintf(line, sizeof line,
                  "timing runs=%ld changes=%zu diff_p50_ms=%.4f diff_p99_ms=%.4f load_diff_p50_ms=%.4f "
                  "load_diff_p99_ms=%.4f\n",
                  n, changes, pct(diffOnly, 0.5), pct(diffOnly, 0.99), pct(loadAndDiff, 0.5), pct(loadAndDiff, 0.99));
    c.env.out << line;
    return cli::kOk;
}

}  // namespace

int main(int argc, char** argv) {
    const char* db = std::getenv("MVR_DB");
    cli::Env env{std::cin, std::cout, std::cerr, db ? db : "", false};
    cli::Ctx c{env, env.dbFromEnv.empty() ? "mvr.db" : env.dbFromEnv};
    cli::OptionSpec spec;
    spec.flags = {"--all"};
    spec.values = {"--db", "--runs"};
    cli::Args args;
    std::string err;
    if (!cli::parseArgs(std::vector<std::string>(argv + 1, argv + argc), spec, args, err)) return usage(c, err);
    c.db = args.value("--db", c.db);
    int code;
    try {
        code = timeDiffs(c, args);
    } catch (const storage::StorageError& e) {
        code = c.fail(e.what());
    }
    std::cout.flush();
    return code;
}
