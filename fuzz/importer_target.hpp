// One importer's fuzz target: the input is one to four files of that tool (split at NUL bytes), each named
// as the importer would find it (the first of the format's names under which its content is detected as
// that format), mapped by importFiles; then every version built goes round: its canonical text, read again
// as mvr's own format, must validate and give the same canonical text (what an importer built, exported,
// imports again unchanged).
#pragma once

#include <initializer_list>
#include <vector>

#include "core/json_reader.hpp"
#include "core/manifest.hpp"
#include "fuzz_support.hpp"
#include "importers/importers.hpp"

namespace mvr::fuzz {

inline void runImporter(importers::Format format, std::initializer_list<const char*> names, std::string_view in) {
    std::vector<importers::SourceFile> files;
    size_t start = 0;
    while (files.size() < 4 && start <= in.size()) {
        size_t nul = in.find('\0', start);
        if (nul == std::string_view::npos) nul = in.size();
        importers::SourceFile f;
        f.text = std::string(in.substr(start, nul - start));
        for (const char* name : names) {
            importers::Role role = importers::detect(name, f.text);
            if (importers::formatOf(role) == format) {
                f.name = name;
                f.role = role;
                break;
            }
        }
        if (f.role == importers::Role::Unknown) {
            f.name = *names.begin();
            f.role = importers::detectAs(format, f.name, f.text);
        }
        f.path = "fuzz/" + f.name;  // one folder, as a project or an export is given
        f.root = "fuzz";
        if (f.role != importers::Role::Unknown && f.role != importers::Role::Mvr) files.push_back(std::move(f));
        start = nul + 1;
    }
    if (files.empty()) return;
    importers::Options opt;
    opt.model = "fuzz-model";
    importers::Result r = importers::importFiles(files, opt);
    for (importers::Version& v : r.versions) {
        core::Value doc = v.doc;
        if (v.numbered) {  // placeholders the registry fills when it numbers the version
            doc.set("version", core::Value::makeInteger(1));
            doc.set("created_on", core::Value::makeString("2024-01-01T00:00:00Z"));
        }
        std::string canon, aliases;
        size_t from, to;
        core::canonicalForm(doc, canon, from, to, &aliases);
        core::Diagnostics diags(20);
        core::Value back;
        bool read = core::parseJson(canon, back, diags, "exported.json");
        std::string why = diags.empty() ? std::string() : diags.items()[0].code + ": " + diags.items()[0].message;
        check(read, "a version an importer built does not read back as JSON", canon, why);
        core::Manifest m;
        bool valid = core::validateManifest(back, "exported.json", "", diags, m);
        why = diags.empty() ? std::string() : diags.items()[0].path + ": " + diags.items()[0].message;
        check(valid, "a version an importer built is refused when imported again", canon, why);
        check(m.canonical == canon, "a version an importer built changes when imported again", canon, m.canonical);
    }
}

}  // namespace mvr::fuzz
