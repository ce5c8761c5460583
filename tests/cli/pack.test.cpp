// mvr pack: a packed copy exports byte for byte as the registry, has the page size asked for and no WAL, opens
// read-only through the range VFS; an existing OUT is kept without --force; a failed pack leaves no file.
// Under node (the web preset) the same cases run: NODERAWFS gives VACUUM INTO, pread and rename real files.
#include <catch2/catch.hpp>

#include <string>

#include "run_cli.hpp"
#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::test::runCli;
using mvr::test::TempPath;

namespace {

const std::string kExample = std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json";

// The page size and the file format bytes of an SQLite header (offsets 16-19).
int headerPageSize(const std::string& text) {
    int n = (static_cast<uint8_t>(text[16]) << 8) | static_cast<uint8_t>(text[17]);
    return n == 1 ? 65536 : n;
}

}  // namespace

TEST_CASE("mvr pack writes a copy that exports as the registry") {
    TempPath db{"pack-src.db"}, pack{"pack.mvr"}, a{"a.json"}, b{"b.json"};
    REQUIRE(runCli({"--db", db, "import", kExample}).code == 0);
    for (int pageSize : {4096, 16384, 65536}) {
        INFO("page size " << pageSize);
        auto r = runCli({"--db", db, "pack", pack, "--page-size", std::to_string(pageSize), "--force"});
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(r.out.find("packed ") == 0);
        std::string text;
        REQUIRE(mvr::test::readText(pack, text));
        REQUIRE(text.size() > 100);
        CHECK(text.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0);
        CHECK(headerPageSize(text) == pageSize);
        CHECK(text[18] == 1);  // rollback journal, not WAL (2): the one file is the whole registry
        CHECK(text[19] == 1);
        CHECK(text.size() % static_cast<size_t>(pageSize) == 0);
        REQUIRE(runCli({"--db", db, "export", "-o", a}).code == 0);
        REQUIRE(runCli({"--db", pack, "export", "-o", b}).code == 0);
        std::string ta, tb;
        REQUIRE(mvr::test::readText(a, ta));
        REQUIRE(mvr::test::readText(b, tb));
        CHECK(ta == tb);
        CHECK(!mvr::test::fileExists(pack.str() + "-journal"));
    }
    // Read-only through the range VFS, as the browser will open it.
    storage::RangeFetch fetch;
    uint64_t size = 0;
    std::string err;
    REQUIRE(storage::preadFetch(pack, fetch, size, err));
    storage::RangeReader reader(size, fetch, 65536);
    storage::registerRangeVfs("test-pack", &reader);
    {
        storage::Registry r("test-pack", true);
        CHECK(r.versionCount() > 0);
        CHECK_THROWS_AS(r.removeAlias(r.models().front().name, "production"), storage::StorageError);
    }
    storage::registerRangeVfs("test-pack", nullptr);
    // JSON for scripts.
    auto j = runCli({"--db", db, "--json", "pack", pack, "--force"});
    REQUIRE(j.code == 0);
    CHECK(j.out.find("\"page_size\": 4096") != std::string::npos);
    CHECK(j.out.find("\"export_digest\": \"blake2b:") != std::string::npos);
}

TEST_CASE("mvr pack keeps an existing OUT, and a failed pack leaves nothing") {
    TempPath db{"pack-src.db"}, pack{"pack.mvr"};
    REQUIRE(runCli({"--db", db, "import", kExample}).code == 0);
    REQUIRE(mvr::test::writeText(pack, "keep me"));
    auto r = runCli({"--db", db, "pack", pack});
    CHECK(r.code == 1);
    CHECK(r.err.find(pack.str() + ": exists already (--force to replace it)") != std::string::npos);
    std::string text;
    REQUIRE(mvr::test::readText(pack, text));
    CHECK(text == "keep me");
    CHECK(runCli({"--db", db, "pack", pack, "--force"}).code == 0);
    REQUIRE(mvr::test::readText(pack, text));
    CHECK(text.compare(0, 15, "SQLite format 3") == 0);

    // Out in a folder that does not exist: an error naming it, no file anywhere.
    std::string nowhere = pack.str() + "-missing-dir/reg.mvr";
    r = runCli({"--db", db, "pack", nowhere});
    CHECK(r.code == 1);
    CHECK(r.err.find(nowhere) != std::string::npos);
    CHECK(!mvr::test::fileExists(nowhere));

    // No registry: said, and not created.
    TempPath none{"no-such.db"}, out2{"out2.mvr"};
    r = runCli({"--db", none, "pack", out2});
    CHECK(r.code == 1);
    CHECK(r.err.find(none.str() + ": no such registry") != std::string::npos);
    CHECK(!mvr::test::fileExists(none));
    CHECK(!mvr::test::fileExists(out2));

    // A file that is not a registry: refused, no pack, no temporary file left.
    TempPath notReg{"not-registry.db"};
    REQUIRE(mvr::test::writeText(notReg, std::string(4096, 'x')));
    r = runCli({"--db", notReg, "pack", out2});
    CHECK(r.code == 1);
    CHECK(r.err.find(notReg.str()) != std::string::npos);
    CHECK(!mvr::test::fileExists(out2));
    std::vector<std::string> left;
    mvr::test::listFiles("/tmp", "", left);
    for (const std::string& f : left) CHECK(f.find(out2.str().substr(5) + ".tmp-") == std::string::npos);

    // Usage errors.
    CHECK(runCli({"--db", db, "pack"}).code == 2);
    CHECK(runCli({"--db", db, "pack", out2, "--page-size", "1000"}).code == 2);
    CHECK(runCli({"--db", db, "pack", out2, "--page-size", "131072"}).code == 2);
    CHECK(!mvr::test::fileExists(out2));
    CHECK(runCli({"--help"}).out.find("pack OUT [--page-size N] [--force]") != std::string::npos);
}
