// mvr-bench-m4, the M4 timer of the benchmark (not part of the mvr command): reduces one series of --points
// points (a random walk with a gap every 10,000 points, double and float y) to --width pixel columns --runs
// times (after warm-up calls on its first 1,000 points), and prints one line of figures on stdout:
//   m4 points=P width=W runs=N kept=K double_p50_ms=... double_p99_ms=... float_p50_ms=... float_p99_ms=...
// usage: mvr-bench-m4 [--points P] [--width W] [--runs N]   (defaults 1000000, 1920, 51)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/m4.hpp"

using namespace mvr;

namespace {

int usage(const std::string& msg) {
    std::fprintf(stderr, "mvr-bench-m4: %s\nusage: mvr-bench-m4 [--points P] [--width W] [--runs N]\n", msg.c_str());
    return 2;
}

template <class Y>
std::vector<double> timeRuns(const core::BasicSeries<Y>& s, const core::PixelColumns& cols, long runs, size_t& kept) {
    using Clock = std::chrono::steady_clock;
    // Warm-up calls on a small part first: under node a wasm function runs as baseline code until it has been
    // called often enough to be optimized (V8's tiering), which a page drawing every frame reaches at once.
    core::BasicSeries<Y> head;
    for (size_t i = 0; i < std::min<size_t>(s.size(), 1000); ++i) head.push(s.x[i], s.y[i]);
    for (int i = 0; i < 2000; ++i) kept = core::m4(head, core::PixelColumns(head.x.front(), head.x.back(), 100)).size();
    std::vector<double> ms;
    for (long i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        kept = core::m4(s, cols).size();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms;
}

double pct(const std::vector<double>& sorted, double p) {
    return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    long points = 1000000, width = 1920, runs = 51;
    for (int i = 1; i < argc; ++i) {
        long* target = !std::strcmp(argv[i], "--points") ? &points
                       : !std::strcmp(argv[i], "--width") ? &width
                       : !std::strcmp(argv[i], "--runs")  ? &runs
                                                          : nullptr;
        if (!target) return usage(std::string("unknown option ") + argv[i]);
        if (i + 1 >= argc) return usage(std::string(argv[i]) + " needs a number");
        char* end = nullptr;
        *target = std::strtol(argv[++i], &end, 10);
        if (*end || *target < 1 || *target > 1000000000) return usage(std::string(argv[i - 1]) + " takes a number from 1, got " + argv[i]);
    }
    core::Series s;
    core::SeriesF f;
    std::mt19937_64 g(1);
    std::normal_distribution<double> step(0, 1);
    double y = 0;
    for (long i = 0; i < points; ++i) {
        y += step(g);
        double v = i % 10000 == 9999 ? NAN : y;
        s.push(static_cast<double>(i), v);
        f.push(static_cast<double>(i), static_cast<float>(v));
    }
    core::PixelColumns cols(0, static_cast<double>(points - 1), static_cast<int>(width));
    size_t kept = 0, keptF = 0;
    std::vector<double> d = timeRuns(s, cols, runs, kept), fl = timeRuns(f, cols, runs, keptF);
    // The same walk without gaps, as m4 reduces it and as the index a chart keeps (core::M4Index) does, over the
    // whole range and a range shifted a fraction of a column each run, as a pan is.
    core::Series whole;
    for (size_t i = 0; i < s.size(); ++i) whole.push(s.x[i], std::isfinite(s.y[i]) ? s.y[i] : s.y[i - 1]);
    core::M4Index<double> index(whole.x.data(), whole.y.data(), whole.size());
    using Clock = std::chrono::steady_clock;
    std::vector<double> plain, indexed;
    bool same = true;
    for (int warm = 0; warm < 3; ++warm) same = same && index.reduce(cols) == core::m4(whole, cols);
    for (long i = 0; i < runs; ++i) {
        const double shift = static_cast<double>(points) * 0.0001 * static_cast<double>(i);
        core::PixelColumns pan(shift, static_cast<double>(points - 1) + shift, static_cast<int>(width));
        auto t0 = Clock::now();
        std::vector<uint32_t> a = core::m4(whole, pan);
        auto t1 = Clock::now();
        std::vector<uint32_t> b = index.reduce(pan);
        auto t2 = Clock::now();
        same = same && a == b;
        plain.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        indexed.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::sort(plain.begin(), plain.end());
    std::sort(indexed.begin(), indexed.end());
    std::printf("m4 points=%ld width=%ld runs=%ld kept=%zu double_p50_ms=%.3f double_p99_ms=%.3f float_p50_ms=%.3f "
                "float_p99_ms=%.3f gapless_p50_ms=%.3f index_p50_ms=%.3f index_p99_ms=%.3f index_bytes=%zu same=%s\n",
                points, width, runs, kept, pct(d, 0.5), pct(d, 0.99), pct(fl, 0.5), pct(fl, 0.99), pct(plain, 0.5),
                pct(indexed, 0.5), pct(indexed, 0.99), index.bytes(), same ? "yes" : "no");
    return kept == keptF && same ? 0 : 1;
}
