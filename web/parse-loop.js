// The loop both parse workers run, written once: the page's web/parse-worker.js (a browser Worker) and the
// node CLI's src/cli/parse-worker-node.cjs (a worker thread). openFile puts a file into the module's heap and
// opens it (src/platform/parse_worker_web.cpp); nextPack reads the next perPack manifests and returns them as
// one pack (src/core/manifest_pack.hpp) with where the reader is, closing the file after the last pack. The
// workers differ only in how packs travel and how many may wait (their pack sizes are in
// src/core/shared_constants.hpp): postMessage with acknowledgements in the page, a port and Atomics in node.
// A classic script: importScripts loads it in the page's worker, require in node.
(function (root) {
  'use strict';

  // fill(heap, at) writes the file's size bytes at heap[at...]. digestsHere: compute each manifest's
  // identity in this worker (when the thread storing the packs is the busier side).
  function openFile(Module, name, size, fill, digestsHere) {
    const ptr = Module._malloc(size || 1);
    if (!ptr) throw new Error(`not enough memory for ${size} bytes`);
    try {
      fill(Module.HEAPU8, ptr);
    } catch (err) {
      Module._free(ptr);
      throw err;
    }
    const nameBytes = new TextEncoder().encode(name);
    const namePtr = Module._malloc(nameBytes.length + 1);
    Module.HEAPU8.set(nameBytes, namePtr);
    Module.HEAPU8[namePtr + nameBytes.length] = 0;
    Module._mvr_parse_open(namePtr, ptr, size, digestsHere ? 1 : 0);  // takes over ptr
    Module._free(namePtr);
  }

  // {pack: ArrayBuffer, offset: bytes read, done, clean, dropped}: clean and dropped (problems past the
  // report's limit) are set with the last pack. A failure closes the file and throws.
  function nextPack(Module, perPack) {
    let more;
    try {
      more = Module._mvr_parse_step(perPack) === 1;
    } catch (err) {
      Module._mvr_parse_close();
      throw err;
    }
    const at = Module._mvr_parse_pack_data();
    const pack = Module.HEAPU8.slice(at, at + Module._mvr_parse_pack_size());
    const msg = { pack: pack.buffer, offset: Module._mvr_parse_offset(), done: !more, clean: false, dropped: 0 };
    if (!more) {
      msg.clean = Module._mvr_parse_clean() === 1;
      msg.dropped = Module._mvr_parse_dropped();
      Module._mvr_parse_close();
    }
    return msg;
  }

  // Stops reading the open file (an import cancelled or rolled back).
  function close(Module) {
    Module._mvr_parse_close();
  }

  const api = { openFile, nextPack, close };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.mvrParseLoop = api;
})(typeof self !== 'undefined' ? self : globalThis);
