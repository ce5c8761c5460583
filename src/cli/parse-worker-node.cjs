// The wasm CLI's parse worker (node worker thread): loads a second instance of mvr.js without running its
// main, reads one file of mvr manifests, and posts packs of validated manifests (src/platform/
// parse_worker_web.cpp) on the port it was given; the CLI's thread, blocked on sig[0], stores them and
// counts them in sig[1]. At most MAX_AHEAD packs wait, so memory stays bounded. The reading is
// web/parse-loop.js, the page's worker's loop too.
'use strict';
const { workerData } = require('worker_threads');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const DIGESTS_HERE = Number(process.env.MVR_DIGESTS_HERE || 0);
// perPack manifests a pack, at most maxAhead packs waiting: from src/core/shared_constants.hpp, handed over
// by the C++ that starts this worker (src/cli/worker_import.cpp).
const { js, port, sig, perPack: PER_PACK, maxAhead: MAX_AHEAD } = workerData;  // and wasmModule, path
let posted = 0;
let openFile, nextPack;  // the loop, shared with the page's worker (web/parse-loop.js, copied next to this file)

function post(msg, transfer) {
  port.postMessage(msg, transfer || []);
  posted++;
  Atomics.store(sig, 0, posted);
  Atomics.notify(sig, 0);
}

function run() {
  try {
    // Read straight into the module's memory (no second copy of a file of hundreds of MB).
    const fd = fs.openSync(workerData.path, 'r');
    const size = fs.fstatSync(fd).size;
    // Digests left to the CLI's thread, which stores the packs: the two threads' work is then about even.
    openFile(Module, workerData.path, size, (heap, ptr) => {
      for (let at = 0; at < size;) {
        const n = fs.readSync(fd, heap, ptr + at, Math.min(size - at, 1 << 24), at);
        if (n <= 0) throw new Error(`${workerData.path}: could not read past byte ${at}`);
        at += n;
      }
      fs.closeSync(fd);
    }, DIGESTS_HERE);
    for (;;) {
      for (let taken = Atomics.load(sig, 1); posted - taken >= MAX_AHEAD; taken = Atomics.load(sig, 1)) Atomics.wait(sig, 1, taken);
      const msg = nextPack(Module, PER_PACK);  // (closes the file after the last pack or on a failure)
      post(msg, [msg.pack]);
      if (msg.done) break;
    }
  } catch (e) {
    post({ error: String((e && e.message) || e) });
  }
}

try {
  ({ openFile, nextPack } = require('./mvr-parse-loop.js'));  // a missing file is an error posted below
  // mvr.js is an Emscripten script meant for the global scope (it reads a global Module); its node code
  // uses require, __dirname and __filename.
  globalThis.require = require;
  globalThis.__dirname = path.dirname(js);
  globalThis.__filename = js;
  globalThis.Module = { noInitialRun: true, print: () => {}, printErr: () => {}, onRuntimeInitialized: run };
  if (workerData.wasmModule) {
    // The CLI's own compiled module (src/cli/node-pre.js): instantiated here, not compiled again.
    Module.instantiateWasm = (imports, receiveInstance) => {
      const instance = new WebAssembly.Instance(workerData.wasmModule, imports);
      receiveInstance(instance, workerData.wasmModule);
      return instance.exports;
    };
  }
  vm.runInThisContext(fs.readFileSync(js, 'utf8'), { filename: js });
} catch (e) {
  post({ error: String((e && e.message) || e) });
}
