// The range VFS: a registry read only through a fetch callback gives what the file opened directly gives, counts
// requests and bytes, serves a repeated query from its cache, and turns a failed or short fetch into an I/O error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "core/manifest.hpp"
#include "storage/pack.hpp"
#include "storage/range_vfs.hpp"
#include "storage/registry.hpp"

using namespace mvr;

namespace {

std::string tempPath(const std::string& name) {
    return "/tmp/mvr-range-vfs-" + std::to_string(::getpid()) + "-" + name;
}

std::string manifest(const std::string& model, int v, double auc) {
    std::string parent = v > 1 ? std::to_string(v - 1) : "null";
    char created[32];
    std::snprintf(created, sizeof created, "2024-01-01T00:%02d:00Z", v);
    return R"({"model":")" + model + R"(","version":)" + std::to_string(v) + R"(,"parent":)" + parent +
           R"(,"description":"run )" + std::to_string(v) + R"(","author":"ana@example.org","created_on":")" + created +
           R"(","params":{"lr":0.1,"depth":)" + std::to_string(v) + R"(},"metrics":{"auc":{"value":)" +
           std::to_string(auc) + R"(,"goal":"max"},"loss":0.5},"tags":{"team":"risk"})" +
           (v == 3 ? R"(,"aliases":["production"])" : "") + "}";
}

// A small registry of two models and its pack.
struct Fixture {
    std::string db = tempPath("src.db"), pack = tempPath("src.mvr");
    Fixture() {
        cleanup();
        storage::Registry r(db);
        auto s = r.beginImport();
        storage::FileReport rep;
        for (int v = 1; v <= 40; ++v) {
            for (const char* model : {"fraud", "churn"}) {
                core::Value doc;
                core::Diagnostics d;
                REQUIRE(core::parseJson(manifest(model, v, 0.5 + v / 100.0), doc, d));
                s->addDocument(std::move(doc), rep);
            }
        }
        INFO((rep.problems.empty() ? std::string() : rep.problems[0].message));
        REQUIRE(rep.ok());
        REQUIRE(s->commit());
        storage::PackOptions opt;
        storage::packRegistry(db, pack, opt);
    }
    ~Fixture() { cleanup(); }
    void cleanup() {
        std::remove(db.c_str());
        std::remove(pack.c_str());
    }
};

// The pack's file as a fetch (pread), with its size.
storage::RangeFetch fileFetch(const std::string& path, uint64_t& size) {
    storage::RangeFetch fetch;
    std::string err;
    REQUIRE(storage::preadFetch(path, fetch, size, err));
    return fetch;
}

// What each view reads, as text, so two registries can be compared.
std::string views(storage::Registry& r) {
    std::string out;
    for (const auto& m : r.models()) {
        out += m.name + " " + std::to_string(m.versions) + " " + m.latest;
        for (const auto& a : m.aliases) out += " " + a.first + "=" + a.second;
        out += "\n";
    }
    for (const auto& v : r.versions("fraud"))
        out += v.label + " " + std::to_string(v.seq) + " " + v.createdOn + " " + v.author + " " + v.description + " " +
               v.parent + (v.aliases.empty() ? "" : " " + v.aliases[0]) + "\n";
    for (int l = 1; l <= 40; l += 13) {
        core::Manifest m;
        REQUIRE(r.load("fraud", std::to_string(l), m));
        out += m.canonical + "\n";
    }
    core::Manifest p;
    REQUIRE(r.load("fraud", "production", p));
    out += p.canonical + "\n";
    storage::ModelSeries s = r.modelSeries("churn", {"auc", "loss"});
    for (size_t i = 0; i < s.ids.size(); ++i)
        out += std::to_string(s.seq[i]) + " " + std::to_string(s.values[0][i]) + " " + std::to_string(s.values[1][i]) + "\n";
    for (const auto& a : s.aliases) out += a.second + "@" + std::to_string(a.first) + "\n";
    return out;
}

}  // namespace

TEST_CASE("the range VFS reads what the file gives, and counts it") {
    Fixture f;
    std::string expected;
    {
        storage::Registry direct(f.pack);
        expected = views(direct);
    }
    REQUIRE(expected.find("production") != std::string::npos);
    for (size_t block : {size_t(4096), size_t(16384), size_t(65536)}) {
        uint64_t size = 0;
        storage::RangeFetch fetch = fileFetch(f.pack, size);
        storage::RangeReader reader(size, fetch, block);
        storage::registerRangeVfs("test-range", &reader);
        {
            storage::Registry r("test-range", true);
            CHECK(views(r) == expected);
            // Requests are whole blocks (the last one may be shorter), never more than the file.
            CHECK(reader.stats().requests > 0);
            CHECK(reader.stats().bytes <= size);
            CHECK(reader.stats().bytes >= reader.stats().requests * block - block);
            // The same again: SQLite's page cache or the block cache serves it, nothing new is fetched.
            uint64_t before = reader.stats().bytes;
            CHECK(views(r) == expected);
            CHECK(reader.stats().bytes == before);
        }
        {
            // A second connection (SQLite's page cache empty) is still served by the blocks fetched.
            uint64_t before = reader.stats().bytes;
            storage::Registry again("test-range", true);
            CHECK(views(again) == expected);
            CHECK(reader.stats().bytes == before);
            CHECK(reader.stats().hits > 0);
        }
        storage::registerRangeVfs("test-range", nullptr);
    }
}

TEST_CASE("a registry opened through the range VFS is read-only") {
    Fixture f;
    uint64_t size = 0;
    storage::RangeFetch fetch = fileFetch(f.pack, size);
    storage::RangeReader reader(size, fetch, 16384);
    storage::registerRangeVfs("test-range-ro", &reader);
    {
        storage::Registry r("test-range-ro", true);
        CHECK_THROWS_AS(r.setAlias("fraud", "staging", "2"), storage::StorageError);
        storage::Connection c("registry", true, "test-range-ro");
        CHECK_THROWS_AS(c.exec("DELETE FROM version"), storage::StorageError);
    }
    storage::registerRangeVfs("test-range-ro", nullptr);
}

TEST_CASE("a failed or short fetch is an I/O error, not a crash") {
    Fixture f;
    uint64_t size = 0;
    storage::RangeFetch real = fileFetch(f.pack, size);
    // Serves the first 16 KiB (the header and the schema) and then fails, or answers short.
    for (bool shortRead : {false, true}) {
        storage::RangeFetch flaky = [&](uint64_t off, size_t len, std::vector<uint8_t>& out, std::string& e) {
            if (off < 16384) return real(off, len, out, e);
            if (shortRead) {
                bool ok = real(off, len, out, e);
                out.resize(len / 2);
                return ok;
            }
            e = "HTTP 503 at " + std::to_string(off);
            return false;
        };
        storage::RangeReader reader(size, flaky, 4096);
        storage::registerRangeVfs("test-range-fail", &reader);
        {
            storage::Registry r("test-range-fail", true);
            bool threw = false;
            try {
                core::Manifest m;
                for (int l = 1; l <= 40; ++l) r.load("fraud", std::to_string(l), m);
                r.models();
            } catch (const storage::StorageError& e) {
                threw = true;
                CHECK(std::string(e.what()).find("I/O error") != std::string::npos);
            }
            CHECK(threw);
            CHECK(reader.error().find(shortRead ? "got" : "HTTP 503") != std::string::npos);
        }
        storage::registerRangeVfs("test-range-fail", nullptr);
    }
}

TEST_CASE("the reader's cache keeps at most its bytes, and a read past the end is zeros") {
    std::vector<uint8_t> file(100000);
    for (size_t i = 0; i < file.size(); ++i) file[i] = static_cast<uint8_t>(i * 7);
    storage::RangeFetch fetch = [&](uint64_t off, size_t len, std::vector<uint8_t>& out, std::string&) {
        out.assign(file.begin() + static_cast<long>(off), file.begin() + static_cast<long>(off + len));
        return true;
    };
    storage::RangeReader r(file.size(), fetch, 4096, 3 * 4096);  // three blocks
    uint8_t buf[10000];
    REQUIRE(r.read(1000, buf, 10000));  // blocks 0-2: one request
    CHECK(r.stats().requests == 1);
    CHECK(r.stats().bytes == 3 * 4096);
    for (size_t i = 0; i < 10000; ++i) REQUIRE(buf[i] == file[1000 + i]);
    REQUIRE(r.read(9000, buf, 100));  // block 2 is still held
    CHECK(r.stats().requests == 1);
    REQUIRE(r.read(20000, buf, 100));  // block 4: block 0, the least recently used, goes out
    CHECK(r.stats().requests == 2);
    REQUIRE(r.read(8192, buf, 100));  // block 2 is still held
    CHECK(r.stats().requests == 2);
    REQUIRE(r.read(100, buf, 100));  // block 0 is fetched again
    CHECK(r.stats().requests == 3);
    REQUIRE(r.read(99990, buf, 20));  // the last block is short; past the end is zero
    for (size_t i = 0; i < 10; ++i) CHECK(buf[i] == file[99990 + i]);
    for (size_t i = 10; i < 20; ++i) CHECK(buf[i] == 0);
    CHECK(r.stats().requests == 4);
    CHECK(r.stats().bytes == 5 * 4096 + (100000 - 24 * 4096));
    // A read longer than the whole cache still reads right.
    uint8_t big[5 * 4096];
    REQUIRE(r.read(4096, big, sizeof big));
    for (size_t i = 0; i < sizeof big; ++i) REQUIRE(big[i] == file[4096 + i]);
}

TEST_CASE("a scan reads further ahead as it goes on; scattered reads fetch only what they ask for") {
    std::vector<uint8_t> file(256 * 1024);
    for (size_t i = 0; i < file.size(); ++i) file[i] = static_cast<uint8_t>(i * 13 + (i >> 10));
    std::vector<std::pair<uint64_t, size_t>> asked;
    storage::RangeFetch fetch = [&](uint64_t off, size_t len, std::vector<uint8_t>& out, std::string&) {
        asked.emplace_back(off, len);
        out.assign(file.begin() + static_cast<long>(off), file.begin() + static_cast<long>(off + len));
        return true;
    };
    uint8_t page[1024];
    SECTION("one scan, a block at a time: requests of 1, 2, 4, ... blocks up to the read-ahead") {
        storage::RangeReader r(file.size(), fetch, 1024, 1u << 20, 32 * 1024);
        for (uint64_t off = 0; off < file.size(); off += 1024) {
            REQUIRE(r.read(off, page, sizeof page));
            REQUIRE(std::equal(page, page + sizeof page, file.begin() + static_cast<long>(off)));
        }
        CHECK(r.stats().bytes == file.size());  // nothing past the end, nothing twice
        CHECK(r.stats().requests == 13);        // 1+2+4+8+16 blocks, then 225 in 32s: 7 full and 1 short
        REQUIRE(asked.size() >= 6);
        CHECK(asked[0].second == 1024);
        CHECK(asked[1].second == 2048);
        CHECK(asked[5].second == 32 * 1024);
    }
    SECTION("two scans at once both read ahead") {
        storage::RangeReader r(file.size(), fetch, 1024, 1u << 20, 32 * 1024);
        for (uint64_t k = 0; k < 64; ++k) {
            REQUIRE(r.read(k * 1024, page, sizeof page));
            REQUIRE(r.read((128 + k) * 1024, page, sizeof page));
            REQUIRE(std::equal(page, page + sizeof page, file.begin() + static_cast<long>((128 + k) * 1024)));
        }
        CHECK(r.stats().requests <= 16);
    }
    SECTION("every fifth block: no read-ahead, a block a request") {
        storage::RangeReader r(file.size(), fetch, 1024, 1u << 20, 32 * 1024);
        size_t reads = 0;
        for (uint64_t b = 0; b < 256; b += 5, ++reads) REQUIRE(r.read(b * 1024 + 10, page, 100));
        CHECK(r.stats().requests == reads);
        CHECK(r.stats().bytes == reads * 1024);
    }
    SECTION("no read-ahead when asked for none") {
        storage::RangeReader r(file.size(), fetch, 1024, 1u << 20, 1024);
        for (uint64_t off = 0; off < 64 * 1024; off += 1024) REQUIRE(r.read(off, page, sizeof page));
        CHECK(r.stats().requests == 64);
    }
}
