// Manifests and diagnostics packed into bytes (the page's parse worker to its main thread) come back with
// every field storing a version needs; bytes that are not a pack are refused, never read past their end.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/document.hpp"
#include "core/manifest_pack.hpp"
#include "test_support.hpp"

using namespace mvr::core;

namespace {

void requireSame(const Manifest& a, const Manifest& b) {
    CHECK(a.model == b.model);
    CHECK(a.label == b.label);
    CHECK(a.labelIsInteger == b.labelIsInteger);
    CHECK(a.description == b.description);
    CHECK(a.createdOn == b.createdOn);
    CHECK(a.author == b.author);
    CHECK(a.hasParent == b.hasParent);
    CHECK(a.parent == b.parent);
    REQUIRE(a.metrics.size() == b.metrics.size());
    for (size_t i = 0; i < a.metrics.size(); ++i) {
        CHECK(a.metrics[i].name == b.metrics[i].name);
        CHECK(a.metrics[i].value == b.metrics[i].value);
        CHECK(a.metrics[i].lexeme == b.metrics[i].lexeme);
        CHECK(a.metrics[i].goal == b.metrics[i].goal);
        CHECK(a.metrics[i].steps == b.metrics[i].steps);
    }
    CHECK(a.aliases == b.aliases);
    CHECK(a.tags == b.tags);
    CHECK(a.digest == b.digest);
    CHECK(a.canonical == b.canonical);
    CHECK(a.digestCutFrom == b.digestCutFrom);
    CHECK(a.digestCutTo == b.digestCutTo);
    CHECK(a.hasAliasesField == b.hasAliasesField);
    CHECK(a.aliasesJson == b.aliasesJson);
    CHECK(a.sourcePath == b.sourcePath);
    CHECK(a.sourcePos.line == b.sourcePos.line);
    CHECK(a.sourcePos.col == b.sourcePos.col);
}

}  // namespace

TEST_CASE("manifest pack: every manifest of the reference registry comes back as it was read") {
    std::string text;
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", text));
    std::vector<Manifest> read;
    Diagnostics diags;
    REQUIRE(readManifests(text, "registry.json", diags, [&](Manifest&& m) { read.push_back(std::move(m)); }));
    REQUIRE(read.size() > 20);
    std::string pack;
    for (const Manifest& m : read) packManifest(m, pack);
    Diagnostic problem{"big.json", "[7].metrics.auc", 12, 34, "type", "metrics.auc: expected a number, got string \"0.91\""};
    packDiagnostic(problem, pack);

    PackReader r(pack);
    Manifest m;
    Diagnostic d;
    for (const Manifest& want : read) {
        REQUIRE(r.next(m, d) == PackReader::Item::Manifest);
        requireSame(m, want);
        CHECK(m.doc.isNull());  // the tree is not carried: the canonical text is
    }
    REQUIRE(r.next(m, d) == PackReader::Item::Diagnostic);
    CHECK(d.file == problem.file);
    CHECK(d.path == problem.path);
    CHECK(d.line == 12);
    CHECK(d.col == 34);
    CHECK(d.code == "type");
    CHECK(d.message == problem.message);
    CHECK(r.next(m, d) == PackReader::Item::End);
}

TEST_CASE("manifest pack: odd values survive (empty strings, NUL bytes, non-ASCII, huge and negative-zero numbers, step histories)") {
    Manifest a = mvr::test::manifest(
        "{\"model\":\"m\\u00e9 \\u2603\",\"version\":\"v\\u00e9\",\"created_on\":\"2024-01-02T03:04:05Z\",\"description\":\"a\\u0000b\","
        "\"params\":{},\"metrics\":{\"loss\":{\"value\":-0.0,\"goal\":\"min\",\"steps\":[1,2,3]},\"n\":1e308},"
        "\"tags\":{\"\":\"\",\"k\":\"\\u2603\"},\"aliases\":[],\"parent\":{\"model\":\"other\",\"version\":1}}");
    completeIdentity(a);
    REQUIRE(a.description == std::string("a\0b", 3));
    std::string pack;
    packManifest(a, pack);
    packManifest(a, pack);
    PackReader r(pack);
    Manifest m;
    Diagnostic d;
    REQUIRE(r.next(m, d) == PackReader::Item::Manifest);
    requireSame(m, a);
    REQUIRE(r.next(m, d) == PackReader::Item::Manifest);
    requireSame(m, a);
    CHECK(r.next(m, d) == PackReader::Item::End);
}

TEST_CASE("manifest pack: truncated or foreign bytes are refused") {
    Manifest a = mvr::test::manifest("{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.9},\"tags\":{\"a\":\"b\"}}");
    completeIdentity(a);
    std::string pack;
    packManifest(a, pack);
    packDiagnostic(Diagnostic{"f", "p", 1, 2, "c", "m"}, pack);
    // Every cut inside an item is Bad (a cut between items reads the first item, then ends).
    size_t first = 0;
    {
        std::string one;
        packManifest(a, one);
        first = one.size();
    }
    for (size_t n = 1; n < pack.size(); ++n) {
        PackReader r(std::string_view(pack.data(), n));
        Manifest m;
        Diagnostic d;
        PackReader::Item it = r.next(m, d);
        if (n < first) {
            CHECK(it == PackReader::Item::Bad);
        } else {
            CHECK(it == PackReader::Item::Manifest);
            CHECK(r.next(m, d) == (n == first ? PackReader::Item::End : PackReader::Item::Bad));
        }
    }
    // An unknown tag, and counts far larger than the bytes that follow.
    Manifest m;
    Diagnostic d;
    CHECK(PackReader("X").next(m, d) == PackReader::Item::Bad);
    std::string huge = pack.substr(0, 1);
    for (int i = 0; i < 8; ++i) huge += std::string(4, '\0');
    huge += std::string("\xff\xff\xff\x7f", 4);  // metric count
    CHECK(PackReader(huge).next(m, d) == PackReader::Item::Bad);
}

TEST_CASE("manifest pack: digests left to the receiver come out as the packing side would have made them") {
    std::string text;
    REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", text));
    std::vector<Manifest> read;
    Diagnostics diags;
    REQUIRE(readManifests(text, "registry.json", diags, [&](Manifest&& m) { read.push_back(std::move(m)); }));
    size_t withAliases = 0;
    for (bool digests : {true, false}) {
        FilePacker packer(text, "registry.json", digests);
        std::vector<Manifest> got;
        std::string pack;
        bool more = true;
        while (more) {
            more = packer.next(5, pack);
            PackReader r(pack);
            Manifest m;
            Diagnostic d;
            for (auto it = r.next(m, d); it != PackReader::Item::End; it = r.next(m, d)) {
                if (it == PackReader::Item::Extras) {  // the example's rules and alias history, in the last pack
                    CHECK_FALSE(more);
                    CHECK(r.extras().rules.size() == 1);
                    CHECK(r.extras().history.size() == 17);
                    continue;
                }
                REQUIRE(it == PackReader::Item::Manifest);
                CHECK(m.digest.empty() == !digests);
                completeIdentity(m);
                got.push_back(std::move(m));
            }
        }
        REQUIRE(got.size() == read.size());
        for (size_t i = 0; i < got.size(); ++i) {
            INFO(read[i].id());
            requireSame(got[i], read[i]);
            if (got[i].digestCutTo > got[i].digestCutFrom) ++withAliases;
        }
    }
    CHECK(withAliases >= 4);  // the cut of "aliases" is exercised, not only manifests without any
}

TEST_CASE("manifest pack: a digest cut outside the canonical text is refused") {
    Manifest a = mvr::test::manifest("{\"model\":\"m\",\"version\":1,\"aliases\":[\"prod\"],\"x\":2}");
    REQUIRE(a.digestCutTo > a.digestCutFrom);
    for (auto cut : {std::make_pair(a.canonical.size() + 1, a.canonical.size() + 1), std::make_pair(size_t{5}, size_t{4})}) {
        Manifest b = a;
        b.digest.clear();
        b.digestCutFrom = cut.first;
        b.digestCutTo = cut.second;
        std::string pack;
        packManifest(b, pack);
        Manifest m;
        Diagnostic d;
        CHECK(PackReader(pack).next(m, d) == PackReader::Item::Bad);
    }
}

TEST_CASE("manifest pack: a file read into packs: manifests while it is clean, then every problem at the end") {
    const std::string text =
        "[{\"model\":\"m\",\"version\":1},\n{\"model\":\"m\",\"version\":2},\n{\"model\":\"m\",\"version\":3,\"created_on\":\"x\"},\n"
        "{\"model\":\"m\",\"version\":4},\n{\"model\":\"m\",\"version\":5,\"metrics\":{\"auc\":\"0.9\"}}]";
    FilePacker packer(text, "f.json");
    std::vector<std::string> labels, problems;
    std::string pack;
    int packs = 0;
    for (bool more = true; more;) {
        more = packer.next(2, pack);
        ++packs;
        PackReader r(pack);
        Manifest m;
        Diagnostic d;
        for (auto it = r.next(m, d); it != PackReader::Item::End; it = r.next(m, d)) {
            REQUIRE(it != PackReader::Item::Bad);
            if (it == PackReader::Item::Manifest) labels.push_back(m.label);
            else problems.push_back(d.path + "@" + std::to_string(d.line));
        }
    }
    CHECK(packs == 2);  // bad manifests are skipped by the reader: the second call reads to the end
    CHECK(labels == std::vector<std::string>{"1", "2"});  // nothing after the first problem
    CHECK(problems == std::vector<std::string>{"[2].created_on@3", "[4].metrics.auc@5"});
    CHECK_FALSE(packer.clean());
    CHECK(packer.offset() == text.size());
    CHECK_FALSE(packer.next(2, pack));
    CHECK(pack.empty());
}

TEST_CASE("manifest pack: a pack carrying what validation refuses is refused, saying what and where") {
    Manifest good = mvr::test::manifest("{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":0.9,\"loss\":0.1},\"aliases\":[\"prod\"]}");
    completeIdentity(good);
    struct Case {
        const char* what;
        std::function<void(Manifest&)> spoil;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"NaN metric", [](Manifest& m) { m.metrics[1].value = std::nan(""); }, "metric \"loss\" is not a finite number"},
        {"infinite metric", [](Manifest& m) { m.metrics[0].value = HUGE_VAL; }, "metric \"auc\" is not a finite number"},
        {"no lexeme", [](Manifest& m) { m.metrics[0].lexeme = "0x1"; }, "has no valid number text"},
        {"empty metric name", [](Manifest& m) { m.metrics[0].name.clear(); }, "empty or invalid name"},
        {"empty model", [](Manifest& m) { m.model.clear(); }, "invalid model name"},
        {"model with @", [](Manifest& m) { m.model = "a@b"; }, "invalid model name"},
        {"label with a control character", [](Manifest& m) { m.label = "1\n"; }, "invalid version label"},
        {"invalid UTF-8", [](Manifest& m) { m.description = "\xC3("; }, "not valid UTF-8"},
        {"bad date", [](Manifest& m) { m.createdOn = "yesterday"; }, "RFC 3339"},
        {"bad alias", [](Manifest& m) { m.aliases = {"latest"}; }, "invalid alias name"},
        {"bad digest", [](Manifest& m) { m.digest = "xyz"; }, "64 hex digits"},
        {"not an object", [](Manifest& m) { m.canonical = "[1]"; m.digestCutFrom = m.digestCutTo = 0; }, "not a JSON object"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        Manifest bad = good;
        c.spoil(bad);
        std::string pack;
        packManifest(good, pack);
        packManifest(bad, pack);
        PackReader r(pack);
        Manifest m;
        Diagnostic d;
        CHECK(r.next(m, d) == PackReader::Item::Manifest);
        CHECK(r.next(m, d) == PackReader::Item::Bad);
        CHECK_THAT(r.error(), Catch::StartsWith("item 2 of the pack: "));
        CHECK_THAT(r.error(), Catch::Contains(c.message));
    }
}
