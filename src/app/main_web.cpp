// The browser entry point: WebGL2 context, Dear ImGui with our renderer, keyboard/mouse/text/clipboard
// input from the canvas, canvas sizing that follows the window and the device pixel ratio, the main loop,
// and the functions the page glue (web/*.js, entry web/boot.js) calls to hand over files.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "app/chart_gpu.hpp"
#include "app/renderer.hpp"
#include "app/theme.hpp"
#include "core/blake2b.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "importers/importers.hpp"
#include "platform/browser.hpp"
#include "platform/persist.hpp"
#include "storage/page_vfs.hpp"

namespace {

struct Runtime {
    std::unique_ptr<mvr::platform::Persistence> persistence;
    std::unique_ptr<mvr::app::App> app;
    mvr::app::Renderer renderer;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    double dpr = 1.0;
    float fontScaleBuilt = 0;
    std::string clipboard;
    uint64_t drawn = 0;         // signature of what the canvas shows (0: nothing valid)
    double drawnAt = 0;         // when it was drawn
    bool inputSinceDraw = false;
    // A lost WebGL context (the GPU process restarted, a driver update, too many contexts in the browser): nothing
    // is drawn until the browser restores it; then every GL object is made again and the whole frame drawn.
    bool contextLost = false, contextRestored = false;
    double contextLostAt = 0;
    int contextLosses = 0, contextRestores = 0;
};
Runtime* g = nullptr;

const char* kCanvas = "#canvas";

ImGuiKey keyFromCode(const char* code) {
    std::string c = code;
    if (c.size() == 4 && c.rfind("Key", 0) == 0 && c[3] >= 'A' && c[3] <= 'Z') return static_cast<ImGuiKey>(ImGuiKey_A + (c[3] - 'A'));
    if (c.size() == 6 && c.rfind("Digit", 0) == 0) return static_cast<ImGuiKey>(ImGuiKey_0 + (c[5] - '0'));
    static const struct { const char* code; ImGuiKey key; } map[] = {
        {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
        {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"Insert", ImGuiKey_Insert},
        {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace}, {"Space", ImGuiKey_Space},
        {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape},
        {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl}, {"ShiftLeft", ImGuiKey_LeftShift},
        {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
        {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2},
        {"Minus", ImGuiKey_Minus}, {"Equal", ImGuiKey_Equal}, {"Period", ImGuiKey_Period}, {"Comma", ImGuiKey_Comma},
        {"Slash", ImGuiKey_Slash}, {"Semicolon", ImGuiKey_Semicolon}, {"Quote", ImGuiKey_Apostrophe},
        {"BracketLeft", ImGuiKey_LeftBracket}, {"BracketRight", ImGuiKey_RightBracket}, {"Backslash", ImGuiKey_Backslash}};
    for (const auto& m : map)
        if (c == m.code) return m.key;
    return ImGuiKey_None;
}

void updateMods(bool ctrl, bool shift, bool alt, bool meta) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl || meta);  // Cmd on macOS acts as Ctrl for shortcuts
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

EM_BOOL onKey(int type, const EmscriptenKeyboardEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    g->inputSinceDraw = true;
    updateMods(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    bool shortcut = e->ctrlKey || e->metaKey;
    std::string key = e->key;
    // Ctrl+V: let the browser deliver a paste event (it carries the clipboard text); the glue then calls
    // mvr_paste, which sets the text and presses Ctrl+V for ImGui. Ctrl+C/X: ImGui copies, the glue
    // writes the browser clipboard.
    if (shortcut && (key == "v" || key == "V")) return EM_FALSE;
    ImGuiKey k = keyFromCode(e->code);
    // A printable character: e->key is its UTF-8 text (named keys like "Enter" are longer words).
    const unsigned char* s = reinterpret_cast<const unsigned char*>(e->key);
    size_t len = std::strlen(e->key);
    bool printable = !shortcut && len > 0 && s[0] >= 0x20 &&
                     (len == 1 || (len <= 4 && (s[0] & 0x80) && len == static_cast<size_t>((s[0] >= 0xF0) ? 4 : (s[0] >= 0xE0) ? 3 : 2)));
    // While a text field has the keyboard, a printable key is only its character: ImGui handles a frame's
    // characters together, but a key going down or up makes it leave the rest of the queue to the next
    // frame (its trickling, which keeps fast clicks apart), so typed text would come one character a frame.
    // io.WantTextInput lags a frame behind a field just activated (Ctrl+F, Tab, a click), so the active
    // field itself is asked too: keys typed right after it took the keyboard are text as well.
    const ImGuiContext& ctx = *ImGui::GetCurrentContext();
    bool typing = io.WantTextInput || (ctx.ActiveId != 0 && ctx.ActiveId == ctx.InputTextState.ID);
    bool charOnly = printable && typing;
    if (k != ImGuiKey_None && !charOnly) io.AddKeyEvent(k, down);
    if (down && printable) io.AddInputCharactersUTF8(e->key);
    // Keep the browser from acting on keys the app uses (Tab focus moves, Backspace, arrows scrolling,
    // Ctrl+A selecting the page), but let Ctrl+C/X through so the copy event fires.
    if (shortcut && (key == "c" || key == "x" || key == "C" || key == "X")) return EM_FALSE;
    if (key == "F5" || key == "F12" || (shortcut && (key == "r" || key == "R"))) return EM_FALSE;
    return io.WantCaptureKeyboard || k == ImGuiKey_Tab || k == ImGuiKey_Backspace || shortcut ? EM_TRUE : EM_FALSE;
}

EM_BOOL onMouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    g->inputSinceDraw = true;
    updateMods(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN || type == EMSCRIPTEN_EVENT_MOUSEUP) {
        int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
        if (button >= 0) io.AddMouseButtonEvent(button, type == EMSCRIPTEN_EVENT_MOUSEDOWN);
    }
    return EM_TRUE;
}

EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void*) {
    g->inputSinceDraw = true;
    float scale = e->deltaMode == DOM_DELTA_LINE ? 1.0f : e->deltaMode == DOM_DELTA_PAGE ? 10.0f : 1.0f / 100.0f;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX) * scale, static_cast<float>(-e->deltaY) * scale);
    return EM_TRUE;
}

EM_BOOL onFocus(int type, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    return EM_FALSE;
}

// Sizes the canvas to the window in CSS pixels, its drawing buffer to device pixels.
void resizeCanvas() {
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    double dpr = emscripten_get_device_pixel_ratio();
    if (dpr <= 0) dpr = 1;
    emscripten_set_canvas_element_size(kCanvas, static_cast<int>(std::lround(w * dpr)), static_cast<int>(std::lround(h * dpr)));
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(dpr), static_cast<float>(dpr));
    g->dpr = dpr;
    g->drawn = 0;  // setting the canvas size clears it
}

EM_BOOL onResize(int, const EmscriptenUiEvent*, void*) {
    resizeCanvas();
    return EM_FALSE;
}

// The font is rasterised at the device pixel ratio, then scaled back: crisp text on high-DPI screens.
void buildFonts() {
    ImGuiIO& io = ImGui::GetIO();
    float scale = static_cast<float>(g->dpr);
    if (scale == g->fontScaleBuilt) return;
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0100, 0x024F, 0x0370, 0x03FF, 0x0400, 0x04FF, 0x2010, 0x205E,
                                     0x2190, 0x21FF, 0x2200, 0x22FF, 0x2500, 0x25FF, 0x2713, 0x2713, 0x2717, 0x2717, 0};
    FILE* f = std::fopen("/fonts/ui.ttf", "rb");
    if (f) {
        std::fclose(f);
        io.Fonts->AddFontFromFileTTF("/fonts/ui.ttf", 15.0f * scale, &cfg, ranges);
    } else {
        cfg.SizePixels = 13.0f * scale;
        io.Fonts->AddFontDefault(&cfg);
    }
    io.FontGlobalScale = 1.0f / scale;
    g->renderer.createFontTexture();
    g->fontScaleBuilt = scale;
}

// The CPU time of each frame (UI + draw submission) goes to window.mvrFrameTimes for benchmarks, and the
// number of frames actually drawn to window.mvrFramesDrawn.
EM_JS(void, mvr_js_frame_time, (double ms, int drewIt), {
    const t = window.mvrFrameTimes || (window.mvrFrameTimes = []);
    t.push(ms);
    if (t.length > 2000) t.splice(0, t.length - 2000);
    if (drewIt) window.mvrFramesDrawn = (window.mvrFramesDrawn || 0) + 1;
});

// The canvas's CSS cursor follows ImGui's (resize arrows over splitters and column borders, a text cursor
// over input fields).
EM_JS(void, mvr_js_set_cursor, (const char* name), {
    const c = document.getElementById('canvas');
    if (c) c.style.cursor = UTF8ToString(name);
});

void updateCursor() {
    static int shown = -2;
    int c = ImGui::GetMouseCursor();
    if (c == shown) return;
    shown = c;
    const char* css = "default";
    switch (c) {
    case ImGuiMouseCursor_None: css = "none"; break;
    case ImGuiMouseCursor_TextInput: css = "text"; break;
    case ImGuiMouseCursor_ResizeAll: css = "move"; break;
    case ImGuiMouseCursor_ResizeNS: css = "ns-resize"; break;
    case ImGuiMouseCursor_ResizeEW: css = "ew-resize"; break;
    case ImGuiMouseCursor_ResizeNESW: css = "nesw-resize"; break;
    case ImGuiMouseCursor_ResizeNWSE: css = "nwse-resize"; break;
    case ImGuiMouseCursor_Hand: css = "pointer"; break;
    case ImGuiMouseCursor_NotAllowed: css = "not-allowed"; break;
    default: break;
    }
    mvr_js_set_cursor(css);
}

// While an import runs, the progress bar changes every frame; redrawing it (and having the browser
// composite the canvas) costs the import a third of its time where the canvas is read back for a software
// compositor (headless Chromium, machines without GPU acceleration). So during an import the canvas is
// drawn a few times a second, or at once after input; otherwise whenever what it would show changes.
constexpr double kBusyRedrawMs = 200;

// For tests (web/tests/panels.e2e.mjs): whether the context is lost, and how often it was lost and restored.
EM_JS(void, mvr_js_gl_state, (int lost, int losses, int restores), {
    window.mvrGl = {lost: lost !== 0, losses: losses, restores: restores};
});
// A lost context that the browser has not restored after this long is said, not left as a blank canvas.
constexpr double kContextLostNoticeMs = 5000;

EM_BOOL onContextLost(int, const void*, void*) {
    g->contextLost = true;
    g->contextLostAt = emscripten_get_now();
    ++g->contextLosses;
    mvr_js_gl_state(1, g->contextLosses, g->contextRestores);
    return EM_TRUE;  // the event's default prevented: the browser may then restore the context
}
EM_BOOL onContextRestored(int, const void*, void*) {
    g->contextRestored = true;
    return EM_TRUE;
}

void frame() {
    double t0 = emscripten_get_now();
    if (g->contextRestored) {
        // The restored context holds none of the old objects: programs, buffers, the font and the charts' textures
        // are made again, and the next frame is drawn whole.
        g->contextRestored = false;
        g->contextLost = false;
        if (!g->renderer.recreate())
            EM_ASM({ Module.mvrHost.fatal("The browser gave mvr's graphics context (WebGL) back, but mvr could not draw with it again. Reload the page: every change that was saved is kept."); });
        g->drawn = 0;
        ++g->contextRestores;
        mvr_js_gl_state(0, g->contextLosses, g->contextRestores);
    } else if (g->contextLost && g->contextLostAt > 0 && emscripten_get_now() - g->contextLostAt > kContextLostNoticeMs) {
        g->contextLostAt = 0;  // said once
        EM_ASM({ Module.mvrHost.fatal("The browser took away mvr's graphics context (WebGL) and has not given it back. Reload the page: every change that was saved is kept."); });
    }
    ImGuiIO& io = ImGui::GetIO();
    static double last = emscripten_get_now();
    double now = emscripten_get_now();
    io.DeltaTime = static_cast<float>(std::max(1e-4, (now - last) / 1000.0));
    last = now;
    buildFonts();
    ImGui::NewFrame();
    mvr::app::ChartGpu::get().beginFrame();
    // The outer error boundary: panels have their own (App::guarded); anything else that throws is shown
    // and ImGui's stacks are unwound, so the frame ends and the canvas never freezes.
    try {
        g->app->frame();
    } catch (const std::exception& e) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        g->app->actionFailed("The last action", e.what());
    } catch (...) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        g->app->actionFailed("The last action", "unknown error");
    }
    ImGui::Render();
    updateCursor();
    ImDrawData* dd = ImGui::GetDrawData();
    // An unchanged frame is not drawn: the canvas keeps showing it, and an idle tab costs nothing.
    uint64_t sig = g->renderer.signature(dd);
    if (sig == 0) sig = 1;
    bool held = g->app->importing() && !g->inputSinceDraw && now - g->drawnAt < kBusyRedrawMs;
    bool drawIt = sig != g->drawn && !held && !g->contextLost;
    if (drawIt) {
        g->renderer.render(dd, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
        g->drawn = sig;
        g->drawnAt = now;
        g->inputSinceDraw = false;
    }
    mvr_js_frame_time(emscripten_get_now() - t0, drawIt ? 1 : 0);
}

const char* getClipboard(void*) { return g->clipboard.c_str(); }
void setClipboard(void*, const char* text) {
    g->clipboard = text;
    mvr::platform::setClipboard(text);
}

}  // namespace

extern "C" {

// A file the user chose, dropped or that the page fetched (the bundled example); bytes are copied.
EMSCRIPTEN_KEEPALIVE void mvr_import_file(const char* name, const char* data, double len, int example) {
    if (g && g->app) g->app->queueImport(name, std::string(data, static_cast<size_t>(len)), example != 0);
}

// The browser's paste event: the text becomes ImGui's clipboard and Ctrl+V is pressed for it.
EMSCRIPTEN_KEEPALIVE void mvr_paste(const char* text) {
    if (!g) return;
    g->clipboard = text;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
}

// A large file (at least 4 MB: the page decides): 1 when its start shows mvr's own format, so that the page's
// parse worker can read it (mvr_import_external); 0 when the whole file must come through mvr_import_file.
EMSCRIPTEN_KEEPALIVE int mvr_starts_as_mvr(const char* name, const char* head, double len) {
    return mvr::importers::startsAsMvr(name, std::string_view(head, static_cast<size_t>(len))) ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE void mvr_import_external(const char* name, double size, int id) {
    if (g && g->app) g->app->importPanel().enqueueExternal(name, static_cast<size_t>(size), id);
}
// The parse worker's packs (copied) and failures, for the file the import panel asked it to read.
EMSCRIPTEN_KEEPALIVE void mvr_parse_pack(int id, const char* data, double len, double offset, int done, int clean,
                                         double dropped) {
    if (g && g->app)
        g->app->importPanel().parsePack(id, std::string(data, static_cast<size_t>(len)), offset, done != 0, clean != 0,
                                        static_cast<size_t>(dropped));
}
EMSCRIPTEN_KEEPALIVE void mvr_parse_failed(int id, const char* message) {
    if (g && g->app) g->app->importPanel().parseFailed(id, message);
}

// ?registry=URL: the page fetched the file; it opens as a view (the user's registry is untouched).
EMSCRIPTEN_KEEPALIVE void mvr_open_remote(const char* url, const char* data, double len) {
    if (g && g->app) g->app->openRemote(url, std::string(data, static_cast<size_t>(len)));
}
EMSCRIPTEN_KEEPALIVE void mvr_remote_error(const char* message) {
    if (g && g->app) g->app->remoteError(message);
}
// ?registry=URL of a pack on a host that honours Range requests (the page's probe said so): read in place, each
// page as the views need it, with synchronous Range requests. size: the file's bytes (from Content-Range).
EMSCRIPTEN_KEEPALIVE void mvr_open_pack(const char* url, double size, int pageSize) {
    if (g && g->app) g->app->openPack(url, static_cast<uint64_t>(size), pageSize);
}
// Why the hosted registry was opened the way it was (a pack its host gave whole), shown with the view.
EMSCRIPTEN_KEEPALIVE void mvr_remote_note(const char* message) {
    if (g && g->app) g->app->remoteNote(message);
}
// #c=...: the page decompressed a comparison link into its payload.
EMSCRIPTEN_KEEPALIVE void mvr_open_link(const char* options, const char* data, double len) {
    if (g && g->app) g->app->openLink(std::string(data, static_cast<size_t>(len)), options);
}
EMSCRIPTEN_KEEPALIVE void mvr_link_made(const char* url, int tooLong) {
    if (g && g->app) g->app->linkMade(url, tooLong != 0);
}
// Back, forward, or a fragment typed into the address bar.
EMSCRIPTEN_KEEPALIVE void mvr_apply_fragment(const char* fragment) {
    if (g && g->app) g->app->applyFragment(fragment);
}

// For the end-to-end tests of the error boundary: the next export throws this message.
EMSCRIPTEN_KEEPALIVE void mvr_fail_next_export(const char* message) {
    if (g && g->app) g->app->failNextExport(message);
}

// For the tests of partial redraws: the next frame is drawn whole; and the share of the canvas the last drawn
// frame drew (1 for a whole frame).
EMSCRIPTEN_KEEPALIVE void mvr_redraw_whole() {
    if (!g) return;
    g->renderer.drawWholeNext();
    g->drawn = 0;
}
EMSCRIPTEN_KEEPALIVE double mvr_last_damage_share() {
    if (!g) return 0;
    const float* d = g->renderer.lastDamage();
    int w = 0, h = 0;
    emscripten_webgl_get_drawing_buffer_size(g->gl, &w, &h);
    return w > 0 && h > 0 ? static_cast<double>(d[2] - d[0]) * (d[3] - d[1]) / (static_cast<double>(w) * h) : 0;
}

// For benchmarks: tick the first n versions of the selected model.
EMSCRIPTEN_KEEPALIVE void mvr_select_first(int n) {
    if (g && g->app) g->app->selectFirst(static_cast<size_t>(n));
}

EMSCRIPTEN_KEEPALIVE int mvr_version_count() { return g && g->app ? static_cast<int>(g->app->registry().versionCount()) : -1; }

// For the fault tests: the BLAKE2b-256 of the whole registry's export (what "Export > Registry" would download,
// without making the file), and SQLite's integrity check. The returned text lives until the next call.
EMSCRIPTEN_KEEPALIVE const char* mvr_export_digest() {
    static std::string out;
    out.clear();
    if (!g || !g->app) return "";
    mvr::core::Blake2b h;
    g->app->registry().exportTo(mvr::storage::ExportSelection{}, [&](std::string_view part) { h.update(part); });
    uint8_t d[32];
    h.finish(d);
    out = mvr::core::toHex(d, sizeof d);
    return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* mvr_integrity_check() {
    static std::string out;
    out = g && g->app ? g->app->registry().integrityCheck() : "";
    return out.c_str();
}

}

int main(int argc, char** argv) {
    bool readOnly = argc > 1 && std::string(argv[1]) == "--read-only";
    g = new Runtime();
    EmscriptenWebGLContextAttributes attr;
    emscripten_webgl_init_context_attributes(&attr);
    attr.majorVersion = 2;
    attr.minorVersion = 0;
    attr.alpha = false;
    attr.antialias = false;
    attr.premultipliedAlpha = false;
    // The canvas keeps what was drawn: a frame draws again only where it differs from the last (Renderer::render).
    attr.preserveDrawingBuffer = true;
    g->gl = emscripten_webgl_create_context(kCanvas, &attr);
    if (g->gl <= 0) {
        EM_ASM({ Module.mvrHost.fatal("This browser cannot create a WebGL2 context, which mvr needs to draw."); });
        return 1;
    }
    emscripten_webgl_make_context_current(g->gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout goes to localStorage instead
    io.IniSavingRate = 0.25f;  // table column settings saved a quarter second after they change
    // No ImGui keyboard navigation: the arrows, Space and Enter are the app's (App::shortcuts,
    // VersionsPanel::keyboard), and nav would move a second highlight over the widgets and activate them.
    // The filter is focused by activating it (VersionsPanel::draw), which works without nav.
    io.BackendPlatformName = "mvr-emscripten";
    io.BackendRendererName = "mvr-webgl2";
    io.GetClipboardTextFn = getClipboard;
    io.SetClipboardTextFn = setClipboard;
    std::string layout = mvr::platform::loadSetting("layout");
    if (!layout.empty()) ImGui::LoadIniSettingsFromMemory(layout.c_str(), layout.size());
    // Light or dark: the user's choice (View > Theme), else what the browser prefers.
    mvr::app::ui::applyTheme(mvr::app::ui::parseThemeChoice(mvr::platform::loadSetting("theme").c_str()), mvr::platform::prefersDark());
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4;
    style.FrameRounding = 3;
    style.CellPadding = ImVec2(6, 3);

    if (!g->renderer.init()) return 1;
    resizeCanvas();

    g->persistence = mvr::platform::Persistence::open("mvr");
    mvr::storage::registerPageVfs("mvr-pages", &g->persistence->store(), g->persistence.get());
    try {
        g->app = std::make_unique<mvr::app::App>(*g->persistence, readOnly, mvr::platform::initialFragment());
    } catch (const std::exception& e) {
        EM_ASM({ Module.mvrHost.fatal(UTF8ToString($0)); }, (std::string("The registry could not be opened: ") + e.what()).c_str());
        return 1;
    }

    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onKey);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onKey);
    emscripten_set_mousedown_callback(kCanvas, nullptr, true, onMouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onMouse);
    emscripten_set_mousemove_callback(kCanvas, nullptr, true, onMouse);
    emscripten_set_wheel_callback(kCanvas, nullptr, true, onWheel);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onFocus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onFocus);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, onResize);
    emscripten_set_webglcontextlost_callback(kCanvas, nullptr, true, onContextLost);
    emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, true, onContextRestored);
    mvr_js_gl_state(0, 0, 0);
    EM_ASM({ Module.mvrHost.started(); });
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
