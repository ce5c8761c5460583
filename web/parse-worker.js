// mvr's parse worker: reads one large file of mvr manifests at a time with the app's own module (loaded
// here without its UI: main is not run), validates them and computes their identity, and posts them to the
// page in packs (src/platform/parse_worker_web.cpp, src/core/manifest_pack.hpp), which the main thread
// stores. Parsing then runs beside storing, on another core, and the page's memory never holds the file.
// Messages in: {id, file, name, perPack, maxUnacked} a file to read, in packs of perPack manifests with at
// most maxUnacked posted and not yet stored (bounding the memory between the two sides; the page sends
// them from src/core/shared_constants.hpp); {ack: id} a pack was stored; {cancel: id} stop reading.
// Messages out: {id, pack, offset, done, clean, dropped} or {id, error}.
// A classic worker (importScripts: mvr.js is not an ES module). The loop itself is web/parse-loop.js, shared
// with the node CLI's worker.
'use strict';

let ready;
const loaded = new Promise((resolve) => { ready = resolve; });
self.Module = {
  noInitialRun: true,
  onRuntimeInitialized: () => ready(),
  print: () => {},
  printErr: (t) => console.warn('[parse worker]', t),
};
importScripts('mvr.js', 'parse-loop.js');
const { openFile, nextPack, close } = self.mvrParseLoop;

let job = null;  // { id, unacked, perPack, maxUnacked }
const cancelled = new Set();  // ids cancelled before their file was read

function fail(id, err) {
  if (job && job.id === id) job = null;
  self.postMessage({ id, error: String((err && err.message) || err) });
}

function pump() {
  while (job && job.unacked < job.maxUnacked) {
    const id = job.id;
    let msg;
    try {
      msg = nextPack(Module, job.perPack);  // (closes the file after the last pack or on a failure)
    } catch (err) {
      fail(id, err);
      return;
    }
    msg.id = id;
    if (msg.done) job = null;
    else job.unacked++;
    self.postMessage(msg, [msg.pack]);
  }
}

self.onmessage = async (e) => {
  const m = e.data;
  if (m.ack !== undefined) {
    if (job && job.id === m.ack) { job.unacked--; pump(); }
    return;
  }
  if (m.cancel !== undefined) {
    if (job && job.id === m.cancel) { close(Module); job = null; } else cancelled.add(m.cancel);
    return;
  }
  await loaded;
  try {
    const bytes = new Uint8Array(await m.file.arrayBuffer());
    if (cancelled.delete(m.id)) return;  // the import was rolled back while the file was being read
    // Digests made here: the page's main thread, which stores the packs, is the busier side.
    openFile(Module, m.name, bytes.length, (heap, at) => heap.set(bytes, at), true);
    job = { id: m.id, unacked: 0, perPack: m.perPack, maxUnacked: m.maxUnacked };  // (a file read before is dropped: the page reads one at a time)
  } catch (err) {
    fail(m.id, err);
    return;
  }
  pump();
};
