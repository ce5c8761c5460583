// engine::Client and engine::Engine over the byte protocol (engine/protocol.hpp): every read answers what the
// registry call answers, a failing request fails alone, and damaged batches fail what they carried with the byte
// where they went wrong, never a crash or a half-read answer.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/filter.hpp"
#include "engine/client.hpp"
#include "ops/file_import.hpp"
#include "storage/registry.hpp"
#include "test_support.hpp"

using namespace mvr;

namespace {

const char* kVersions = R"([
  {"model": "fraud", "version": 1, "author": "ana", "description": "first", "created_on": "2026-01-01T00:00:00Z",
   "metrics": {"auc": {"value": 0.81, "goal": "max"}, "latency_ms": {"value": 12, "goal": "min"}}},
  {"model": "fraud", "version": 2, "parent": "1", "author": "ana", "description": "wider",
   "metrics": {"auc": {"value": 0.86, "goal": "max"}, "latency_ms": {"value": 19, "goal": "min"}},
   "aliases": ["production"]},
  {"model": "fraud", "version": 3, "parent": "2", "author": "bo", "tags": {"team": "risk"},
   "metrics": {"auc": {"value": 0.84, "goal": "max"}, "latency_ms": {"value": 9, "goal": "min"}},
   "aliases": ["staging", "candidate"]},
  {"model": "churn", "version": "a", "author": "bo", "metrics": {"f1": 0.5}},
  {"model": "churn", "version": "b", "parent": {"model": "fraud", "version": 2}, "author": "cy", "metrics": {"f1": 0.25}}])";

void fill(storage::Registry& r) {
    auto session = r.beginImport();
    storage::FileReport rep = ops::importText(*session, "in.json", kVersions);
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(rep.problems.empty());
    REQUIRE(session->commit());
    REQUIRE(r.deprecate({core::VersionRef{"fraud", "1"}}, true, "ana") == 1);
}

void same(const engine::Versions& a, const engine::Versions& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        INFO("row " << i);
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].model == b[i].model);
        CHECK(a[i].label == b[i].label);
        CHECK(a[i].seq == b[i].seq);
        CHECK(a[i].createdOn == b[i].createdOn);
        CHECK(a[i].author == b[i].author);
        CHECK(a[i].description == b[i].description);
        CHECK(a[i].parent == b[i].parent);
        CHECK(a[i].aliases == b[i].aliases);
        CHECK(a[i].deprecated == b[i].deprecated);
    }
}

// A registry of kVersions in a temporary file.
struct Filled {
    explicit Filled(const char* tag) : path(tag), r(path.str()) { fill(r); }
    mvr::test::TempPath path;
    storage::Registry r;
};

// The same with the engine beside it.
struct Linked : Filled {
    explicit Linked(const char* tag) : Filled(tag), link(r) {}
    engine::LocalLink link;
};

}  // namespace

TEST_CASE("engine: every read answers, in one batch and one step later, what the registry call answers") {
    Linked f("engine.db");
    storage::Registry& r = f.r;
    engine::LocalLink& link = f.link;
    engine::Client& c = link.client();

    auto models = c.models();
    auto headline = c.headline("fraud");
    auto noHeadline = c.headline("churn");
    auto versions = c.versionCount();
    auto modelCount = c.modelCount();
    auto size = c.sizeBytes();
    auto fraudCount = c.modelVersionCount("fraud");
    auto names = c.metricNames("fraud");
    auto goal = c.metricGoal("fraud", "latency_ms");
    auto goals = c.metricGoals("fraud");
    auto values = c.metricValues("fraud", "auc");
    auto aliases = c.modelAliases("fraud");
    auto newest = c.newestVersions("fraud", 2);
    auto all = c.versions("fraud");
    auto filtered = c.versions("fraud", "metrics.auc >= 0.84 and author = ana");
    auto keys = c.versionKeys("fraud");
    auto churn = c.versions("churn");
    auto absent = c.versions("nope");
    CHECK(c.inFlight() == 18);
    CHECK_FALSE(models.ready());
    c.flush();
    CHECK(c.batchesSent() == 1);
    CHECK_FALSE(models.ready());  // answered, not yet delivered: a worker's answer comes in a later task
    CHECK(link.deliver() == 1);
    CHECK(c.inFlight() == 0);
    for (bool ready : {models.ready(), headline.ready(), versions.ready(), names.ready(), keys.ready(), absent.ready()})
        CHECK(ready);
    CHECK_FALSE(models.failed());

    std::vector<storage::ModelInfo> direct = r.models();
    REQUIRE(models.value().size() == direct.size());
    for (size_t i = 0; i < direct.size(); ++i) {
        CHECK(models.value()[i].id == direct[i].id);
        CHECK(models.value()[i].name == direct[i].name);
        CHECK(models.value()[i].versions == direct[i].versions);
        CHECK(models.value()[i].latest == direct[i].latest);
        CHECK(models.value()[i].aliases == direct[i].aliases);
    }
    storage::Headline h;
    REQUIRE(r.headline("fraud", h));
    CHECK(headline.value().found);
    CHECK(headline.value().headline.metric == h.metric);
    CHECK(headline.value().headline.metric == "auc");
    CHECK(headline.value().headline.goal == core::Goal::Max);
    CHECK(headline.value().headline.label == "2");
    CHECK(headline.value().headline.value == 0.86);
    CHECK_FALSE(noHeadline.value().found);
    CHECK(versions.value() == 5);
    CHECK(modelCount.value() == 2);
    CHECK(size.value() == r.sizeBytes());
    CHECK(fraudCount.value() == 3);
    CHECK(names.value() == r.metricNames("fraud"));
    CHECK(goal.value() == core::Goal::Min);
    REQUIRE(goals.value().size() == r.metricNames("fraud").size());
    for (const auto& [name, g] : goals.value()) CHECK(g == r.metricGoal("fraud", name));
    CHECK(goals.value()[0] == std::make_pair(std::string("auc"), core::Goal::Max));
    CHECK(values.value() == r.metricValues("fraud", "auc"));
    CHECK(values.value().size() == 3);
    CHECK(aliases.value() == r.modelAliases("fraud"));
    same(newest.value(), r.newestVersions("fraud", 2));
    same(all.value(), r.versions("fraud"));
    CHECK(all.value().size() == 3);
    CHECK(all.value()[0].deprecated);
    core::Filter filter;
    std::string error;
    REQUIRE(core::parseFilter("metrics.auc >= 0.84 and author = ana", filter, error));
    same(filtered.value(), r.versions("fraud", filter));
    REQUIRE(filtered.value().size() == 1);
    CHECK(filtered.value()[0].label == "2");
    same(churn.value(), r.versions("churn"));
    CHECK(churn.value()[1].parent == "fraud@2");
    CHECK(absent.value().empty());
    CHECK_FALSE(absent.failed());

    // The reads that take the keys: by seq, one metric by id, and by an id range.
    std::vector<storage::Registry::VersionKey> direct_keys = r.versionKeys("fraud");
    REQUIRE(keys.value().size() == direct_keys.size());
    std::vector<int64_t> ids, seqs;
    for (size_t i = 0; i < direct_keys.size(); ++i) {
        CHECK(keys.value()[i].id == direct_keys[i].id);
        CHECK(keys.value()[i].seq == direct_keys[i].seq);
        ids.push_back(direct_keys[i].id);
        seqs.push_back(direct_keys[i].seq);
    }
    auto bySeq = c.versionsBySeq("fraud", {seqs[2], seqs[0]});
    auto of = c.metricValuesOf("latency_ms", {ids[1], ids[2]});
    auto between = c.metricValuesBetween("auc", ids[0], ids[2]);
    c.flush();
    link.deliver();
    same(bySeq.value(), r.versionsBySeq("fraud", {seqs[2], seqs[0]}));
    CHECK(of.value() == r.metricValuesOf("latency_ms", {ids[1], ids[2]}));
    CHECK(of.value().at(ids[2]) == 9);
    CHECK(between.value() == r.metricValuesBetween("auc", ids[0], ids[2]));
    CHECK(link.engine().answered() == 21);
}

TEST_CASE("engine: a request that fails is answered with its message, and the rest of its batch still answers") {
    Linked f("engine-fail.db");
    storage::Registry& r = f.r;
    engine::LocalLink& link = f.link;
    engine::Client& c = link.client();
    auto before = c.modelCount();
    auto bad = c.versions("fraud", "metrics.auc >=");
    auto after = c.versions("fraud", "author = bo");
    c.flush();
    link.deliver();
    REQUIRE(bad.failed());
    CHECK(bad.error().rfind("versions: filter: ", 0) == 0);
    CHECK(bad.value().empty());
    CHECK(before.value() == 2);
    REQUIRE_FALSE(after.failed());
    REQUIRE(after.value().size() == 1);
    CHECK(after.value()[0].label == "3");
}

TEST_CASE("engine: a Pending let go is answered into nothing; nothing asked sends nothing") {
    Linked f("engine-drop.db");
    storage::Registry& r = f.r;
    engine::LocalLink& link = f.link;
    engine::Client& c = link.client();
    c.flush();
    CHECK(c.batchesSent() == 0);
    {
        auto gone = c.versions("fraud");
    }
    auto kept = c.versionCount();
    c.flush();
    CHECK(link.deliver() == 1);
    CHECK(kept.value() == 5);
    CHECK(c.inFlight() == 0);
}

TEST_CASE("engine: every cut of an answer batch fails what it carried and names a byte") {
    Filled f("engine-cut.db");
    storage::Registry& r = f.r;
    engine::Engine e(r);
    std::string request, answer;
    {
        engine::Client probe([&](std::string b) { request = std::move(b); });
        probe.versions("fraud");
        probe.models();
        probe.metricValues("fraud", "auc");
        probe.flush();
    }
    answer = e.answer(request);
    REQUIRE(answer.size() > 40);
    for (size_t cut = 0; cut < answer.size(); ++cut) {
        INFO("cut at " << cut);
        engine::Client c([](std::string) {});
        auto v = c.versions("fraud");
        auto m = c.models();
        auto mv = c.metricValues("fraud", "auc");
        c.flush();
        bool threw = false;
        try {
            c.receive(std::string_view(answer).substr(0, cut));
        } catch (const engine::WireError& err) {
            threw = true;
            CHECK(std::string(err.what()).find("byte ") != std::string::npos);
            CHECK(err.at() <= cut);
        }
        CHECK(threw);
        CHECK(c.inFlight() == 0);
        // What an answer carried whole before the cut stands; nothing is half read.
        for (bool failed : {v.failed(), m.failed(), mv.failed()}) (void)failed;
        CHECK(v.ready());
        CHECK(mv.ready());
        CHECK(mv.failed());
        if (v.failed()) CHECK(v.value().empty());
        if (m.failed()) CHECK(m.value().empty());
    }
    // The whole batch reads.
    engine::Client c([](std::string) {});
    auto v = c.versions("fraud");
    auto m = c.models();
    auto mv = c.metricValues("fraud", "auc");
    c.flush();
    c.receive(answer);
    CHECK(v.value().size() == 3);
    CHECK(m.value().size() == 2);
    CHECK(mv.value().size() == 3);
}

TEST_CASE("engine: damaged bytes anywhere never crash either side") {
    Filled f("engine-flip.db");
    storage::Registry& r = f.r;
    engine::Engine e(r);
    std::string request;
    engine::Client probe([&](std::string b) { request = std::move(b); });
    probe.versions("fraud", "author = ana");
    probe.versionsBySeq("fraud", {1, 3});
    probe.metricValuesBetween("auc", 1, 100);
    probe.headline("fraud");
    probe.flush();
    const std::string answer = e.answer(request);
    uint32_t state = 12345;
    auto next = [&state] { return state = state * 1103515245u + 12345u; };
    for (int round = 0; round < 400; ++round) {
        std::string q = request, a = answer;
        size_t qi = next() % q.size(), ai = next() % a.size();
        q[qi] = static_cast<char>(q[qi] ^ (1 + next() % 255));
        a[ai] = static_cast<char>(a[ai] ^ (1 + next() % 255));
        std::string reply = e.answer(q);  // never throws: a refusal or answers
        CHECK(reply.compare(0, 4, "MVRA") == 0);
        engine::Client c([](std::string) {});
        auto p1 = c.versions("fraud", "author = ana");
        auto p2 = c.versionsBySeq("fraud", {1, 3});
        auto p3 = c.metricValuesBetween("auc", 1, 100);
        auto p4 = c.headline("fraud");
        c.flush();
        try {
            c.receive(a);
        } catch (const engine::WireError&) {
        }
        CHECK(c.inFlight() == 0);
        for (bool ready : {p1.ready(), p2.ready(), p3.ready(), p4.ready()}) CHECK(ready);
    }
}

TEST_CASE("engine: a request batch it cannot read is refused whole, with the byte") {
    Filled f("engine-refuse.db");
    storage::Registry& r = f.r;
    engine::Engine e(r);
    std::string request;
    engine::Client c([&](std::string b) { request = std::move(b); });
    auto a = c.versionCount();
    auto b = c.models();
    c.flush();
    std::string damaged = request;
    damaged[4] = 9;  // another protocol version
    c.receive(e.answer(damaged));
    REQUIRE(a.failed());
    CHECK(a.error().find("the engine refused the batch: engine message, byte 4: protocol version 9") == 0);
    CHECK(b.failed());
    CHECK(e.answered() == 0);

    engine::Client d([&](std::string q) { request = std::move(q); });
    auto cut = d.metricNames("fraud");
    d.flush();
    d.receive(e.answer(request.substr(0, request.size() - 2)));
    REQUIRE(cut.failed());
    CHECK(cut.error().find("byte 9: a string of 5 bytes where 4 are left") != std::string::npos);

    CHECK_THROWS_AS(d.receive("MVRA\x01\x07"), engine::WireError);  // a batch never sent
    CHECK_THROWS_WITH(d.receive("HTTP/1.1 200"), Catch::Contains("not a answer batch") || Catch::Contains("byte"));
}

TEST_CASE("engine wire: integers, doubles and strings read back exactly") {
    engine::Writer w;
    const int64_t ints[] = {0, 1, -1, 63, -64, 64, std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()};
    for (int64_t v : ints) w.sint(v);
    w.varint(std::numeric_limits<uint64_t>::max());
    const double doubles[] = {0.0, -0.0, 1e-300, 1e300, std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::quiet_NaN(), 5e-324};
    for (double d : doubles) w.f64(d);
    w.str(std::string("a\0b", 3));
    w.str("");
    std::string bytes = w.take();
    engine::Reader r(bytes);
    for (int64_t v : ints) CHECK(r.sint() == v);
    CHECK(r.varint() == std::numeric_limits<uint64_t>::max());
    for (double d : doubles) {
        double got = r.f64();
        CHECK(std::memcmp(&got, &d, 8) == 0);
    }
    CHECK(r.str() == std::string("a\0b", 3));
    CHECK(r.str().empty());
    CHECK(r.done());

    std::string tooLong(11, '\xff');
    engine::Reader bad(tooLong);
    CHECK_THROWS_WITH(bad.varint(), Catch::Contains("past 64 bits"));
    engine::Reader huge("\xff\xff\xff\xff\x0f" "ab");
    CHECK_THROWS_WITH(huge.count(1), Catch::Contains("byte 0: a count of 4294967295 where 2 bytes are left"));
}

TEST_CASE("engine: a version loads as stored and reads into the manifest the registry loads, curation applied") {
    Linked f("engine-load.db");
    storage::Registry& r = f.r;
    engine::Client& c = f.link.client();
    storage::CurationEdit edit;
    edit.setDescription = true;
    edit.description = "wider, retrained";
    edit.setTags = {{"team", "fraud-ops"}};
    REQUIRE(r.editCuration(core::VersionRef{"fraud", "3"}, edit, "ana").size() == 2);
    auto byAlias = c.load("fraud", "production");
    auto curated = c.load("fraud", "3");
    auto deprecated = c.load("fraud", "1");
    auto absent = c.load("fraud", "99");
    auto kids = c.children("fraud", "2");
    auto none = c.children("churn", "b");
    c.flush();
    f.link.deliver();
    for (const auto* p : {&byAlias, &curated, &deprecated, &absent}) REQUIRE_FALSE(p->failed());
    CHECK_FALSE(absent.value().found);
    for (const auto& [pending, label] : {std::pair{&byAlias, "production"}, {&curated, "3"}, {&deprecated, "1"}}) {
        INFO(label);
        REQUIRE(pending->value().found);
        core::Manifest direct, read;
        REQUIRE(r.load("fraud", label, direct));
        storage::readStoredVersion("fraud", pending->value().version, read);
        CHECK(read.label == direct.label);
        CHECK(read.canonical == direct.canonical);
        CHECK(read.digest == direct.digest);
        CHECK(read.aliasesJson == direct.aliasesJson);
        CHECK(read.aliases == direct.aliases);
        CHECK(read.description == direct.description);
        CHECK(read.tags == direct.tags);
        CHECK(read.deprecated == direct.deprecated);
        CHECK(read.curated == direct.curated);
        CHECK(read.metrics.size() == direct.metrics.size());
        CHECK(read.parent.label == direct.parent.label);
    }
    CHECK(byAlias.value().version.label == "2");
    core::Manifest m;
    storage::readStoredVersion("fraud", curated.value().version, m);
    CHECK(m.description == "wider, retrained");
    CHECK(m.curated);
    CHECK(curated.value().version.log.size() == 2);
    CHECK(curated.value().version.log[0].author == "ana");
    storage::readStoredVersion("fraud", deprecated.value().version, m);
    CHECK(m.deprecated);
    CHECK(kids.value() == r.children("fraud", "2"));
    CHECK_FALSE(kids.value().empty());
    CHECK(none.value().empty());

    // Text that does not read back is a damaged registry, said as the registry says it.
    storage::StoredVersion broken = curated.value().version;
    broken.canonical.resize(broken.canonical.size() / 2);
    CHECK_THROWS_WITH(storage::readStoredVersion("fraud", broken, m), Catch::Contains("stored version fraud@3 does not read back"));
}
