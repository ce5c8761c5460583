// The app's logic without a screen: routes (URL fragments) both ways, the route the URL asks for winning over
// the default model, exports taking what is on screen (a hosted registry or a link view, not the user's own),
// and what clearing the user's registry would delete.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "app/workspace.hpp"
#include "core/document.hpp"
#include "ops/file_import.hpp"
#include "storage/pack.hpp"
#include "storage/range_vfs.hpp"
#include "test_support.hpp"

using namespace mvr;
using app::ExportScope;
using app::Route;
using app::Workspace;

namespace {

void importText(storage::Registry& r, const std::string& text) {
    auto s = r.beginImport();
    storage::FileReport rep = mvr::ops::importText(*s, "t.json", text);
    INFO(mvr::test::dump(rep.problems));
    REQUIRE(s->commit());
}

const char* kOwn =
    "[{\"model\":\"own-a\",\"version\":1},{\"model\":\"own-a\",\"version\":2},{\"model\":\"own-b\",\"version\":1}]";
const char* kHosted =
    "[{\"model\":\"hosted-x\",\"version\":1,\"metrics\":{\"auc\":0.5}},{\"model\":\"hosted-x\",\"version\":2},"
    "{\"model\":\"hosted-y\",\"version\":\"v1\"}]";

std::unique_ptr<Workspace> workspace(const char* own = kOwn) {
    auto w = std::make_unique<Workspace>(std::make_unique<storage::Registry>(":memory:"), false);
    if (own) importText(w->own(), own);
    return w;
}

size_t versionsIn(const std::string& exported) {
    size_t n = 0;
    core::Diagnostics d;
    core::readManifests(exported, "export", d, [&](core::Manifest&&) { ++n; });
    INFO(mvr::test::dump(d.items()));
    CHECK(d.empty());
    return n;
}

}  // namespace

TEST_CASE("workspace: routes round-trip through fragments") {
    Route r;
    r.model = "fraud detector/gbm";
    r.versions = {"7", "1.4.0", "a,b"};
    r.focused = "1.4.0";
    r.onlyDifferences = false;
    r.filter = "metrics.auc > 0.9 and tags.team = nlp";
    std::string f = app::formatRoute(r);
    CHECK(f.find("d=0") != std::string::npos);
    CHECK(app::parseRoute(f) == r);
    CHECK(app::parseRoute("#" + f) == r);
    // Defaults are left out; unknown keys are ignored.
    CHECK(app::formatRoute(Route{}).empty());
    Route plain = app::parseRoute("m=x&zz=1&v=1,2");
    CHECK(plain.model == "x");
    CHECK(plain.versions == std::vector<std::string>{"1", "2"});
    CHECK(plain.onlyDifferences);
    CHECK(app::parseRoute("m=fraud-detector-gbm&v=7,8&focus=8").focused == "8");
}

TEST_CASE("workspace: the URL's route wins over the default model, now or once its model arrives") {
    auto w = workspace();
    // At start-up with data: the route applies at once and the default does not replace it.
    w->requestRoute(app::parseRoute("m=own-b&v=1&focus=1&d=0"));
    CHECK_FALSE(w->routePending());
    w->selectDefaultModel();
    CHECK(w->selection().model == "own-b");
    CHECK(w->selection().versions == std::vector<std::string>{"1"});
    CHECK(w->selection().focused == "1");
    CHECK_FALSE(w->appliedRoute().onlyDifferences);
    CHECK(app::formatRoute(w->currentRoute(false, "")) == "m=own-b&v=1&d=0&focus=1");

    // A model that is not there yet: pending, the default model is not chosen meanwhile, and the route
    // applies once an import brings the model.
    auto later = workspace(nullptr);
    later->requestRoute(app::parseRoute("m=own-a&v=1,2"));
    CHECK(later->routePending());
    later->selectDefaultModel();
    CHECK(later->selection().model.empty());
    importText(later->own(), kOwn);
    later->selectDefaultModel();
    CHECK(later->selection().model.empty());
    CHECK(later->retryPendingRoute());
    CHECK(later->selection().model == "own-a");
    CHECK(later->selection().versions == std::vector<std::string>{"1", "2"});

    // No route: the first model.
    auto plain = workspace();
    plain->selectDefaultModel();
    CHECK(plain->selection().model == "own-a");
}

TEST_CASE("workspace: exports take what is on screen, whichever registry that is") {
    auto w = workspace();
    const uint64_t own = w->screenGeneration();
    storage::Registry& view = w->openView("https://example.org/registry.json", false);
    // Another registry on screen: what holds the last one (the App's engine link) can tell.
    const uint64_t viewed = w->screenGeneration();
    CHECK(viewed != own);
    importText(view, kHosted);
    REQUIRE(w->viewing());
    w->selection().set("hosted-x", {"2"});
    // The model on screen is not in the user's registry: its export still works, from the view.
    std::string model = w->exportOnScreen(ExportScope::Model);
    CHECK(versionsIn(model) == 2);
    CHECK(model.find("hosted-x") != std::string::npos);
    CHECK(model.find("own-a") == std::string::npos);
    std::string ticked = w->exportOnScreen(ExportScope::Ticked);
    CHECK(versionsIn(ticked) == 1);
    size_t counted = 0;
    std::string whole = w->exportOnScreen(ExportScope::Registry, &counted);
    CHECK(counted == versionsIn(whole));
    CHECK(counted > 0);
    CHECK(versionsIn(whole) == 3);
    CHECK(whole.find("own-a") == std::string::npos);
    CHECK(w->exportFileName(ExportScope::Model) == "hosted-x.mvr.json");

    // With the user's registry empty, a view's whole export is still the 3 versions on screen.
    auto empty = workspace(nullptr);
    importText(empty->openView("link", true), kHosted);
    CHECK(versionsIn(empty->exportOnScreen(ExportScope::Registry)) == 3);

    // Back to the user's registry: exports are the user's again.
    w->closeView();
    CHECK_FALSE(w->viewing());
    CHECK(w->screenGeneration() != viewed);
    const uint64_t back = w->screenGeneration();
    w->closeView();  // nothing open: the registry on screen stays the same
    CHECK(w->screenGeneration() == back);
    CHECK(versionsIn(w->exportOnScreen(ExportScope::Registry)) == 3);
    CHECK(w->exportOnScreen(ExportScope::Registry).find("own-b") != std::string::npos);
    // Nothing selected: nothing to export for a model or ticked versions.
    CHECK(w->exportOnScreen(ExportScope::Model).empty());
    CHECK(w->exportOnScreen(ExportScope::Ticked).empty());
}

TEST_CASE("workspace: a pack opens as a read-only view through its reader, and what is not one is refused by name") {
    test::TempPath src("ws-src.db"), pack("ws.mvr"), other("ws-other.db");
    {
        storage::Registry r(src.str());
        importText(r, kHosted);
    }
    storage::PackOptions opt;
    storage::packRegistry(src.str(), pack.str(), opt);
    storage::RangeFetch fetch;
    uint64_t size = 0;
    std::string err;
    REQUIRE(storage::preadFetch(pack.str(), fetch, size, err));

    auto w = workspace();
    storage::Registry& view = w->openPackView("https://host.example/reg.mvr",
                                              std::make_unique<storage::RangeReader>(size, fetch, 4096));
    REQUIRE(w->viewing());
    CHECK_FALSE(w->viewIsLink());
    CHECK(w->readOnly());
    REQUIRE(w->viewReader() != nullptr);
    CHECK(view.versionCount() == 3);
    CHECK(view.models().size() == 2);
    uint64_t requests = w->viewReader()->stats().requests;
    CHECK(requests > 0);
    CHECK(w->viewReader()->stats().bytes < size);
    core::Manifest m;
    REQUIRE(view.load("hosted-x", "1", m));
    CHECK(w->viewReader()->stats().requests > requests);
    CHECK_THROWS(view.setAlias("hosted-x", "prod", "1"));  // read-only
    // Exports read the pack like any registry.
    CHECK(versionsIn(w->exportOnScreen(ExportScope::Registry)) == 3);
    w->closeView();
    CHECK(w->viewReader() == nullptr);
    CHECK(versionsIn(w->exportOnScreen(ExportScope::Registry)) == 3);  // the user's own again
    CHECK(w->exportOnScreen(ExportScope::Registry).find("own-b") != std::string::npos);

    // An SQLite file that is not a registry: refused, naming the file; the user's registry stays on screen.
    {
        storage::Connection c(other.str());
        c.exec("CREATE TABLE t(x)");
    }
    REQUIRE(storage::preadFetch(other.str(), fetch, size, err));
    try {
        w->openPackView("https://host.example/other.db", std::make_unique<storage::RangeReader>(size, fetch, 4096));
        FAIL("an SQLite file without mvr's schema opened");
    } catch (const storage::StorageError& e) {
        CHECK(std::string(e.what()).find("https://host.example/other.db is an SQLite file but not an mvr registry") == 0);
    }
    CHECK_FALSE(w->viewing());

    // A fetch that fails: the reader's reason, named with the file.
    storage::RangeFetch broken = [](uint64_t, size_t, std::vector<uint8_t>&, std::string& why) {
        why = "GET bytes 0-4095: HTTP 503 Service Unavailable";
        return false;
    };
    try {
        w->openPackView("https://host.example/down.mvr", std::make_unique<storage::RangeReader>(8192, broken, 4096));
        FAIL("a pack whose reads fail opened");
    } catch (const storage::StorageError& e) {
        CHECK(std::string(e.what()) == "https://host.example/down.mvr cannot be read: GET bytes 0-4095: HTTP 503 Service Unavailable");
    }
    CHECK_FALSE(w->viewing());
    // The VFS is free again: another pack opens after the failures.
    REQUIRE(storage::preadFetch(pack.str(), fetch, size, err));
    CHECK(w->openPackView("again", std::make_unique<storage::RangeReader>(size, fetch, 4096)).versionCount() == 3);
}

TEST_CASE("workspace: clearing says what goes, and clears only the user's registry") {
    auto w = workspace();
    app::Contents c = w->ownContents();
    CHECK(c.versions == 3);
    CHECK(c.models == 2);
    importText(w->openView("hosted", false), kHosted);
    w->clearOwn();
    CHECK(w->ownContents().versions == 0);
    CHECK(w->ownContents().models == 0);
    CHECK(w->onScreen().versionCount() == 3);  // the view is untouched
    w->closeView();
    CHECK(w->onScreen().versionCount() == 0);
}
