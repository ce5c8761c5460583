// Native persistence (the stand-in for IndexedDB): a registry in the page VFS written through it to a file
// reopens from that file with everything committed, and the file is an ordinary SQLite database.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "ops/file_import.hpp"
#include "platform/persist.hpp"
#include "storage/page_vfs.hpp"
#include "storage/registry.hpp"

using namespace mvr;

TEST_CASE("pages persisted to a file reopen as the same registry") {
    std::string path = "/tmp/mvr-persist-test-" + std::to_string(getpid()) + ".pages";
    std::remove(path.c_str());
    {
        auto p = platform::Persistence::open(path);
        storage::registerPageVfs("persist-a", &p->store(), p.get());
        storage::Registry r("persist-a", false);
        auto s = r.beginImport();
        mvr::ops::importText(*s, "x.json", R"([{"model":"a","version":1,"params":{"x":1.0}},{"model":"a","version":2,"parent":1}])");
        REQUIRE(s->commit());
        r.setAlias("a", "production", "2");
        CHECK(p->status().saved());
        CHECK(p->status().commitsDone >= 2);
    }
    {
        auto p = platform::Persistence::open(path);
        REQUIRE(p->store().size() > 0);
        storage::registerPageVfs("persist-b", &p->store(), p.get());
        storage::Registry r("persist-b", false);
        CHECK(r.versionCount() == 2);
        CHECK(r.resolveLabel("a", "production") == "2");
    }
    {
        // The saved file is a plain SQLite database that the ordinary VFS opens too.
        storage::Registry plain(path);
        CHECK(plain.versionCount() == 2);
    }
    std::remove(path.c_str());
}
