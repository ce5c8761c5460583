#include "cli/worker_import.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <cstdlib>
#include <memory>


// Starts the worker on path; 0 when not under node or the worker script is not next to mvr.js.
EM_JS(int, mvr_js_parse_start, (const char* path), {
    if (typeof process !== 'object' || !process.versions || !process.versions.node) return 0;
    var fs = require('fs');
    var wt = require('worker_threads');
    var script = __dirname + '/mvr-parse-worker.cjs';
    if (!fs.existsSync(script)) return 0;
    var channel = new wt.MessageChannel();
    // [0] packs posted by the worker, [1] packs taken here: this thread blocks on [0], the worker on [1].
    var sig = new Int32Array(new SharedArrayBuffer(8));
    var worker = new wt.Worker(script, {
        // The compiled module, when node-pre.js kept it: the worker instantiates it (no second compile).
        workerData: { js: __filename, path: UTF8ToString(path), port: channel.port2, sig: sig,
                      wasmModule: Module['mvrWasmModule'] },
        transferList: [channel.port2],
    });
    worker.unref();
    Module.mvrParse = { worker: worker, port: channel.port1, sig: sig, taken: 0 };
    return 1;
});

// Blocks until the worker's next message. Returns malloc'd bytes (the pack, or an error message when
// meta[5] is 1); meta: [offset, length, done, clean, dropped, error].
EM_JS(char*, mvr_js_parse_next, (double* meta), {
    var p = Module.mvrParse;
    var wt = require('worker_threads');
    var m = null;
    while (!m) {
        var got = wt.receiveMessageOnPort(p.port);
        if (got) { m = got.message; break; }
        var posted = Atomics.load(p.sig, 0);
        if (posted === p.taken && Atomics.wait(p.sig, 0, posted, 300000) === 'timed-out')
            m = { error: 'the parse worker stopped answering' };
    }
    p.taken++;
    Atomics.store(p.sig, 1, p.taken);
    Atomics.notify(p.sig, 1);
    var bytes = m.error ? new TextEncoder().encode(String(m.error) + String.fromCharCode(0)) : new Uint8Array(m.pack);
    var ptr = _malloc(bytes.length || 1);
    HEAPU8.set(bytes, ptr);
    var at = meta >> 3;
    HEAPF64[at] = m.offset || 0;
    HEAPF64[at + 1] = bytes.length;
    HEAPF64[at + 2] = m.done ? 1 : 0;
    HEAPF64[at + 3] = m.clean ? 1 : 0;
    HEAPF64[at + 4] = m.dropped || 0;
    HEAPF64[at + 5] = m.error ? 1 : 0;
    return ptr;
});

EM_JS(void, mvr_js_parse_end, (), {
    var p = Module.mvrParse;
    if (!p) return;
    p.port.close();
    p.worker.terminate();
    Module.mvrParse = null;
});

namespace mvr::cli {

namespace {
size_t g_workerImports = 0;
std::string g_prestarted;  // the file the worker is already reading, if any
}  // namespace

size_t workerImports() { return g_workerImports; }

void prestartWorker(const std::string& path) {
    if (g_prestarted.empty() && mvr_js_parse_start(path.c_str())) g_prestarted = path;
}

bool importWithWorker(storage::ImportSession& session, const std::string& path, storage::FileReport& out) {
    bool started = g_prestarted == path;
    if (!started && !g_prestarted.empty()) mvr_js_parse_end();  // started for a file not imported after all
    g_prestarted.clear();
    if (!started && !mvr_js_parse_start(path.c_str())) return false;
    ++g_workerImports;
    auto prepared = session.beginPrepared(path, 0);
    std::string failure;
    while (true) {
        double meta[6] = {0, 0, 0, 0, 0, 0};
        std::unique_ptr<char, decltype(&std::free)> bytes(mvr_js_parse_next(meta), &std::free);
        if (meta[5] != 0) {
            failure = bytes.get();
            break;
        }
        if (!prepared->addPack(std::string_view(bytes.get(), static_cast<size_t>(meta[1])))) {
            failure = prepared->packError();
            break;
        }
        if (meta[2] != 0) {
            out = prepared->finish(meta[3] != 0, static_cast<size_t>(meta[4]));
            out.bytes = static_cast<size_t>(meta[0]);
            break;
        }
    }
    mvr_js_parse_end();
    if (!failure.empty()) {
        prepared->problem(core::Diagnostic{path, "", 0, 0, "io", failure});
        out = prepared->finish(false, 0);
    }
    return true;
}

}  // namespace mvr::cli

#else

namespace mvr::cli {

void prestartWorker(const std::string&) {}
bool importWithWorker(storage::ImportSession&, const std::string&, storage::FileReport&) { return false; }
size_t workerImports() { return 0; }

}  // namespace mvr::cli

#endif
