// Helpers shared by the test binaries: unique temporary files under /tmp (removed by the destructor), whole
// file reads and writes with stdio, and shortcuts from JSON text to values and manifests. Standard C++ and
// POSIX only: the same tests run as WebAssembly under node (NODERAWFS).
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/diagnostics.hpp"
#include "core/json_value.hpp"
#include "core/json_reader.hpp"
#include "core/manifest.hpp"

namespace mvr::test {

// A unique path under /tmp: /tmp/mvr-test-<pid>-<start time>-<n>-<tag> (the start time tells processes apart
// where every process has the same pid, as under node). Removes the file (and SQLite's journal next to it)
// when destroyed.
class TempPath {
public:
    explicit TempPath(const std::string& tag) {
        static int counter = 0;
        static const long long started =
            static_cast<long long>(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000000LL);
        m_path = "/tmp/mvr-test-" + std::to_string(static_cast<long>(getpid())) + "-" + std::to_string(started) + "-" +
                 std::to_string(++counter) + "-" + tag;
        removeAll();
    }
    ~TempPath() { removeAll(); }
    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;
    const std::string& str() const { return m_path; }
    const char* c_str() const { return m_path.c_str(); }
    operator const std::string&() const { return m_path; }

private:
    void removeAll() {
        std::remove(m_path.c_str());
        std::remove((m_path + "-journal").c_str());
        std::remove((m_path + "-wal").c_str());
        std::remove((m_path + "-shm").c_str());
    }
    std::string m_path;
};

inline bool writeText(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
}

inline bool readText(const std::string& path, std::string& out) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out.clear();
    char buf[1 << 14];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return true;
}

inline bool fileExists(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

// Every file below dir, relative to it, in directory order (hidden files skipped).
inline void listFiles(const std::string& dir, const std::string& prefix, std::vector<std::string>& out) {
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n.empty() || n[0] == '.') continue;
        std::string p = dir + "/" + n;
        struct stat st {};
        if (stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) listFiles(p, prefix + n + "/", out);
        else out.push_back(prefix + n);
    }
    closedir(d);
}

// A file of tests/fixtures/real (the real files written by MLflow, DVC, Hugging Face and W&B tooling).
inline std::string fixturePath(const std::string& rel) { return std::string(MVR_FIXTURES_DIR) + "/" + rel; }

// A member that must be there: a missing one fails the test case with what the object holds, instead of
// a null pointer that would crash the whole test binary.
inline const core::Value& at(const core::Value& v, std::string_view key) {
    const core::Value* f = v.find(key);
    if (!f) FAIL("no \"" << std::string(key) << "\" in " << core::toCanonical(v).substr(0, 400));
    return *f;
}

// Parses JSON that the test itself wrote (so it must be valid).
inline core::Value json(const std::string& text) {
    core::Diagnostics d;
    core::Value v;
    if (!core::parseJson(text, v, d)) {
        std::string msg = "test JSON does not parse: " + text.substr(0, 200);
        for (const auto& x : d.items()) msg += "\n  " + core::formatDiagnostic(x);
        throw std::runtime_error(msg);
    }
    return v;
}

// A manifest from JSON text that must be valid.
inline core::Manifest manifest(const std::string& text) {
    core::Diagnostics d;
    core::Manifest m;
    if (!core::validateManifest(json(text), "test.json", "", d, m)) {
        std::string msg = "test manifest is invalid: " + text.substr(0, 200);
        for (const auto& x : d.items()) msg += "\n  " + core::formatDiagnostic(x);
        throw std::runtime_error(msg);
    }
    return m;
}

// All diagnostics as text, for failure messages.
inline std::string dump(const std::vector<core::Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += "  [" + d.code + "] " + core::formatDiagnostic(d) + "\n";
    return out;
}

}  // namespace mvr::test
