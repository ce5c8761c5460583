// The stored form of a version (core/stored_manifest, schema 5): a version loads from it exactly as from its
// canonical text (every field of the manifest, the document tree with its number text, doubles and key order),
// for the example registry and randomized documents; curation applies over it the same; damaged bytes are
// refused without reading outside them, and load then reads the text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/manifest_pack.hpp"
#include "core/stored_manifest.hpp"
#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;
using mvr::test::TempPath;

namespace {

// Stricter than Value's ==: kinds, number text and the double's bits, strings, order.
void sameTree(const core::Value& a, const core::Value& b, const std::string& path) {
    INFO(path);
    REQUIRE(a.kind == b.kind);
    switch (a.kind) {
    case core::Kind::Null: return;
    case core::Kind::Bool: CHECK(a.boolean == b.boolean); return;
    case core::Kind::Number:
        CHECK(a.text == b.text);
        CHECK(std::memcmp(&a.number, &b.number, sizeof(double)) == 0);
        return;
    case core::Kind::String: CHECK(a.text == b.text); return;
    case core::Kind::Array:
        REQUIRE(a.items.size() == b.items.size());
        for (size_t i = 0; i < a.items.size(); ++i) sameTree(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]");
        return;
    case core::Kind::Object:
        REQUIRE(a.members.size() == b.members.size());
        for (size_t i = 0; i < a.members.size(); ++i) {
            CHECK(a.members[i].key == b.members[i].key);
            sameTree(a.members[i].value, b.members[i].value, path + "." + a.members[i].key);
        }
        return;
    }
}

void sameRefs(const std::vector<core::DataRef>& a, const std::vector<core::DataRef>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].key == b[i].key);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].path == b[i].path);
        CHECK(a[i].uri == b[i].uri);
        CHECK(a[i].hasSize == b[i].hasSize);
        CHECK(a[i].size == b[i].size);
        REQUIRE(a[i].digests.size() == b[i].digests.size());
        for (size_t k = 0; k < a[i].digests.size(); ++k) {
            CHECK(a[i].digests[k].algorithm == b[i].digests[k].algorithm);
            CHECK(a[i].digests[k].value == b[i].digests[k].value);
        }
    }
}

// Every field of core::Manifest that load sets.
void sameManifest(const core::Manifest& a, const core::Manifest& b) {
    INFO(a.id());
    sameTree(a.doc, b.doc, "doc");
    CHECK(a.model == b.model);
    CHECK(a.label == b.label);
    CHECK(a.labelIsInteger == b.labelIsInteger);
    CHECK(a.description == b.description);
    CHECK(a.createdOn == b.createdOn);
    CHECK(a.author == b.author);
    REQUIRE(a.metrics.size() == b.metrics.size());
    for (size_t i = 0; i < a.metrics.size(); ++i) {
        CHECK(a.metrics[i].name == b.metrics[i].name);
        CHECK(std::memcmp(&a.metrics[i].value, &b.metrics[i].value, sizeof(double)) == 0);
        CHECK(a.metrics[i].lexeme == b.metrics[i].lexeme);
        CHECK(a.metrics[i].goal == b.metrics[i].goal);
        CHECK(a.metrics[i].steps == b.metrics[i].steps);
    }
    sameRefs(a.datasets, b.datasets);
    sameRefs(a.artifacts, b.artifacts);
    CHECK(a.hasParent == b.hasParent);
    CHECK(a.parent == b.parent);
    CHECK(a.aliases == b.aliases);
    CHECK(a.tags == b.tags);
    CHECK(a.digest == b.digest);
    CHECK(a.canonical == b.canonical);
    CHECK(a.hasAliasesField == b.hasAliasesField);
    CHECK(a.aliasesJson == b.aliasesJson);
    CHECK(a.digestCutFrom == b.digestCutFrom);
    CHECK(a.digestCutTo == b.digestCutTo);
    CHECK(a.deprecated == b.deprecated);
    CHECK(a.curated == b.curated);
    CHECK(a.sourcePath == b.sourcePath);
    CHECK(a.sourcePos.line == b.sourcePos.line);
    CHECK(a.sourcePos.col == b.sourcePos.col);
}

void importOrFail(storage::Registry& r, const std::string& name, const std::string& text) {
    auto s = r.beginImport();
    storage::FileReport rep = ops::importText(*s, name, text);
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(rep.ok());
    REQUIRE(s->commit());
}

// Every version of the registry loads the same from its stored form as from its text, and had a stored form.
size_t checkAll(storage::Registry& r) {
    size_t n = 0;
    int64_t before = r.storedFormFallbacks();
    for (const storage::ModelInfo& mi : r.models())
        for (const storage::VersionSummary& v : r.versions(mi.name, core::Filter())) {
            core::Manifest fast, text;
            REQUIRE(r.load(mi.name, v.label, fast));
            REQUIRE(r.loadFromText(mi.name, v.label, text));
            sameManifest(fast, text);
            ++n;
        }
    CHECK(r.storedFormFallbacks() == before);
    return n;
}

// A random JSON value as text: nested objects and arrays, numbers big, small, negative, with exponents and
// trailing zeros, strings with escapes and non-ASCII keys, in random key order.
class RandomDoc {
public:
    explicit RandomDoc(uint32_t seed) : m_rng(seed) {}

    std::string value(int depth) {
        int kind = pick(depth > 4 ? 5 : 8);
        switch (kind) {
        case 0: return "null";
        case 1: return pick(2) ? "true" : "false";
        case 2: case 3: return number();
        case 4: return string();
        case 5: case 6: {
            std::string out = "{";
            int n = pick(6);
            std::vector<std::string> used;
            for (int i = 0; i < n; ++i) {
                std::string k = string();
                if (std::find(used.begin(), used.end(), k) != used.end()) continue;
                used.push_back(k);
                if (out.size() > 1) out += ",";
                out += k + ":" + value(depth + 1);
            }
            return out + "}";
        }
        default: {
            std::string out = "[";
            int n = pick(5);
            for (int i = 0; i < n; ++i) out += (i ? "," : "") + value(depth + 1);
            return out + "]";
        }
        }
    }

    std::string number() {
        static const char* const kNumbers[] = {
            "0", "-0", "1", "-1", "42", "999999999999999", "-999999999999999", "1000000000000000", "1234567890123456789",
            "-9223372036854775808", "0.1", "0.30000000000000004", "1.0", "1.50", "-2.5e-3", "1e308", "1.7976931348623157e308",
            "5e-324", "2.2250738585072014E-308", "1E+10", "6.02214076e23", "0.000001", "123456.789012345678", "3.14159",
            "-0.0", "1e22", "1e23", "9007199254740993", "0.1e1", "100e-2"};
        if (pick(3) == 0) return std::to_string(static_cast<int64_t>(m_rng()) - static_cast<int64_t>(1u << 31));
        return kNumbers[pick(sizeof kNumbers / sizeof *kNumbers)];
    }

    std::string string() {
        static const char* const kStrings[] = {
            "\"a\"", "\"lr\"", "\"k00\"", "\"\"", "\"ключ\"", "\"键\"", "\"emoji 😀\"", "\"quote \\\" and \\\\\"",
            "\"line\\nbreak\\ttab\"", "\"\\u0001ctl\"", "\"\\u00e9t\\u00e9\"", "\"\\ud83d\\ude00 pair\"",
            "\"a long string that is longer than the short string buffer of std::string\"", "\"slash \\/\"", "\"Z\""};
        return kStrings[pick(sizeof kStrings / sizeof *kStrings)];
    }

    int pick(size_t n) { return static_cast<int>(m_rng() % n); }

private:
    std::mt19937 m_rng;
};

std::string randomManifest(RandomDoc& g, int i) {
    std::string m = "{\"model\":\"rand\",\"version\":" + std::to_string(i);
    // Top-level members in a random order: the document keeps it.
    std::vector<std::string> parts = {
        "\"params\":{\"a\":" + g.value(1) + ",\"ключ\":" + g.value(1) + ",\"n\":{\"x\":" + g.value(1) + "}}",
        "\"metrics\":{\"auc\":" + g.number() + ",\"loss\":{\"value\":0.25,\"goal\":\"min\",\"steps\":[1,2.5,{\"step\":3,\"value\":1e-3}]}}",
        "\"tags\":{\"team\":\"nlp\",\"n\":" + g.number() + ",\"ok\":true,\"none\":null}",
        "\"x_extra\":" + g.value(0),
        "\"datasets\":[{\"name\":\"train\",\"path\":\"s3://b/train\",\"digest\":\"sha256:" + std::string(64, 'a') +
            "\",\"size\":123456789012}]",
        "\"artifacts\":[{\"path\":\"model.bin\",\"digest\":{\"md5\":\"" + std::string(32, 'f') + "\",\"other\":\"xyz\"}}]",
        "\"description\":\"randomized \\u00e9 " + std::to_string(i) + "\"",
        "\"author\":\"ana@example.org\"", "\"created_on\":\"2026-01-01T00:00:00.5+02:00\""};
    if (i > 1) parts.push_back("\"parent\":" + std::to_string(i - 1));
    if (i % 3 == 0) parts.push_back("\"aliases\":[\"a" + std::to_string(i) + "\"]");
    std::shuffle(parts.begin(), parts.end(), std::mt19937(static_cast<uint32_t>(i)));
    for (const std::string& p : parts)
        if (g.pick(5)) m += "," + p;
    return m + "}";
}

}  // namespace

TEST_CASE("stored form: the example registry loads from it as from its text") {
    storage::Registry r(":memory:");
    std::string text;
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", text));
    importOrFail(r, "registry.json", text);
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/manifest.json", text));
    importOrFail(r, "manifest.json", text);
    CHECK(checkAll(r) == static_cast<size_t>(r.versionCount()));
    CHECK(r.versionCount() > 5);
}

TEST_CASE("stored form: randomized documents load from it as from their text") {
    storage::Registry r(":memory:");
    RandomDoc g(20260101);
    std::string list = "[";
    for (int i = 1; i <= 300; ++i) list += (i > 1 ? "," : "") + randomManifest(g, i);
    importOrFail(r, "random.json", list + "]");
    CHECK(checkAll(r) == 300);
    // One at a time too: a file that is one manifest is read whole (not for storing only).
    storage::Registry one(":memory:");
    for (int i = 1; i <= 40; ++i) importOrFail(one, "one.json", randomManifest(g, i));
    CHECK(checkAll(one) == 40);
}

TEST_CASE("stored form: a version made with mvr create, replaced, or curated loads as from its text") {
    storage::Registry r(":memory:");
    importOrFail(r, "a.json", "[{\"model\":\"m\",\"version\":1,\"description\":\"first\",\"tags\":{\"team\":\"nlp\"},"
                              "\"params\":{\"lr\":0.1}},{\"model\":\"m\",\"version\":2,\"parent\":1}]");
    // Replacing a version rewrites its stored form with its text.
    {
        storage::ImportOptions opt;
        opt.replace = true;
        auto s = r.beginImport(opt);
        storage::FileReport rep = ops::importText(*s, "b.json", "{\"model\":\"m\",\"version\":2,\"params\":{\"lr\":0.2}}");
        REQUIRE(rep.ok());
        REQUIRE(s->commit());
        CHECK(rep.replaced == 1);
    }
    core::Manifest two;
    REQUIRE(r.load("m", "2", two));
    CHECK(core::toCanonical(*two.params()) == "{\"lr\":0.2}");
    // A numbered version (what mvr create and the importers store): addNumbered validates a document.
    {
        auto s = r.beginImport();
        storage::FileReport rep;
        s->addNumbered(mvr::test::json("{\"model\":\"m\",\"params\":{\"lr\":0.3,\"deep\":{\"a\":[1,2,{\"b\":null}]}}}"), rep);
        REQUIRE(rep.problems.empty());
        REQUIRE(s->commit());
    }
    // Curation changes description and tags in place: the stored form holds what arrived, like the document, and
    // the log applies over it as over the text.
    storage::CurationEdit edit;
    edit.description = "edited";
    edit.setDescription = true;
    edit.setTags = {{"team", "vision"}, {"new", "yes"}};
    r.editCuration(core::VersionRef{"m", "1"}, edit, "ana");
    r.deprecate({core::VersionRef{"m", "2"}}, true, "ana");
    CHECK(checkAll(r) == 3);
    core::Manifest one;
    REQUIRE(r.load("m", "1", one));
    CHECK(one.description == "edited");
    CHECK(one.curated);
    CHECK(one.tags == std::vector<std::pair<std::string, std::string>>{{"team", "vision"}, {"new", "yes"}});
}

TEST_CASE("stored form: cut short or changed, it is refused without reading outside it") {
    RandomDoc g(7);
    for (int i = 1; i <= 20; ++i) {
        core::Manifest m = mvr::test::manifest(randomManifest(g, i));
        std::string bytes;
        REQUIRE(core::encodeStored(m, bytes));
        core::Manifest back;
        std::string why;
        REQUIRE(core::decodeStored(bytes, back, why));
        // Every length cut short; a copy of exactly the bytes, so that ASan sees a read past them.
        for (size_t n = 0; n < bytes.size(); ++n) {
            std::vector<char> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
            CHECK_FALSE(core::decodeStored(std::string_view(cut.data(), cut.size()), back, why));
        }
        // A bit changed anywhere.
        for (size_t at = 0; at < bytes.size(); at += 1 + at / 64) {
            std::string flipped = bytes;
            flipped[at] = static_cast<char>(flipped[at] ^ (1 << (at % 8)));
            CHECK_FALSE(core::decodeStored(flipped, back, why));
            CHECK_FALSE(why.empty());
        }
    }
}

TEST_CASE("stored form: bytes past the checksum that are not a stored form are refused") {
    // A checksum computed over nonsense (what a bug or a crafted file could hold): the decoder's own bounds hold.
    core::Manifest m = mvr::test::manifest("{\"model\":\"m\",\"version\":1,\"params\":{\"a\":[1,2,3],\"b\":{\"c\":\"d\"}}}");
    std::string good;
    REQUIRE(core::encodeStored(m, good));
    std::mt19937 rng(3);
    for (int k = 0; k < 2000; ++k) {
        std::string body = good.substr(13);
        size_t at = rng() % body.size();
        body[at] = static_cast<char>(rng());
        if (k % 3 == 0) body.resize(rng() % body.size());
        // Signed again, so that the checksum passes and the decoder's own bounds are what is tested.
        std::string bytes = good.substr(0, 5) + std::string(8, '\0') + body;
        uint64_t sum = core::storedChecksum(body);
        for (int b = 0; b < 8; ++b) bytes[5 + static_cast<size_t>(b)] = static_cast<char>((sum >> (8 * b)) & 0xff);
        core::Manifest back;
        std::string why;
        (void)core::decodeStored(bytes, back, why);  // must not crash or read outside (ASan)
    }
    SUCCEED();
}

TEST_CASE("stored form: a registry row with damaged or missing bytes loads from its text") {
    TempPath path("stored.db");
    storage::Registry r(path.str());
    importOrFail(r, "a.json", "[{\"model\":\"m\",\"version\":1,\"params\":{\"lr\":0.1,\"n\":[1,2]}},"
                              "{\"model\":\"m\",\"version\":2,\"params\":{\"lr\":0.2}},{\"model\":\"m\",\"version\":3}]");
    core::Manifest want1, want2, want3;
    REQUIRE(r.loadFromText("m", "1", want1));
    REQUIRE(r.loadFromText("m", "2", want2));
    REQUIRE(r.loadFromText("m", "3", want3));
    {
        storage::Connection c(path.str());
        // 1: cut short; 2: one byte changed; 3: none (a row written without one).
        c.exec("UPDATE version SET doc_bin=substr(doc_bin, 1, length(doc_bin) - 3) WHERE label='1'");
        c.exec("UPDATE version SET doc_bin=CAST(replace(CAST(doc_bin AS TEXT), 'lr', 'LR') AS BLOB) WHERE label='2'");
        c.exec("UPDATE version SET doc_bin=NULL WHERE label='3'");
    }
    core::Manifest got;
    REQUIRE(r.load("m", "1", got));
    sameManifest(got, want1);
    REQUIRE(r.load("m", "2", got));
    sameManifest(got, want2);
    REQUIRE(r.load("m", "3", got));
    sameManifest(got, want3);
    CHECK(r.storedFormFallbacks() == 3);
}

TEST_CASE("stored form: datasets and artifacts travel in packs, so a version stored from a pack has them") {
    core::Manifest m = mvr::test::manifest(
        "{\"model\":\"m\",\"version\":1,\"datasets\":[{\"name\":\"d\",\"uri\":\"s3://x\",\"size\":9007199254740993,"
        "\"digest\":{\"sha1\":\"" + std::string(40, '0') + "\"}}],\"artifacts\":[{\"path\":\"w.bin\"}]}");
    std::string pack;
    core::packManifest(m, pack);
    core::PackReader reader(pack);
    core::Manifest back;
    core::Diagnostic d;
    REQUIRE(reader.next(back, d) == core::PackReader::Item::Manifest);
    sameRefs(back.datasets, m.datasets);
    sameRefs(back.artifacts, m.artifacts);
    // Stored from the pack (no document tree at all), it loads as from its text.
    storage::Registry r(":memory:");
    auto s = r.beginImport();
    std::vector<core::Manifest> list;
    list.push_back(std::move(back));
    storage::FileReport rep = s->addManifests("pack", list);
    REQUIRE(rep.ok());
    REQUIRE(s->commit());
    CHECK(checkAll(r) == 1);
}
