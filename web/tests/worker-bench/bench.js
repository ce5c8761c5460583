// The page of web/tests/bench-worker.mjs: window.bench runs one experiment at a time and resolves its raw
// figures (ms); the script does the statistics. Served without COOP/COEP, as a static host would.
import { scene } from './draw.js';
import { now, runFrames, randomReads, fnv, rng } from './common.js';
import { openPageDb, PageRecords } from '../../idb-store.js';

const W = 1600, H = 900;

function freshCanvas() {
  for (const c of document.querySelectorAll('canvas')) c.remove();
  const c = document.createElement('canvas');
  c.width = W; c.height = H;
  c.style.width = W + 'px'; c.style.height = H + 'px';
  document.body.appendChild(c);
  return c;
}

// A worker that answers { id, op, ... } with { id, ok, result | error }, as a promise per call.
function rpcWorker(url) {
  const w = new Worker(url, { type: 'module' });
  const waiting = new Map();
  let next = 1;
  w.onmessage = (e) => {
    const m = e.data, p = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) p.resolve(m.result); else p.reject(new Error(m.error));
  };
  return { call: (op, args = {}) => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, op, ...args });
  }), worker: w };
}
let storage = null;
const storageWorker = () => (storage ||= rpcWorker('storage-worker.js'));

window.bench = {
  env() {
    return { crossOriginIsolated: self.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
      offscreen: typeof HTMLCanvasElement.prototype.transferControlToOffscreen === 'function',
      syncHandleOnMain: typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype,
      userAgent: navigator.userAgent };
  },

  // Design (b)'s UI thread: the draw load on the page's canvas, input from the canvas's own events. reads: at that
  // frame the page asks the engine worker for count synchronous Range reads and goes on drawing.
  glMain({ frames, load, reads }) {
    const canvas = freshCanvas();
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true, antialias: false, alpha: false });
    const draw = scene(gl, W, H, load);
    const inputs = [];
    canvas.onmousemove = (e) => inputs.push({ t: now(), x: e.offsetX, y: e.offsetY });
    let readsDone = null;
    const hook = (i) => {
      if (reads && i === reads.atFrame) {
        const t0 = now();
        readsDone = storageWorker().call('reads', reads).then((r) => ({ ms: r.ms, answeredAfter: now() - t0 }));
      }
    };
    return runFrames({ frames, inputs, hook, frame: (i, mouse) => draw(i, mouse.x, mouse.y) })
      .then(async (r) => ({ ...r, reads: readsDone ? await readsDone : null, renderer: gl.getParameter(gl.RENDERER) }));
  },

  // Design (a): the same load drawn by a worker on the canvas's OffscreenCanvas; the page forwards mousemove.
  glWorker({ frames, load, reads }) {
    const canvas = freshCanvas();
    const off = canvas.transferControlToOffscreen();
    const w = new Worker('gl-worker.js', { type: 'module' });
    canvas.onmousemove = (e) => w.postMessage({ op: 'mouse', t: now(), x: e.offsetX, y: e.offsetY });
    return new Promise((resolve, reject) => {
      w.onmessage = (e) => { w.terminate(); e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)); };
      w.onerror = (e) => reject(new Error('gl worker: ' + e.message));
      w.postMessage({ op: 'start', canvas: off, width: W, height: H, load, frames, reads }, [off]);
    });
  },

  // postMessage round trips to a worker that answers at once: sequential small requests, bursts of small
  // requests posted together (a frame's reads), 1 MiB transferred both ways, 1 MiB copied (structured clone)
  // both ways; and, with the draw load on the page, requests posted at the start of each frame and when their
  // answers were all in.
  async echo({ small, bursts, burst, big, frames, load }) {
    const w = new Worker('echo-worker.js');
    const ask = (msg, transfer) => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage(msg, transfer || []); });
    for (let k = 0; k < 50; k++) await ask({ id: k, op: 'warm' });
    const out = { small: [], burst: [], transfer: [], clone: [], inFrame: [] };
    // Timed in batches of 100: without cross-origin isolation the clock's resolution is 100 µs.
    for (let b = 0; b < small / 100; b++) {
      const t = now();
      for (let k = 0; k < 100; k++) await ask({ id: k, op: 'metricValues', model: 'fraud-lgbm', metric: 'auc' });
      out.small.push((now() - t) / 100);
    }
    for (let b = 0; b < bursts; b++) {
      const t = now();
      await new Promise((resolve) => {
        let left = burst;
        w.onmessage = () => { if (--left === 0) resolve(); };
        for (let k = 0; k < burst; k++) w.postMessage({ id: k, op: 'headline', model: 'model-' + k });
      });
      out.burst.push(now() - t);
    }
    for (const [kind, transfer] of [['transfer', true], ['clone', false]]) {
      for (let b = 0; b < big / 10; b++) {
        const bufs = Array.from({ length: 10 }, (_, k) => { const buf = new ArrayBuffer(1 << 20); new Uint8Array(buf)[k] = b; return buf; });
        const t = now();
        for (const buf of bufs) {
          const back = await ask({ buf, transfer }, transfer ? [buf] : []);
          if (back.buf.byteLength !== 1 << 20) throw new Error('1 MiB did not come back');
        }
        out[kind].push((now() - t) / 10);
      }
    }
    // A frame's reads as requests: posted at the start of frame i, all answered when? (Before frame i+1 starts
    // means a panel shows the answer one frame later.)
    const canvas = freshCanvas();
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true, antialias: false, alpha: false });
    const draw = scene(gl, W, H, load);
    const frameStarts = [];
    let pending = null;
    await runFrames({ frames, inputs: [], frame: (i, mouse) => {
      frameStarts.push(now());
      if (pending && pending.left > 0) pending.late = true;
      if (pending) out.inFrame.push(pending);
      pending = { posted: now(), left: burst, done: 0, late: false };
      const p = pending;
      w.onmessage = () => { if (--p.left === 0) p.done = now() - p.posted; };
      for (let k = 0; k < burst; k++) w.postMessage({ id: k, op: 'headline', model: 'model-' + k });
      draw(i, mouse.x, mouse.y);
    } });
    w.terminate();
    out.inFrame = out.inFrame.map((p) => ({ done: p.done, late: p.late || p.left > 0 }));
    return out;
  },

  // The storage side, in the engine worker: OPFS pages; the page's IndexedDB records read and copied there; Range.
  opfs(args) { return storageWorker().call('opfs', args); },
  xhr(args) { return storageWorker().call('xhr', args); },
  // The same random 4 KiB reads as sync XHR on this (the main) thread, as text (all it may do here).
  xhrMain({ url, size, reads }) { return { sync4096: randomReads(url, size, 4096, reads, false, 4096) }; },

  // Writes a registry's worth of page records into IndexedDB with web/idb-store.js (as the current release does:
  // one bulk commit, then small commits of scattered pages), then has the worker migrate it into OPFS.
  async migrate({ pages, pageSize, smallCommits }) {
    const name = 'mvr-bench-migrate';
    await new Promise((resolve) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = d.onblocked = resolve; });
    const db = await openPageDb(name);
    const engine = new PageRecords(db, { pageSize });
    const file = new Uint8Array(pages * pageSize);
    const r = rng(5);
    for (let k = 0; k < file.length; k += 4) file[k] = (r() * 256) | 0;
    const commit = (indices) => new Promise((resolve, reject) => {
      const list = indices.map((p) => file.subarray(p * pageSize, (p + 1) * pageSize));
      engine.write(Uint32Array.from(indices), list, file.length, true, (ok, why) => (ok ? resolve() : reject(new Error(why))));
    });
    let t = now();
    await commit([...Array(pages).keys()]);
    const writeMs = now() - t;
    for (let c = 0; c < smallCommits; c++) {
      const changed = [...new Set(Array.from({ length: 6 }, () => Math.floor(r() * pages)))].sort((a, b) => a - b);
      for (const p of changed) file[p * pageSize + 1] = (file[p * pageSize + 1] + 1 + c) & 255;
      await commit(changed);
    }
    db.close();
    const want = fnv(file);
    const res = await storageWorker().call('migrate', { name, pageSize });
    await new Promise((resolve) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = d.onblocked = resolve; });
    return { ...res, idbWriteMs: writeMs, matches: res.sum === want && res.size === file.length };
  },
};
window.benchReady = true;
