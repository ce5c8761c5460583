// Reading a file of manifests: one manifest, a list, or a registry export; valid manifests are handed over
// one at a time and every problem is reported with the manifest's place as the path prefix.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <dirent.h>

#include "core/document.hpp"
#include "core/registry_format.hpp"
#include "test_support.hpp"

using namespace mvr::core;
using mvr::test::dump;

namespace {

struct Read {
    bool clean = false;
    ReadStats stats;
    std::vector<Manifest> got;
    std::vector<Diagnostic> d;
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& m : got) out.push_back(m.id());
        return out;
    }
};

Read read(const std::string& text, const std::string& file = "f.json") {
    Read r;
    Diagnostics d;
    r.clean = readManifests(text, file, d, [&](Manifest&& m) { r.got.push_back(std::move(m)); }, &r.stats);
    r.d = d.items();
    return r;
}

}  // namespace

TEST_CASE("document: one manifest") {
    Read r = read("{\"model\":\"m\",\"version\":1,\"params\":{\"a\":1}}");
    INFO(dump(r.d));
    CHECK(r.clean);
    CHECK(r.stats.kind == DocumentKind::Manifest);
    CHECK(r.stats.manifests == 1);
    CHECK(r.stats.invalid == 0);
    REQUIRE(r.got.size() == 1);
    CHECK(r.got[0].id() == "m@1");
    CHECK(r.got[0].sourcePath == "");
    CHECK(r.got[0].canonical == "{\"model\":\"m\",\"version\":1,\"params\":{\"a\":1}}");

    // Problems of a single manifest have no prefix.
    Read bad = read("{\n\"model\": \"m\",\n\"version\": 1.5\n}");
    CHECK_FALSE(bad.clean);
    CHECK(bad.got.empty());
    CHECK(bad.stats.invalid == 1);
    REQUIRE(bad.d.size() == 1);
    CHECK(bad.d[0].path == "version");
    CHECK(bad.d[0].line == 3);
    CHECK(bad.d[0].col == 12);
    CHECK(bad.d[0].file == "f.json");
}

TEST_CASE("document: a list of manifests") {
    Read r = read("[{\"model\":\"a\",\"version\":1},{\"model\":\"a\",\"version\":2},{\"model\":\"b\",\"version\":\"v1\"}]");
    CHECK(r.clean);
    CHECK(r.stats.kind == DocumentKind::List);
    CHECK(r.ids() == std::vector<std::string>{"a@1", "a@2", "b@v1"});
    CHECK(r.got[1].sourcePath == "[1]");

    Read empty = read("[]");
    CHECK(empty.clean);
    CHECK(empty.got.empty());
    CHECK(empty.stats.kind == DocumentKind::List);
}

TEST_CASE("document: in a list, bad elements are reported with their index and skipped") {
    const std::string text =
        "[\n"
        " {\"model\":\"m\",\"version\":0},\n"
        " {\"model\":\"m\",\"version\":1},\n"
        " {\"model\":\"m\",\"version\":2,\"metrics\":{\"auc\":\"0.9\"}},\n"
        " {\"model\":\"m\",\"version\":3},\n"
        " {\"model\":\"m\",\"version\":4},\n"
        " {\"model\":\"m\"},\n"
        " {\"model\":\"m\",\"version\":6}\n"
        "]\n";
    Read r = read(text);
    INFO(dump(r.d));
    CHECK_FALSE(r.clean);
    CHECK(r.ids() == std::vector<std::string>{"m@0", "m@1", "m@3", "m@4", "m@6"});
    CHECK(r.stats.manifests == 5);
    CHECK(r.stats.invalid == 2);
    REQUIRE(r.d.size() == 2);
    CHECK(r.d[0].path == "[2].metrics.auc");
    CHECK(r.d[0].line == 4);
    CHECK(r.d[0].code == "type");
    CHECK(r.d[1].path == "[5]");
    CHECK(r.d[1].line == 7);
    CHECK(r.d[1].col == 2);
    CHECK(r.d[1].code == "required");
    CHECK_THAT(r.d[1].message, Catch::Contains("\"version\""));
}

TEST_CASE("document: JSON problems inside one element keep that element back, not the others") {
    Read r = read("[{\"model\":\"m\",\"version\":1,\"params\":{\"x\":NaN}},{\"model\":\"m\",\"version\":2},"
                  "{\"model\":\"m\",\"version\":3,\"params\":{\"a\":1,\"a\":2}}]");
    INFO(dump(r.d));
    CHECK_FALSE(r.clean);
    CHECK(r.ids() == std::vector<std::string>{"m@2"});
    CHECK(r.stats.invalid == 2);
    REQUIRE(r.d.size() == 2);
    CHECK(r.d[0].code == "nan");
    CHECK(r.d[0].path == "[0].params.x");
    CHECK(r.d[1].code == "duplicate-key");
    CHECK(r.d[1].path == "[2].params.a");
}

TEST_CASE("document: a syntax error stops reading; what came before was handed over") {
    Read r = read("[{\"model\":\"m\",\"version\":1},\n{\"model\":\"m\",\"version\":2},\n{\"model\":\"m\" \"version\":3}]");
    CHECK_FALSE(r.clean);
    CHECK(r.ids() == std::vector<std::string>{"m@1", "m@2"});
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].code == "syntax");
    CHECK(r.d[0].path == "[2].model");
    CHECK(r.d[0].line == 3);
    CHECK(r.d[0].col == 14);

    // A missing comma between elements carries the index of the element before it.
    Read m = read("[{\"model\":\"m\",\"version\":1} {\"model\":\"m\",\"version\":2}]");
    REQUIRE(m.d.size() == 1);
    CHECK(m.d[0].path == "[0]");
    CHECK(m.d[0].col == 28);
}

TEST_CASE("document: a registry export") {
    const std::string text = registryHeader() +
                             "\n{\"model\":\"a\",\"version\":1,\"aliases\":[\"prod\"]},\n"
                             "{\"model\":\"a\",\"version\":2,\"parent\":1},\n"
                             "{\"model\":\"b\",\"version\":\"v1\"}" +
                             registryFooter(3);
    CHECK(registryHeader() == "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[");
    Read r = read(text);
    INFO(dump(r.d));
    CHECK(r.clean);
    CHECK(r.stats.kind == DocumentKind::Registry);
    CHECK(r.ids() == std::vector<std::string>{"a@1", "a@2", "b@v1"});
    CHECK(r.got[0].aliases == std::vector<std::string>{"prod"});
    CHECK(r.got[2].sourcePath == "versions[2]");

    // An empty registry, and one with extra fields after the versions.
    Read empty = read(registryHeader() + registryFooter(0));
    CHECK(empty.clean);
    CHECK(empty.got.empty());
    CHECK(empty.stats.kind == DocumentKind::Registry);
    Read extra = read("{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[{\"model\":\"a\",\"version\":1}],\"note\":\"x\"}");
    CHECK(extra.clean);
    CHECK(extra.ids() == std::vector<std::string>{"a@1"});
}

TEST_CASE("document: problems in a registry export are under versions[i]") {
    const std::string text =
        "{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[\n"
        "{\"model\":\"a\",\"version\":1},\n"
        "{\"model\":\"a\",\"version\":2,\"metrics\":{\"auc\":\"x\"}},\n"
        "{\"model\":\"b\",\"version\":\"v1\"}\n"
        "]}\n";
    Read r = read(text);
    INFO(dump(r.d));
    CHECK_FALSE(r.clean);
    CHECK(r.ids() == std::vector<std::string>{"a@1", "b@v1"});
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].path == "versions[1].metrics.auc");
    CHECK(r.d[0].line == 3);
    CHECK(r.d[0].col == 43);
}

TEST_CASE("document: registry format_version") {
    SECTION("a newer format is refused") {
        Read r = read("{\"format\":\"mvr-registry\",\"format_version\":3,\"versions\":[]}");
        INFO(dump(r.d));
        CHECK_FALSE(r.clean);
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "version");
        CHECK(r.d[0].path == "format_version");
        CHECK(r.d[0].line == 1);
        CHECK(r.d[0].col == 43);
        CHECK_THAT(r.d[0].message, Catch::Contains("format_version 3") && Catch::Contains("update mvr"));
    }
    SECTION("zero, a string or a fraction is not a version") {
        for (const std::string& v : {"0", "\"1\"", "1.0", "null"}) {
            INFO(v);
            Read r = read("{\"format\":\"mvr-registry\",\"format_version\":" + v + ",\"versions\":[]}");
            CHECK_FALSE(r.clean);
            REQUIRE(r.d.size() == 1);
            CHECK(r.d[0].path == "format_version");
        }
    }
    SECTION("missing format_version and missing versions") {
        Read r = read("{\"format\":\"mvr-registry\"}");
        INFO(dump(r.d));
        CHECK_FALSE(r.clean);
        REQUIRE(r.d.size() == 2);
        CHECK(r.d[0].code == "required");
        CHECK(r.d[0].path == "format_version");
        CHECK(r.d[1].code == "required");
        CHECK_THAT(r.d[1].message, Catch::Contains("\"versions\""));
    }
    SECTION("versions that are not an array") {
        Read r = read("{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":{}}");
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "type");
        CHECK(r.d[0].path == "versions");
        CHECK(r.d[0].col == 56);
    }
    SECTION("versions twice") {
        Read r = read("{\"format\":\"mvr-registry\",\"format_version\":1,\"versions\":[{\"model\":\"a\",\"version\":1}],"
                      "\"versions\":[{\"model\":\"a\",\"version\":2}]}");
        INFO(dump(r.d));
        CHECK_FALSE(r.clean);
        CHECK(r.ids() == std::vector<std::string>{"a@1"});
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "duplicate-key");
        CHECK(r.d[0].path == "versions");
    }
    SECTION("the format is known by the first member only") {
        // Anything else is read as one manifest (which this is not).
        Read r = read("{\"format_version\":1,\"format\":\"mvr-registry\",\"versions\":[]}");
        CHECK(r.stats.kind == DocumentKind::Manifest);
        CHECK_FALSE(r.clean);
        CHECK(r.got.empty());
    }
}

TEST_CASE("document: a top-level scalar") {
    for (const std::string& text : {"42", "\"m@1\"", "null", "true"}) {
        INFO(text);
        Read r = read(text);
        CHECK_FALSE(r.clean);
        CHECK(r.got.empty());
        REQUIRE(r.d.size() == 1);
        CHECK(r.d[0].code == "type");
        CHECK(r.d[0].path == "");
        CHECK(r.d[0].line == 1);
        CHECK(r.d[0].col == 1);
        CHECK_THAT(r.d[0].message, Catch::StartsWith("expected a manifest (an object), a list of manifests or a registry, got"));
    }
    Read n = read("  42");
    REQUIRE(n.d.size() == 1);
    CHECK(n.d[0].col == 3);
    CHECK_THAT(n.d[0].message, Catch::EndsWith("got number 42"));
    // Garbage after it is found too.
    Read g = read("42 43");
    REQUIRE(g.d.size() == 2);
    CHECK(g.d[1].code == "syntax");
}

TEST_CASE("document: duplicate keys at the top of a single manifest") {
    Read r = read("{\"model\":\"m\",\"version\":1,\"model\":\"n\"}");
    INFO(dump(r.d));
    CHECK_FALSE(r.clean);
    CHECK(r.got.empty());
    REQUIRE(r.d.size() == 1);
    CHECK(r.d[0].code == "duplicate-key");
    CHECK(r.d[0].path == "model");
    CHECK(r.d[0].col == 26);
    CHECK(r.d[0].message == "duplicate key (first at line 1, column 2)");
}

TEST_CASE("document: a NaN is reported once, not again by validation") {
    Read r = read("{\"model\":\"m\",\"version\":1,\"metrics\":{\"auc\":NaN,\"f1\":{\"value\":Infinity}}}");
    INFO(dump(r.d));
    CHECK_FALSE(r.clean);
    CHECK(r.got.empty());
    REQUIRE(r.d.size() == 2);
    CHECK(r.d[0].code == "nan");
    CHECK(r.d[0].path == "metrics.auc");
    CHECK(r.d[1].code == "nan");
    CHECK(r.d[1].path == "metrics.f1.value");
}

TEST_CASE("document: one nesting budget whatever the shape of the file") {
    // A manifest is level 1 (alone, in a list, or in a registry export); its params object level 2.
    auto nested = [](int levels) {
        std::string open, close;
        for (int i = 0; i < levels; ++i) {
            open += "{\"a\":";
            close += "}";
        }
        return open + "1" + close;
    };
    auto manifestWith = [&](int levels) { return "{\"model\":\"m\",\"version\":1,\"params\":" + nested(levels) + "}"; };
    const int fits = JsonReader::kMaxDepth - 1;  // params' own object plus fits-1 levels inside it
    for (int levels : {fits, fits + 1}) {
        const bool ok = levels == fits;
        const std::string m = manifestWith(levels);
        for (const std::string& text : {m, "[" + m + "]", registryHeader() + m + registryFooter(1)}) {
            INFO(levels << " levels: " << text.substr(0, 60));
            Read r = read(text);
            CHECK(r.clean == ok);
            CHECK(r.got.size() == (ok ? 1u : 0u));
            if (!ok) {
                REQUIRE(r.d.size() == 1);
                CHECK(r.d[0].code == "depth");
            }
        }
    }
}

TEST_CASE("document: empty and unreadable files") {
    Read e = read("");
    CHECK_FALSE(e.clean);
    REQUIRE(e.d.size() == 1);
    CHECK(e.d[0].code == "empty");
    Read u = read(std::string("\xFF\xFE[\0]\0", 6));
    REQUIRE(u.d.size() == 1);
    CHECK(u.d[0].code == "encoding");
    Read b = read("\xEF\xBB\xBF[{\"model\":\"m\",\"version\":1}]");
    CHECK(b.clean);
    CHECK(b.ids() == std::vector<std::string>{"m@1"});
}

TEST_CASE("document: the pull interface and progress") {
    std::string text = "[";
    for (int i = 0; i < 200; ++i) text += std::string(i ? "," : "") + "{\"model\":\"m\",\"version\":" + std::to_string(i) + "}";
    text += "]";
    Diagnostics d;
    ManifestStream s(text, "p.json", d);
    Manifest m;
    size_t n = 0, lastOffset = 0;
    int r;
    while ((r = s.next(m)) == 1) {
        CHECK(m.label == std::to_string(n));
        CHECK(s.offset() >= lastOffset);
        lastOffset = s.offset();
        ++n;
    }
    CHECK(r == 0);
    CHECK(n == 200);
    CHECK(s.clean());
    CHECK(s.offset() == s.size());
    CHECK(s.next(m) == 0);  // done stays done

    std::vector<std::pair<size_t, size_t>> calls;
    Diagnostics d2;
    size_t count = 0;
    readManifests(text, "p.json", d2, [&](Manifest&&) { ++count; }, nullptr,
                  [&](size_t at, size_t size) { calls.emplace_back(at, size); });
    CHECK(count == 200);
    REQUIRE(calls.size() >= 2);
    CHECK(calls.back() == std::make_pair(text.size(), text.size()));
    for (size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first >= calls[i - 1].first);

    // After a fatal problem next() keeps returning -1.
    Diagnostics d3;
    ManifestStream bad("[{\"model\":\"m\",\"version\":1},", "b.json", d3);
    CHECK(bad.next(m) == 1);
    CHECK(bad.next(m) == -1);
    CHECK(bad.next(m) == -1);
    CHECK_FALSE(bad.clean());
}

TEST_CASE("document: exportedManifest puts the live aliases in the document") {
    Value doc = mvr::test::json("{\"model\":\"m\",\"aliases\":[\"old\"],\"version\":1}");
    CHECK(exportedManifest(doc, {"a", "b"}) == "{\"model\":\"m\",\"aliases\":[\"a\",\"b\"],\"version\":1}");
    CHECK(exportedManifest(doc, {}) == "{\"model\":\"m\",\"aliases\":[],\"version\":1}");
    Value none = mvr::test::json("{\"model\":\"m\",\"version\":1}");
    CHECK(exportedManifest(none, {}) == "{\"model\":\"m\",\"version\":1}");
    CHECK(exportedManifest(none, {"p"}) == "{\"model\":\"m\",\"version\":1,\"aliases\":[\"p\"]}");
    CHECK(std::string(registrySeparator(0)) == "\n");
    CHECK(std::string(registrySeparator(1)) == ",\n");
    CHECK(registryFooter(0) == "]}\n");
    CHECK(registryFooter(2) == "\n]}\n");
}

TEST_CASE("document: the bad examples in docs/examples/bad are all refused, except bom.json") {
    const std::string dir = std::string(MVR_SOURCE_DIR) + "/docs/examples/bad";
    std::vector<std::string> names;
    DIR* d = opendir(dir.c_str());
    REQUIRE(d != nullptr);
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) names.push_back(name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    REQUIRE(names.size() >= 10);
    CHECK(std::find(names.begin(), names.end(), "bom.json") != names.end());
    for (const std::string& name : names) {
        std::string text;
        REQUIRE(mvr::test::readText(dir + "/" + name, text));
        Read r = read(text, name);
        INFO(name << "\n" << dump(r.d));
        if (name == "bom.json") {
            CHECK(r.clean);
            CHECK(r.got.size() == 1);
            CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
            continue;
        }
        CHECK_FALSE(r.clean);
        CHECK_FALSE(r.d.empty());
        for (const Diagnostic& x : r.d) {
            CHECK(x.file == name);
            CHECK_FALSE(x.code.empty());
            CHECK(x.line >= 1);  // every problem has a place
        }
    }
}

namespace {

// Reads text as the import does: storingOnly, the digest left to core::completeIdentity when defer is set.
Read readForStoring(const std::string& text, bool defer) {
    Read r;
    Diagnostics d;
    ManifestStream s(text, "f.json", d);
    s.storingOnly(true);
    s.deferIdentity(defer);
    Manifest m;
    while (s.next(m) == 1) r.got.push_back(std::move(m));
    r.clean = s.clean();
    r.d = d.items();
    return r;
}

// Canonical text, digest and "aliases" from a manifest's own text (canonicalFormFromSource + digestWithout).
void fromText(std::string_view text, std::string& canon, std::string& digest, std::string& aliases) {
    size_t cutFrom, cutTo;
    canonicalFormFromSource(text, canon, cutFrom, cutTo, &aliases);
    digestWithout(canon, cutFrom, cutTo, digest);
}

// Reads text as the import does and as a plain reader does, and checks that each manifest's canonical text,
// digest and "aliases" are those canonicalAndDigest gives for its whole document. Returns the manifests as
// the import read them.
std::vector<Manifest> checkCanonicalFromText(const std::string& text) {
    Read plain = read(text);
    INFO(dump(plain.d));
    REQUIRE(plain.clean);
    REQUIRE_FALSE(plain.got.empty());
    std::vector<Manifest> stored;
    for (bool defer : {true, false}) {
        Read r = readForStoring(text, defer);
        INFO(dump(r.d));
        CHECK(r.clean);
        REQUIRE(r.got.size() == plain.got.size());
        for (size_t n = 0; n < r.got.size(); ++n) {
            Manifest& m = r.got[n];
            const Manifest& want = plain.got[n];
            INFO(m.id());
            CHECK(m.id() == want.id());
            CHECK(m.digest.empty() == defer);
            completeIdentity(m);
            std::string canon, digest, aliases;
            canonicalAndDigest(want.doc, canon, digest, &aliases);
            CHECK(m.canonical == canon);
            CHECK(m.digest == digest);
            CHECK(m.aliasesJson == aliases);
            CHECK(want.canonical == canon);
            CHECK(want.digest == digest);
        }
        if (defer) stored = std::move(r.got);
    }
    return stored;
}

}  // namespace

TEST_CASE("document: a manifest's canonical form taken from its own text is the one its document gives") {
    SECTION("white space, strings that look like structure, aliases anywhere, nested \"aliases\" keys") {
        std::vector<std::string> manifests = {
            "{\"aliases\" : [ \"prod\" , \"b\" ] ,\r\n\t\"model\":\"m\", \"version\" :1,\"x\":{ } }",
            "{\"model\":\"m\",\"aliases\":[],\"version\":2 ,\"params\":{\"aliases\":[\"not, these\"],\"s\":\"{ \\\"x\\\": 1 }\"}}",
            "{\"model\":\"m\",\"version\":3,\"params\":{\"a b\":\" : , { [ \",\"n\":[-0.0,1E+5,0.5e-3,true,false,null,[],{}]},"
            "\"aliases\":[\"c\"]}",
            "{\"model\":\"m\",\"version\":\"4\",\"params\":{\"d\":{\"aliases\":{\"aliases\":1}}},\"aliases\" :\t[\"d\"],\"z\":0}",
            "{\"model\":\"m\",\"version\":5,\"description\":\"caf\xC3\xA9 \xF0\x9F\x98\x80\",\"params\":{\"k\":[1]}}"};
        std::string list = "[ ";
        for (size_t i = 0; i < manifests.size(); ++i) {
            const std::string& t = manifests[i];
            list += (i ? ",\n\t" : "") + t;
            if (t.find('\\') != std::string::npos) continue;
            std::string canon, digest, aliases, want, wantDigest, wantAliases;
            fromText(t, canon, digest, aliases);
            canonicalAndDigest(mvr::test::json(t), want, wantDigest, &wantAliases);
            INFO(t);
            CHECK(canon == want);
            CHECK(digest == wantDigest);
            CHECK(aliases == wantAliases);
        }
        list += "\r\n]";
        std::vector<Manifest> stored = checkCanonicalFromText(list);
        REQUIRE(stored.size() == 5);
        // Read for storing, params are checked but not kept, except where the text had to be read again
        // for its canonical form (the second: an escaped quote).
        CHECK(stored[1].params()->members.size() == 2);
        CHECK(stored[2].params()->isObject());
        CHECK(stored[2].params()->members.empty());
        CHECK(stored[4].params()->members.empty());
        CHECK(stored[0].doc.find("x")->members.empty());
        CHECK(stored[4].doc.find("description")->text == "caf\xC3\xA9 \xF0\x9F\x98\x80");
    }
    SECTION("the reference registry, as written and re-indented with tabs and CRLF") {
        std::string text;
        REQUIRE(mvr::test::readText(std::string(MVR_SOURCE_DIR) + "/docs/examples/registry.json", text));
        size_t n = checkCanonicalFromText(text).size();
        CHECK(n >= 10);
        Value reg = mvr::test::json(text);
        const Value* versions = reg.find("versions");
        REQUIRE(versions != nullptr);
        std::string list = "[\r\n";
        for (size_t i = 0; i < versions->items.size(); ++i) {
            std::string pretty = toPretty(versions->items[i], 2);
            // Line breaks and indentation only (strings hold no raw line breaks).
            std::string out;
            bool lineStart = true;
            for (char c : pretty) {
                if (c == '\n') {
                    out += "\r\n";
                    lineStart = true;
                } else if (lineStart && c == ' ') {
                    out += '\t';
                } else {
                    lineStart = false;
                    out += c;
                }
            }
            list += (i ? ",\r\n" : "") + out;
        }
        list += "\r\n]\r\n";
        CHECK(checkCanonicalFromText(list).size() == n);
    }
    SECTION("every JSON object of the real fixture files without escapes") {
        std::vector<std::string> files;
        mvr::test::listFiles(mvr::test::fixturePath(""), "", files);
        size_t compared = 0;
        for (const std::string& rel : files) {
            if (rel.size() < 5 || rel.compare(rel.size() - 5, 5, ".json") != 0) continue;
            std::string text;
            REQUIRE(mvr::test::readText(mvr::test::fixturePath(rel), text));
            Diagnostics d;
            Value doc;
            INFO(rel);
            if (!parseJson(text, doc, d)) continue;  // dvclive writes NaN and Infinity
            size_t from = text.find_first_not_of(" \t\r\n"), to = text.find_last_not_of(" \t\r\n");
            if (!doc.isObject() || text.find('\\') != std::string::npos) continue;
            std::string canon, digest, aliases, want, wantDigest, wantAliases;
            fromText(std::string_view(text).substr(from, to + 1 - from), canon, digest, aliases);
            canonicalAndDigest(doc, want, wantDigest, &wantAliases);
            CHECK(canon == want);
            CHECK(digest == wantDigest);
            CHECK(aliases == wantAliases);
            ++compared;
        }
        CHECK(compared >= 10);
    }
}

TEST_CASE("document: reading for storing reports exactly the problems a full read reports, at the same places") {
    // Problems inside params and unknown fields (which storingOnly checks without keeping), next to problems
    // in fields it keeps; every one must come out the same: code, path, line:column, message.
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "[";
    for (int i = 0; i < 300; ++i) deep += "]";
    const std::string text =
        "[{\"model\":\"m\",\"version\":1,\"params\":{\"a\":1,\"a\":2,\"b\":NaN,\"c\":1e999,\"d\":\"x\xFFy\",\n"
        "  \"e\":{\"f\":[1,2,{\"g\":-Infinity}]},\"big\":123456789012345678901234}},\n"
        " {\"model\":\"m\",\"version\":2,\"x_extra\":{\"k\":1,\"k\":2},\"metrics\":{\"auc\":\"0.9\"}},\n"
        " {\"model\":\"m\",\"version\":4,\"params\":{\"ok\":\"\\u00e9\\\"\"},\"created_on\":\"yesterday\"},\n"
        " {\"model\":\"m\",\"version\":3,\"params\":{\"deep\":" + deep + "}}]";  // too deep: the end of reading
    Read plain = read(text);
    Read stored = readForStoring(text, true);
    CHECK(stored.got.size() == plain.got.size());
    CHECK_FALSE(stored.clean);
    const std::vector<Diagnostic>& d = stored.d;
    REQUIRE(d.size() == plain.d.size());
    CHECK(plain.d.size() >= 10);
    CHECK(plain.d.back().code == "depth");
    for (size_t i = 0; i < plain.d.size(); ++i) {
        INFO(i << ": " << formatDiagnostic(plain.d[i]));
        CHECK(d[i].code == plain.d[i].code);
        CHECK(d[i].path == plain.d[i].path);
        CHECK(d[i].line == plain.d[i].line);
        CHECK(d[i].col == plain.d[i].col);
        CHECK(d[i].message == plain.d[i].message);
    }
}
