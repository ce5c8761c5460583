// What the ops tests share: a registry in a temporary file, and manifests imported into it in one commit.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "ops/file_import.hpp"
#include "test_support.hpp"

namespace mvr::test {

struct OpsDb {
    explicit OpsDb(const std::string& tag) : path(tag), r(path.str()) {}
    TempPath path;
    storage::Registry r;
};

// Imports text (a manifest or a list of them) as one commit; the test stops on any problem.
inline void importJson(storage::Registry& r, const std::string& text) {
    auto s = r.beginImport();
    storage::FileReport rep = ops::importText(*s, "in.json", text);
    INFO(dump(rep.problems));
    REQUIRE(rep.ok());
    REQUIRE(s->commit());
}

}  // namespace mvr::test
