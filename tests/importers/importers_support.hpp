// Helpers for the importer tests: the real files of tests/fixtures/real as SourceFiles (read with stdio, as
// they are), folders of files written by a test (POSIX only: the tests also run as wasm under node), and
// lookups into imported documents.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json_value.hpp"
#include "importers/importers.hpp"
#include "test_support.hpp"

namespace mvr::test {

inline std::string fixtureText(const std::string& rel) {
    std::string text;
    if (!readText(fixturePath(rel), text)) throw std::runtime_error("cannot read fixture " + rel);
    return text;
}

// A fixture file as the CLI sees a file given by itself (root "", its own name), its role detected.
inline importers::SourceFile fixtureFile(const std::string& rel) {
    importers::SourceFile f;
    f.path = fixturePath(rel);
    f.name = importers::baseName(rel);
    f.text = fixtureText(rel);
    f.role = importers::detect(f.name, f.text);
    return f;
}

// Fixture files of one folder (rels below folder), as the CLI sees a folder given to it.
inline std::vector<importers::SourceFile> fixtureFolder(const std::string& folder, const std::vector<std::string>& rels) {
    std::vector<importers::SourceFile> out;
    for (const std::string& rel : rels) {
        importers::SourceFile f;
        f.path = fixturePath(folder + "/" + rel);
        f.root = fixturePath(folder);
        f.name = rel;
        f.text = fixtureText(folder + "/" + rel);
        f.role = importers::detect(f.name, f.text);
        out.push_back(std::move(f));
    }
    return out;
}

// Every file below a folder (absolute path) that the CLI reads from a folder that is no DVC project: *.json and
// MLmodel files, with their paths below it as names and their roles detected (what is mvr's own format is left
// out, as the CLI skips it in an MLflow export).
inline std::vector<importers::SourceFile> exportFolder(const std::string& dir) {
    std::vector<std::string> rels;
    listFiles(dir, "", rels);
    std::vector<importers::SourceFile> out;
    for (const std::string& rel : rels) {
        std::string base = importers::baseName(rel);
        if (base != "MLmodel" && (base.size() < 5 || base.compare(base.size() - 5, 5, ".json") != 0)) continue;
        importers::SourceFile f;
        f.path = dir + "/" + rel;
        f.root = dir;
        f.name = rel;
        if (!readText(f.path, f.text)) throw std::runtime_error("cannot read " + f.path);
        f.role = importers::detect(f.name, f.text);
        if (f.role != importers::Role::Mvr) out.push_back(std::move(f));
    }
    return out;
}

inline importers::SourceFile textFile(const std::string& name, const std::string& text, const std::string& root = "") {
    importers::SourceFile f;
    f.path = root.empty() ? name : root + "/" + name;
    f.root = root;
    f.name = name;
    f.text = text;
    f.role = importers::detect(name, text);
    return f;
}

// A folder under /tmp that the test fills; removed (with what it holds) at the end.
class TempDir {
public:
    explicit TempDir(const std::string& tag) {
        static int counter = 0;
        m_path = "/tmp/mvr-test-" + std::to_string(static_cast<long>(getpid())) + "-d" + std::to_string(++counter) + "-" + tag;
        removeAll(m_path);
        mkdir(m_path.c_str(), 0755);
    }
    ~TempDir() { removeAll(m_path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& str() const { return m_path; }
    // Writes rel (making its folders) and returns its path.
    std::string write(const std::string& rel, const std::string& text) {
        std::string p = m_path;
        size_t start = 0;
        while (true) {
            size_t slash = rel.find('/', start);
            if (slash == std::string::npos) break;
            p = m_path + "/" + rel.substr(0, slash);
            mkdir(p.c_str(), 0755);
            start = slash + 1;
        }
        std::string full = m_path + "/" + rel;
        if (!writeText(full, text)) throw std::runtime_error("cannot write " + full);
        return full;
    }

private:
    static void removeAll(const std::string& p) {
        struct stat st {};
        if (lstat(p.c_str(), &st) != 0) return;
        if (S_ISDIR(st.st_mode)) {
            if (DIR* d = opendir(p.c_str())) {
                std::vector<std::string> names;
                while (dirent* e = readdir(d)) {
                    std::string n = e->d_name;
                    if (n != "." && n != "..") names.push_back(n);
                }
                closedir(d);
                for (const std::string& n : names) removeAll(p + "/" + n);
            }
            rmdir(p.c_str());
        } else {
            std::remove(p.c_str());
        }
    }
    std::string m_path;
};

// Replaces every occurrence of from in s.
inline std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

// The imported document of model@label (nullptr when there is none).
inline const core::Value* versionOf(const importers::Result& r, const std::string& model, const std::string& label) {
    for (const importers::Version& v : r.versions) {
        const core::Value* m = v.doc.find("model");
        const core::Value* l = v.doc.find("version");
        if (m && m->text == model && l && l->text == label) return &v.doc;
    }
    return nullptr;
}

// A value inside a document by a path of keys and indexes: at(doc, {"metrics", "rmse", "value"}).
struct Step {
    std::string key;
    long index = -1;
    Step(const char* k) : key(k) {}
    Step(std::string k) : key(std::move(k)) {}
    Step(int i) : index(i) {}
};
inline const core::Value& at(const core::Value& v, std::initializer_list<Step> path) {
    const core::Value* cur = &v;
    std::string where;
    for (const Step& s : path) {
        if (s.index >= 0) {
            where += "[" + std::to_string(s.index) + "]";
            if (!cur->isArray() || static_cast<size_t>(s.index) >= cur->items.size())
                throw std::runtime_error("no " + where + " in " + core::toCanonical(v).substr(0, 300));
            cur = &cur->items[static_cast<size_t>(s.index)];
        } else {
            where += "." + s.key;
            const core::Value* next = cur->isObject() ? cur->find(s.key) : nullptr;
            if (!next) throw std::runtime_error("no " + where + " in " + core::toCanonical(v).substr(0, 300));
            cur = next;
        }
    }
    return *cur;
}
inline bool has(const core::Value& v, const std::string& key) { return v.isObject() && v.find(key); }

inline std::string allDiagnostics(const importers::Result& r) {
    return "problems:\n" + dump(r.problems) + "notes:\n" + dump(r.notes);
}

// An import that must succeed with this many versions (every diagnostic shown when it does not).
inline importers::Result imported(const std::vector<importers::SourceFile>& files, size_t versions = 1,
                                  const importers::Options& opt = {}) {
    importers::Result r = importers::importFiles(files, opt);
    INFO(allDiagnostics(r));
    REQUIRE(r.ok());
    REQUIRE(r.versions.size() == versions);
    return r;
}

// The problems of an import that must be refused with this many (nothing imported).
inline std::vector<core::Diagnostic> refused(const std::vector<importers::SourceFile>& files, size_t problems) {
    importers::Result r = importers::importFiles(files);
    INFO(allDiagnostics(r));
    CHECK(r.versions.empty());
    REQUIRE(r.problems.size() == problems);
    return r.problems;
}

// A problem's code, JSON path and place (line 0: not checked).
inline void checkProblem(const core::Diagnostic& d, const std::string& code, const std::string& path, uint32_t line, uint32_t col) {
    INFO(core::formatDiagnostic(d));
    CHECK(d.code == code);
    CHECK(d.path == path);
    if (line) {
        CHECK(d.line == line);
        CHECK(d.col == col);
    }
}

}  // namespace mvr::test
