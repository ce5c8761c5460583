// The registry's pages in IndexedDB: the record engine crash safety rests on (docs/browser-storage.md).
// Plain IndexedDB and byte arrays: no dependency on the wasm module or the app (web/persist.js binds it to
// them; web/tests/idb-store.html drives it alone).
//
// Store 'pages': key [first, gen, seq] -> a record of pages: { data: ArrayBuffer, sum } holding consecutive
// pages from page `first`, or { pages: Uint32Array of page numbers (sorted, the first is `first`), data:
// ArrayBuffer of their bytes, sum } for pages scattered through the file; sum is recordSum, checked at start-up
// (records written before checksums, a bare ArrayBuffer or { pages, data }, are read without one). A record holds up to recordPages
// pages: what one write changed, so a bulk import writes few large records (IndexedDB's cost is mostly per
// record) and a small change one small record.
// gen numbers write transactions, seq the records within one. Store 'meta': 'size' (file bytes) and
// 'gen' (the last committed gen). A record counts only when its gen <= the committed gen, and for each
// page the newest (gen, seq) wins. So a transaction can write its pages early (staged, while an import
// is still parsing) and they stay invisible until its last IndexedDB transaction, which writes the rest
// and 'gen' at once: a tab closed at any point leaves the previous commit. Records whose pages have all
// been superseded are deleted by the commit that superseded them; records of a gen that never committed
// are deleted by the next writer that opens the registry. Format 1 (key = page number, one page each)
// reads as gen 0, and is rewritten page by page as pages change.

export const DB_NAME = 'mvr';

// Opens (creating at the first visit) the database of the registry's pages. Rejects with what went wrong, in words
// for the user: no IndexedDB at all, an open that fails (a private window, a database of a newer mvr), one blocked
// by another tab, or one that does not answer within timeoutMs.
export function openPageDb(name = DB_NAME, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    let req;
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('this browser gives the page no IndexedDB');
      req = indexedDB.open(name, 1);
    } catch (e) {
      reject(e);
      return;
    }
    const timer = setTimeout(() => reject(new Error(`IndexedDB did not open within ${timeoutMs / 1000} s`)), timeoutMs);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('pages');
      req.result.createObjectStore('meta');
    };
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve(req.result);
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error || new Error('IndexedDB failed to open'));
    };
    req.onblocked = () => {
      clearTimeout(timer);
      reject(new Error('another tab holds the storage open in another version of mvr (close the other mvr tabs and reload)'));
    };
  });
}

// What the app says when a write failed: full storage gets its own words.
export function failureMessage(err) {
  const quota = err && (err.name === 'QuotaExceededError' || /quota/i.test(err.message));
  return quota ? 'browser storage is full (quota exceeded); free space or export the registry — the last saved state is intact'
               : 'saving failed: ' + (err ? err.name + ': ' + err.message : 'unknown error');
}

const stamp = (gen, seq) => gen * 4294967296 + seq;

// A record's checksum: FNV-1a over its bytes as 32-bit words, then over its page list (a scattered record), so a
// changed byte or a changed page number is found at start-up. Records written before checksums have none.
export function recordSum(bytes, list) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619);
  for (let i = (bytes.byteLength >> 2) << 2; i < bytes.byteLength; i++) h = Math.imul(h ^ bytes[i], 16777619);
  if (list) for (let i = 0; i < list.length; i++) h = Math.imul(h ^ list[i], 16777619);
  return h >>> 0;
}

export class PageRecords {
  // db: an open IDBDatabase (openPageDb). pageSize: bytes per page. recordPages: pages per record at most.
  // stageBacklog: bytes of staged writes IndexedDB may be behind before write() declines more.
  constructor(db, { pageSize, recordPages = 1024, stageBacklog = 64 * 1024 * 1024 } = {}) {
    if (!(pageSize > 0)) throw new Error('PageRecords: pageSize is required');
    this.db = db;
    this.pageSize = pageSize;
    this.recordPages = recordPages;
    this.stageBacklog = stageBacklog;
    this.committedGen = 0;
    this.gen = 1;              // the gen the next writes use
    this.seq = 0;
    this.owner = [];           // page -> record id holding its current bytes
    this.records = new Map();  // record id -> { key, first, count, gen, live }
    this.nextId = 1;
    this.undo = [];            // [page, previous owner] for the open transaction
    this.openKeys = [];        // keys the open transaction wrote
    this.dead = new Map();     // record id -> committed record wholly superseded: deleted by the next commit
    this.stageFailed = null;   // an error of a staged write: the commit must fail
    this.inFlight = 0;         // bytes of staged writes IndexedDB has not finished
    // For benchmarks and tests: what this engine asked IndexedDB to do, and its last durable commit.
    this.stats = { stagedTx: 0, puts: 0, putBytes: 0, deletes: 0 };
    this.lastCommit = null;
  }

  // Reads every committed record. onPages(bytes, pages) is called for each record that holds a page newer
  // than any seen so far: bytes (Uint8Array) is the record's data, pages a list of [page, byte offset in
  // bytes] to take (a page given again later is newer: the last one given wins). onProgress(count) now and
  // then with the pages read. Resolves { count, size, stale, damaged }: pages read, the file's size, the keys of
  // records that never committed (removeStale deletes them), and the committed records whose bytes no longer
  // match their checksum ({ key, first, count }; their pages are still handed over, for what is readable).
  load(onPages, onProgress = () => {}) {
    const PAGE = this.pageSize;
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(['pages', 'meta'], 'readonly');
      let size = 0, count = 0, maxGen = 0;
      const stamps = [], stale = [], damaged = [];
      tx.objectStore('meta').get('size').onsuccess = (e) => { size = e.target.result || 0; };
      tx.objectStore('meta').get('gen').onsuccess = (e) => { this.committedGen = e.target.result || 0; };
      const req = tx.objectStore('pages').openCursor();
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return;
        const key = cursor.key;
        const first = typeof key === 'number' ? key : key[0];
        const gen = typeof key === 'number' ? 0 : key[1];
        const seq = typeof key === 'number' ? 0 : key[2];
        maxGen = Math.max(maxGen, gen);
        if (gen > this.committedGen) {
          stale.push(key);  // written by a transaction that never committed
        } else {
          const value = cursor.value;
          const list = value instanceof ArrayBuffer ? null : value.pages || null;
          const bytes = new Uint8Array(value instanceof ArrayBuffer ? value : value.data);
          const pages = Math.floor(bytes.length / PAGE);
          if (!(value instanceof ArrayBuffer) && value.sum !== undefined && recordSum(bytes, list) !== value.sum)
            damaged.push({ key, first, count: pages });
          const id = this.nextId++;
          const rec = { key, first, count: pages, gen, live: 0 };
          this.records.set(id, rec);
          const at = stamp(gen, seq);
          const taken = [];
          for (let i = 0; i < pages; i++) {
            const p = list ? list[i] : first + i;
            if (stamps[p] !== undefined && stamps[p] > at) continue;
            taken.push([p, i * PAGE]);
            const prev = this.owner[p];
            if (prev) this.records.get(prev).live--;
            this.owner[p] = id;
            stamps[p] = at;
            rec.live++;
          }
          if (taken.length) onPages(bytes, taken);
          const before = count;
          count += pages;
          if ((before >> 8) !== (count >> 8)) onProgress(count);
        }
        cursor.continue();
      };
      tx.oncomplete = () => {
        this.gen = Math.max(maxGen, this.committedGen) + 1;
        // Superseded records (possible only after an interrupted cleanup) go with the next commit.
        for (const [id, rec] of this.records) if (rec.live === 0) { this.dead.set(id, rec); this.records.delete(id); }
        resolve({ count, size, stale, damaged });
      };
      tx.onerror = () => reject(tx.error);
    });
  }

  // The writer removes what transactions that never committed left behind (load's stale keys).
  removeStale(stale) {
    if (!stale.length) return;
    const tx = this.db.transaction(['pages'], 'readwrite');
    const store = tx.objectStore('pages');
    for (const key of stale) store.delete(key);
  }

  // Writes pages for the open transaction: indices (sorted page numbers, a Uint32Array) and pages (pages[k]
  // the pageSize bytes of page indices[k]); the bytes are copied before it returns.
  // final false: staged (relaxed durability; invisible until the commit). Returns false when not taken
  // (IndexedDB is more than stageBacklog bytes behind, or a staged write failed): the caller keeps them.
  // final true: the commit: the remaining pages, fileSize (pages past it are gone), and the new committed
  // gen, in one strict transaction. done(ok, message) when it is durable (ok) or failed; a failure
  // forgets the transaction (the caller writes every page again with its next commit).
  write(indices, pages, fileSize, final, done = () => {}) {
    const PAGE = this.pageSize;
    if (!final) {
      // The commit's strict transaction comes after the staged ones in order, so they are durable before it.
      if (this.stageFailed || this.inFlight > this.stageBacklog) return false;
      const bytes = indices.length * PAGE;
      let tx;
      try {
        tx = this.db.transaction(['pages'], 'readwrite', { durability: 'relaxed' });
        this.stats.stagedTx++;
        this.putRecords(tx.objectStore('pages'), indices, pages);
      } catch (e) {
        this.stageFailed = this.stageFailed || e;
        return true;
      }
      this.inFlight += bytes;
      tx.oncomplete = () => { this.inFlight -= bytes; };
      tx.onabort = tx.onerror = () => {
        this.inFlight -= bytes;
        this.stageFailed = this.stageFailed || tx.error || new Error('staged write failed');
      };
      return true;
    }
    const started = performance.now();
    const gen = this.gen;
    const pagesWritten = indices.length;
    let tx;
    try {
      if (this.stageFailed) throw this.stageFailed;
      tx = this.db.transaction(['pages', 'meta'], 'readwrite', { durability: 'strict' });
      const store = tx.objectStore('pages');
      this.putRecords(store, indices, pages);
      // Pages past the end of the file are gone: their records lose them (and go when none is left), and
      // records that start there go in any case (format 1 keys are page numbers).
      const pagesInFile = Math.ceil(fileSize / PAGE);
      if (this.owner.length > pagesInFile) {
        for (let p = pagesInFile; p < this.owner.length; p++) if (this.owner[p]) this.release(store, this.owner[p]);
        this.owner.length = pagesInFile;
      }
      store.delete(IDBKeyRange.bound(pagesInFile, Infinity));
      store.delete(IDBKeyRange.lowerBound([pagesInFile]));
      for (const rec of this.dead.values()) store.delete(rec.key);
      this.stats.deletes += this.dead.size;
      this.dead = new Map();
      tx.objectStore('meta').put(fileSize, 'size');
      tx.objectStore('meta').put(gen, 'gen');
    } catch (e) {
      this.abandon();
      done(false, failureMessage(e));
      return true;
    }
    this.gen++;
    this.seq = 0;
    this.undo = [];
    this.openKeys = [];
    tx.oncomplete = () => {
      this.committedGen = gen;
      // How long the commit's last transaction took to become durable.
      this.lastCommit = { ms: performance.now() - started, pages: pagesWritten, bytes: pagesWritten * PAGE };
      done(true);
    };
    tx.onabort = tx.onerror = () => {
      // The in-memory bookkeeping is rebuilt at the next start; until then every page is rewritten
      // (the caller marks them all dirty), under new records.
      done(false, failureMessage(tx.error));
    };
    return true;
  }

  // Forgets the open transaction's records (rolled back, or its commit failed).
  abandon() {
    const gen = this.gen;
    const u = this.undo;
    for (let i = u.length - 2; i >= 0; i -= 2) this.owner[u[i]] = u[i + 1];
    this.undo = [];
    // Live counts and the dead list are rebuilt from the restored owners: a record the transaction
    // superseded wholly (in the dead list) is live again when a page's owner is restored to it.
    const keep = new Map();
    for (const [id, rec] of [...this.records, ...this.dead]) if (rec.gen !== gen) { rec.live = 0; keep.set(id, rec); }
    for (const id of this.owner) if (id && keep.has(id)) keep.get(id).live++;
    this.records = new Map();
    this.dead = new Map();
    for (const [id, rec] of keep) (rec.live ? this.records : this.dead).set(id, rec);
    const keys = this.openKeys;
    this.openKeys = [];
    try {
      const tx = this.db.transaction(['pages'], 'readwrite');
      const store = tx.objectStore('pages');
      for (const key of keys) store.delete(key);
    } catch (e) {}
    // Records of that gen a delete missed stay invisible (never committed) and are removed at the next start.
    this.gen++;
    this.seq = 0;
    this.stageFailed = null;
  }

  // Empties the store (the registry was cleared).
  clear() {
    const tx = this.db.transaction(['pages', 'meta'], 'readwrite');
    tx.objectStore('pages').clear();
    tx.objectStore('meta').clear();
    this.owner = [];
    this.records = new Map();
    this.dead = new Map();
    this.undo = [];
    this.openKeys = [];
    this.committedGen = 0;
  }

  // A page of record id was superseded (or cut off): a record left with no live page is deleted, now if
  // the open transaction wrote it, else by the commit.
  release(store, id) {
    const old = this.records.get(id);
    if (!old || --old.live > 0) return;
    this.records.delete(id);
    if (old.gen === this.gen) { store.delete(old.key); this.stats.deletes++; }
    else this.dead.set(id, old);
  }

  // Writes pages into store as records of up to recordPages pages, for the open gen.
  putRecords(store, indices, pages) {
    const PAGE = this.pageSize;
    for (let i = 0; i < indices.length; i += this.recordPages) {
      const j = Math.min(indices.length, i + this.recordPages);
      const first = indices[i], count = j - i;
      const bytes = new Uint8Array(count * PAGE);
      for (let k = 0; k < count; k++) bytes.set(pages[i + k].subarray(0, PAGE), k * PAGE);
      const consecutive = indices[j - 1] - first === count - 1;
      const list = consecutive ? null : Uint32Array.from(indices.subarray(i, j));
      const value = list ? { pages: list, data: bytes.buffer, sum: recordSum(bytes, list) } : { data: bytes.buffer, sum: recordSum(bytes, null) };
      const key = [first, this.gen, this.seq++];
      const id = this.nextId++;
      this.records.set(id, { key, first, count, gen: this.gen, live: count });
      store.put(value, key);
      this.stats.puts++;
      this.stats.putBytes += bytes.length;
      this.openKeys.push(key);
      for (let k = i; k < j; k++) {
        const p = indices[k];
        const prev = this.owner[p];
        this.undo.push(p, prev);
        this.owner[p] = id;
        if (prev) this.release(store, prev);
      }
    }
  }
}
