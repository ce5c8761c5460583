// What an engine worker could read with, measured inside a dedicated worker: OPFS sync access handles (4 KiB
// pages, sequential and random, and which handle modes two holders may share), IndexedDB (the registry's page
// records as web/idb-store.js writes them, read here and copied into an OPFS file: the migration's core step),
// and synchronous Range requests with responseType 'arraybuffer'.
import { openPageDb, PageRecords } from '../../idb-store.js';
import { now, rng, fnv, randomReads } from './common.js';

const PAGE = 4096;

async function opfs({ pages }) {
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('bench-pages.bin', { create: true });
  let t = now();
  const h = await fh.createSyncAccessHandle();
  const openMs = now() - t;
  const page = new Uint8Array(PAGE);
  const r = rng(3);
  t = now();
  for (let p = 0; p < pages; p++) {
    page[0] = p & 255; page[1] = (p >> 8) & 255;
    h.write(page, { at: p * PAGE });
  }
  h.flush();
  const writeMs = now() - t;
  t = now();
  let check = 0;
  for (let p = 0; p < pages; p++) {
    h.read(page, { at: p * PAGE });
    check += page[0];
  }
  const seqMs = now() - t;
  t = now();
  for (let k = 0; k < pages; k++) {
    const p = Math.floor(r() * pages);
    if (h.read(page, { at: p * PAGE }) !== PAGE || page[0] !== (p & 255)) throw new Error('OPFS read back the wrong page ' + p);
  }
  const randMs = now() - t;
  // One small commit's cost: 6 pages written at scattered places, then flush (what moving an alias writes).
  const small = [];
  for (let k = 0; k < 20; k++) {
    t = now();
    for (let j = 0; j < 6; j++) h.write(page, { at: Math.floor(r() * pages) * PAGE });
    h.flush();
    small.push(now() - t);
  }
  // A second holder while this one is open, in each mode (another tab's engine asking for the same file).
  const modes = {};
  for (const mode of ['readwrite', 'read-only', 'readwrite-unsafe']) {
    try {
      const h2 = await fh.createSyncAccessHandle({ mode });
      modes[mode] = 'opened';
      h2.close();
    } catch (e) { modes[mode] = e.name; }
  }
  h.close();
  // Two holders that both ask for readwrite-unsafe (the mode that lets several share a file).
  let unsafeShared = '';
  try {
    const a = await fh.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
    try {
      const b = await fh.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
      unsafeShared = 'opened';
      b.close();
    } catch (e) { unsafeShared = e.name; }
    a.close();
  } catch (e) { unsafeShared = 'first: ' + e.name; }
  await dir.removeEntry('bench-pages.bin');
  return { pages, openMs, writeMs, seqMs, randMs, small, modes, unsafeShared, check };
}

// Reads the page records the page wrote (IndexedDB database name, pages of pageSize) with PageRecords.load, writes
// each current page at its offset into an OPFS file through a sync access handle, flushes, and reads the file back
// for its FNV-1a; the page compares it with the registry's.
async function migrate({ name, pageSize }) {
  let t = now();
  const db = await openPageDb(name);
  const openMs = now() - t;
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('bench-migrated.db', { create: true });
  const h = await fh.createSyncAccessHandle();
  h.truncate(0);
  t = now();
  let copied = 0;
  const engine = new PageRecords(db, { pageSize });
  const res = await engine.load((bytes, taken) => {
    for (const [p, at] of taken) { h.write(bytes.subarray(at, at + pageSize), { at: p * pageSize }); copied++; }
  });
  h.truncate(res.size);
  h.flush();
  const copyMs = now() - t;
  t = now();
  const all = new Uint8Array(h.getSize());
  h.read(all, { at: 0 });
  const sum = fnv(all);
  const readBackMs = now() - t;
  h.close();
  db.close();
  await dir.removeEntry('bench-migrated.db');
  return { openMs, copyMs, readBackMs, pagesRead: res.count, pagesCopied: copied, size: res.size, sum, damaged: res.damaged.length };
}

// Synchronous Range reads: random blocks (4 KiB and 64 KiB) as ArrayBuffers; and async fetch for comparison.
async function xhr({ url, size, reads }) {
  const out = {};
  for (const block of [4096, 65536]) out['sync' + block] = randomReads(url, size, block, reads, true, block);
  const r = rng(11), ms = [];
  for (let k = 0; k < reads; k++) {
    const first = Math.floor(r() * (size / 4096)) * 4096, t = now();
    const resp = await fetch(url, { headers: { Range: `bytes=${first}-${first + 4095}` }, cache: 'no-store' });
    if (resp.status !== 206 || (await resp.arrayBuffer()).byteLength !== 4096) throw new Error('fetch range failed');
    ms.push(now() - t);
  }
  out.fetch4096 = ms;
  return out;
}

const ops = { opfs, migrate, xhr, reads: ({ url, size, block, count }) => ({ ms: randomReads(url, size, block, count, true) }) };
onmessage = async (e) => {
  const m = e.data;
  try {
    postMessage({ id: m.id, ok: true, result: await ops[m.op](m) });
  } catch (err) {
    postMessage({ id: m.id, ok: false, error: String(err && err.stack || err) });
  }
};
