// The node CLI's parse worker (worker_import.hpp): started from mvr.js, it reads large mvr files beside this
// instance, which stores the packs it posts (an ops::ParallelReader); nothing of it in native builds.
#include "cli/worker_import.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <cstdlib>
#include <memory>


// Starts the worker on path (packs of perPack manifests, at most maxAhead waiting); 0 when not under node or
// the worker script is not next to mvr.js.
EM_JS(int, mvr_js_parse_start, (const char* path, int perPack, int maxAhead), {
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
                      wasmModule: Module['mvrWasmModule'], perPack: perPack, maxAhead: maxAhead },
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
bool startWorker(const std::string& path) {
    return mvr_js_parse_start(path.c_str(), static_cast<int>(shared::kCliPackManifests),
                              static_cast<int>(shared::kCliPacksInFlight)) != 0;
}
}  // namespace

size_t workerImports() { return g_workerImports; }

void prestartWorker(const std::string& path) {
    if (g_prestarted.empty() && startWorker(path)) g_prestarted = path;
}

namespace {
class WorkerReader final : public ops::ParallelReader {
public:
    ~WorkerReader() override { cancel(); }
    bool start(const std::string& path, std::string_view) override {
        bool started = g_prestarted == path;
        if (!started && !g_prestarted.empty()) mvr_js_parse_end();  // started for a file not imported after all
        g_prestarted.clear();
        if (!started && !startWorker(path)) return false;
        ++g_workerImports;
        m_running = true;
        m_offset = 0;
        return true;
    }
    // Always waits: node's worker posts to a port this thread blocks on (Atomics.wait).
    Status pump(ops::PreparedFile& file, bool, std::string& failure) override {
        double meta[6] = {0, 0, 0, 0, 0, 0};
        std::unique_ptr<char, decltype(&std::free)> bytes(mvr_js_parse_next(meta), &std::free);
        if (meta[5] != 0) {
            failure = bytes.get();
            end();
            return Status::Failed;
        }
        if (!file.addPack(std::string_view(bytes.get(), static_cast<size_t>(meta[1])))) {
            failure = file.packError();
            end();
            return Status::Failed;
        }
        m_offset = meta[0];
        if (meta[2] == 0) return Status::Working;
        m_clean = meta[3] != 0;
        m_dropped = static_cast<size_t>(meta[4]);
        end();
        return Status::Done;
    }
    bool clean() const override { return m_clean; }
    size_t dropped() const override { return m_dropped; }
    double progress() const override { return 0; }
    void cancel() override { end(); }

private:
    void end() {
        if (m_running) mvr_js_parse_end();
        m_running = false;
    }
    bool m_running = false;
    bool m_clean = true;
    size_t m_dropped = 0;
    double m_offset = 0;
};
}  // namespace

std::unique_ptr<ops::ParallelReader> makeWorkerReader() { return std::make_unique<WorkerReader>(); }

}  // namespace mvr::cli

#else

namespace mvr::cli {

void prestartWorker(const std::string&) {}
std::unique_ptr<ops::ParallelReader> makeWorkerReader() { return nullptr; }
size_t workerImports() { return 0; }

}  // namespace mvr::cli

#endif
