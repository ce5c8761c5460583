// The few browser services the app needs, behind plain functions: downloads, the file picker, the
// clipboard, storage estimates and the write lock between tabs. browser_web.cpp implements them with JS.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mvr::platform {

// Offers bytes as a file download named `name`.
void download(const std::string& name, const std::string& mime, const std::string& bytes);
// Opens the file chooser; chosen files arrive through the app's import queue.
void openFilePicker();
void setClipboard(const std::string& text);
// Bytes used and available to this origin, as last reported by navigator.storage.estimate().
struct StorageInfo {
    double usage = 0;
    double quota = 0;
    bool persisted = false;  // the browser granted persistent storage
};
StorageInfo storageInfo();
// False when another tab holds the registry's write lock (this tab is then read-only).
bool haveWriteLock();
// True when another tab committed since the last call (this tab should reload to see it).
bool otherTabChanged();
// Tells other tabs that this one committed.
void announceCommit();
// Milliseconds since an arbitrary start.
double nowMs();
// Saves and loads a small string (window layout) that survives visits.
void saveSetting(const std::string& key, const std::string& value);
std::string loadSetting(const std::string& key);
// Publishes a labelled rectangle (in CSS pixels) for the end-to-end tests, and the frame's state JSON.
void publishWidget(const std::string& label, float x, float y, float w, float h);
// The frame's state is made into JSON only when the page reads window.mvrState (the tests do, now and then), not
// every frame: `state` is called then, for the last frame published, and must stay valid until the next call.
void publishFrame(std::function<std::string()> state);
void reloadPage();
// True when the browser prefers a dark colour scheme (prefers-color-scheme).
bool prefersDark();
// Opens url (relative to the page) in a new tab.
void openUrl(const std::string& url);
// Sets the URL fragment (without the '#'): push adds a history entry (back/forward), else it replaces.
void setFragment(const std::string& fragment, bool push);
// Compresses a comparison payload into a link, copies it, and reports back through mvr_link_made. options
// (a route fragment such as "d=0", may be empty) follow the payload: "#c=<payload>&d=0".
void makeLink(const std::string& payload, const std::string& options);
// The URL fragment the page was opened with (without the '#'), read before anything could rewrite it.
std::string initialFragment();
// Why nothing can be saved ("" when the browser's storage opened): the app then runs in memory and says so.
std::string storageProblem();
// Which stored records failed their checksum at start-up ("" none): the app opens read-only and says so.
std::string storageDamage();
// Large files are read by the page's parse worker (web/parse-worker.js): start reading file `id` (as the
// page handed it over with mvr_import_external); its packs arrive through mvr_parse_pack, each to be
// acknowledged (the worker keeps only a few unacknowledged); cancel drops the file being read.
void startParse(int id);
void ackParse(int id);
void cancelParse();
// Bytes [offset, offset + len) of the file at url (total bytes long, as first seen) with one HTTP Range request,
// synchronously (a pack read in place: storage::RangeFetch). False with error naming the url, the range and what
// happened: the request failed (network, CORS), an HTTP status other than 206, a changed size, a short read.
bool rangeGet(const std::string& url, uint64_t offset, size_t len, uint64_t total, std::vector<uint8_t>& out,
              std::string& error);

}  // namespace mvr::platform
