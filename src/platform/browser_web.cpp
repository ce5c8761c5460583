// Browser services for the app, written against the page glue (web/host.js is Module.mvrHost).
#include <emscripten.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "platform/browser.hpp"

EM_JS(void, mvr_js_download, (const char* name, const char* mime, const char* data, double len), {
    Module.mvrHost.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + len));
});
EM_JS(void, mvr_js_pick, (), { Module.mvrHost.pickFiles(); });
EM_JS(void, mvr_js_clip, (const char* text), { Module.mvrHost.setClipboard(UTF8ToString(text)); });
EM_JS(double, mvr_js_usage, (int which), {
    const s = Module.mvrHost.storage;
    return which == 0 ? s.usage : which == 1 ? s.quota : (s.persisted ? 1 : 0);
});
EM_JS(int, mvr_js_lock, (), { return Module.mvrHost.haveLock ? 1 : 0; });
EM_JS(int, mvr_js_other_changed, (), {
    const c = Module.mvrHost.otherTabChanged;
    Module.mvrHost.otherTabChanged = false;
    return c ? 1 : 0;
});
EM_JS(void, mvr_js_announce, (), { Module.mvrHost.announceCommit(); });
EM_JS(void, mvr_js_save_setting, (const char* k, const char* v), {
    try { localStorage.setItem('mvr.' + UTF8ToString(k), UTF8ToString(v)); } catch (e) {}
});
EM_JS(char*, mvr_js_load_setting, (const char* k), {
    let v = null;
    try { v = localStorage.getItem('mvr.' + UTF8ToString(k)); } catch (e) {}
    return allocateUTF8(v || "");
});
// A frame's widgets (records of: u32 label length, the label, padding to 4 bytes, 4 floats x y w h; a later one of
// a label wins), fresh = 0 when they are what the previous frame published, kept then. window.mvrState is a getter:
// the frame's state JSON is made (mvr_state_json) and parsed only when it is read after a new frame, so a frame
// that nobody reads (every frame of a pan, say) pays for neither.
EM_JS(void, mvr_js_frame, (int fresh, const char* widgets, double widgetsLen), {
    if (fresh) {
        const out = {};
        const end = widgets + widgetsLen;
        for (let p = widgets; p < end;) {
            const n = HEAPU32[p >> 2];
            const label = UTF8ToString(p + 4, n);
            const f = (p + 4 + n + 3) & ~3;
            out[label] = {x: HEAPF32[f >> 2], y: HEAPF32[(f >> 2) + 1], w: HEAPF32[(f >> 2) + 2], h: HEAPF32[(f >> 2) + 3]};
            p = f + 16;
        }
        window.mvrWidgets = out;
    }
    if (!Module.mvrStateView) {
        const view = Module.mvrStateView = { stale: true, value: null };
        Object.defineProperty(window, 'mvrState', { configurable: true, get() {
            if (view.stale) {
                try {
                    view.value = JSON.parse(UTF8ToString(Module._mvr_state_json()));
                } catch (e) {}  // a module that stopped (a fatal error) keeps its last state
                view.stale = false;
            }
            return view.value;
        } });
    }
    Module.mvrStateView.stale = true;
    // A test that must see every frame's state (an import's progress lines) sets this.
    if (window.mvrEveryFrame) window.mvrEveryFrame(window.mvrState);
    window.mvrFrames = (window.mvrFrames || 0) + 1;
    if (window.mvrFrames === 1) window.mvrFirstFrameAt = performance.now();
});
EM_JS(int, mvr_js_prefers_dark, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});
EM_JS(void, mvr_js_open_url, (const char* url), { window.open(UTF8ToString(url), '_blank', 'noopener'); });
EM_JS(void, mvr_js_reload, (), { location.reload(); });
EM_JS(void, mvr_js_set_fragment, (const char* f, int push), { Module.mvrHost.setFragment(UTF8ToString(f), push != 0); });
EM_JS(void, mvr_js_make_link, (const char* data, double len, const char* options), {
    Module.mvrHost.makeLink(HEAPU8.slice(data, data + len), UTF8ToString(options));
});
EM_JS(char*, mvr_js_initial_fragment, (), { return allocateUTF8(Module.mvrHost.initialFragment || ""); });
EM_JS(char*, mvr_js_storage_problem, (), { return allocateUTF8(Module.mvrHost.storageProblem || ""); });
EM_JS(char*, mvr_js_storage_damage, (), { return allocateUTF8(Module.mvrHost.storageDamage || ""); });
EM_JS(void, mvr_js_start_parse, (int id), { Module.mvrHost.startParse(id); });
EM_JS(void, mvr_js_ack_parse, (int id), { Module.mvrHost.ackParse(id); });
EM_JS(void, mvr_js_cancel_parse, (), { Module.mvrHost.cancelParse(); });
// Bytes [offset, offset + len) of url into out, with a synchronous XMLHttpRequest and a Range header: the app's
// C++ calls the registry synchronously on the main thread, where a sync request cannot set responseType, so the
// body comes as text of one byte per character (x-user-defined). Returns null, or why it failed (malloc'd).
EM_JS(char*, mvr_js_range_get, (const char* urlPtr, double offset, double len, double total, unsigned char* out), {
    const url = UTF8ToString(urlPtr);
    const range = 'bytes ' + offset + '-' + (offset + len - 1);
    const fail = (why) => allocateUTF8(url + ', ' + range + ': ' + why);
    const xhr = new XMLHttpRequest();
    try {
        xhr.open('GET', url, false);
        xhr.setRequestHeader('Range', 'bytes=' + offset + '-' + (offset + len - 1));
        xhr.overrideMimeType('text/plain; charset=x-user-defined');
        xhr.send();
    } catch (e) {
        return fail('the request failed (' + (e.name || 'error') + '): the network is off, the host is down, or it no longer ' +
                    'lets this page read the file');
    }
    if (xhr.status === 200)
        return fail('the host answered with the whole file (HTTP 200) instead of the range: it no longer honours Range requests');
    if (xhr.status !== 206) return fail('the host answered HTTP ' + xhr.status + (xhr.statusText ? ' ' + xhr.statusText : ""));
    const cr = xhr.getResponseHeader('Content-Range');
    // "bytes FIRST-LAST/TOTAL" (unreadable when the host does not expose it to other sites: then unchecked)
    if (cr) {
        const parts = cr.trim().replace("bytes ", "").split('/');
        const first = Number(parts[0].split('-')[0]);
        if (parts.length === 2 && parts[1] !== '*' && Number(parts[1]) !== total)
            return fail('the file is now ' + parts[1] + ' bytes, not ' + total + ': it changed on its host since it was opened');
        if (first !== offset) return fail('the host sent the range "' + cr + '", not the one asked for');
    }
    const text = xhr.responseText;
    if (text.length !== len) return fail('the host sent ' + text.length + ' bytes of the ' + len + ' asked for (a short read)');
    const heap = HEAPU8;
    for (let i = 0; i < len; i++) heap[out + i] = text.charCodeAt(i) & 0xff;
    return 0;
});

namespace mvr::platform {

void download(const std::string& name, const std::string& mime, const std::string& bytes) {
    mvr_js_download(name.c_str(), mime.c_str(), bytes.data(), static_cast<double>(bytes.size()));
}
void openFilePicker() { mvr_js_pick(); }
void setClipboard(const std::string& text) { mvr_js_clip(text.c_str()); }
StorageInfo storageInfo() { return StorageInfo{mvr_js_usage(0), mvr_js_usage(1), mvr_js_usage(2) != 0}; }
bool haveWriteLock() { return mvr_js_lock() != 0; }
bool otherTabChanged() { return mvr_js_other_changed() != 0; }
void announceCommit() { mvr_js_announce(); }
double nowMs() { return emscripten_get_now(); }
void saveSetting(const std::string& key, const std::string& value) { mvr_js_save_setting(key.c_str(), value.c_str()); }
std::string loadSetting(const std::string& key) {
    char* v = mvr_js_load_setting(key.c_str());
    std::string out = v;
    free(v);
    return out;
}
// What tests and tools read of a frame (window.mvrWidgets, window.mvrState), handed over once a frame and only when
// it changed: a frame that pans a chart moves no widget, and a frame while hovering often changes nothing.
namespace {
std::vector<char> g_widgets, g_lastWidgets;  // malloc'd: aligned for the u32 and f32 reads
std::function<std::string()> g_state;
std::string g_stateJson;
bool g_published = false;
}  // namespace

// The last published frame's state as JSON, for the window.mvrState getter (mvr_js_frame).
extern "C" EMSCRIPTEN_KEEPALIVE const char* mvr_state_json() {
    g_stateJson = g_state ? g_state() : std::string("null");
    return g_stateJson.c_str();
}

void publishWidget(const std::string& label, float x, float y, float w, float h) {
    const uint32_t n = static_cast<uint32_t>(label.size());
    const float box[4] = {x, y, w, h};
    const char* at = reinterpret_cast<const char*>(&n);
    g_widgets.insert(g_widgets.end(), at, at + 4);
    g_widgets.insert(g_widgets.end(), label.begin(), label.end());
    g_widgets.resize(g_widgets.size() + (4 - label.size() % 4) % 4, 0);
    at = reinterpret_cast<const char*>(box);
    g_widgets.insert(g_widgets.end(), at, at + sizeof box);
}
void publishFrame(std::function<std::string()> state) {
    const bool widgets = !g_published || g_widgets != g_lastWidgets;
    g_state = std::move(state);
    mvr_js_frame(widgets ? 1 : 0, g_widgets.data(), static_cast<double>(g_widgets.size()));
    g_published = true;
    std::swap(g_widgets, g_lastWidgets);
    g_widgets.clear();
}
void reloadPage() { mvr_js_reload(); }
void openUrl(const std::string& url) { mvr_js_open_url(url.c_str()); }
bool prefersDark() { return mvr_js_prefers_dark() != 0; }
void setFragment(const std::string& fragment, bool push) { mvr_js_set_fragment(fragment.c_str(), push ? 1 : 0); }
void makeLink(const std::string& payload, const std::string& options) {
    mvr_js_make_link(payload.data(), static_cast<double>(payload.size()), options.c_str());
}
std::string initialFragment() {
    char* v = mvr_js_initial_fragment();
    std::string out = v;
    free(v);
    return out;
}
std::string storageProblem() {
    char* v = mvr_js_storage_problem();
    std::string out = v;
    free(v);
    return out;
}
std::string storageDamage() {
    char* v = mvr_js_storage_damage();
    std::string out = v;
    free(v);
    return out;
}
bool rangeGet(const std::string& url, uint64_t offset, size_t len, uint64_t total, std::vector<uint8_t>& out,
              std::string& error) {
    out.resize(len);
    char* why = mvr_js_range_get(url.c_str(), static_cast<double>(offset), static_cast<double>(len),
                                 static_cast<double>(total), out.data());
    if (!why) return true;
    error = why;
    free(why);
    out.clear();
    return false;
}
void startParse(int id) { mvr_js_start_parse(id); }
void ackParse(int id) { mvr_js_ack_parse(id); }
void cancelParse() { mvr_js_cancel_parse(); }

}  // namespace mvr::platform
