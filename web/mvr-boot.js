// mvr page glue: loads the wasm app, restores the registry's pages from IndexedDB, persists each commit,
// and connects the browser (files, drag and drop, clipboard, downloads, tabs) to the C++ side.
// All URLs are relative, so the site works from any static host and any sub-path.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const DB_NAME = 'mvr';
  const LOCK_NAME = 'mvr-registry-writer';
  const PAGE_SIZE = 8192;  // storage::kVfsPageSize

  function fatal(message) {
    $('loading').hidden = true;
    $('fatal-text').textContent = message;
    $('fatal').hidden = false;
  }
  function status(text, fraction) {
    $('loading-text').textContent = text;
    if (fraction !== undefined) $('loading-bar').style.width = Math.round(fraction * 100) + '%';
  }

  // WebGL2 is required to draw; say so plainly instead of showing a blank page.
  const probe = document.createElement('canvas').getContext('webgl2');
  if (!probe) {
    fatal('Your browser does not support WebGL2 (or it is turned off), and mvr draws its interface with it. ' +
          'Use a current Chrome, Edge, Firefox or Safari, and check that hardware acceleration is enabled.');
    return;
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('pages');
        req.result.createObjectStore('meta');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  // One writer at a time: the first tab takes the lock and keeps it; later tabs open read-only and
  // reload when the writer announces a commit.
  function takeLock() {
    if (!navigator.locks) return Promise.resolve(true);
    return new Promise((resolve) => {
      navigator.locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => {
        resolve(!!lock);
        return lock ? new Promise(() => {}) : undefined;  // hold it for the life of the tab
      });
    });
  }

  const channel = 'BroadcastChannel' in self ? new BroadcastChannel('mvr') : null;
  let lastCopied = '';

  const host = {
    // The view the URL asks for, as the page was opened: the app applies it before it draws a frame, so
    // that nothing (such as choosing the first model) can rewrite the fragment first.
    initialFragment: location.hash.startsWith('#c=') ? '' : location.hash.replace(/^#/, ''),
    haveLock: false,
    otherTabChanged: false,
    storage: { usage: 0, quota: 0, persisted: false },
    fatal,
    started() { $('loading').hidden = true; $('canvas').focus(); },
    download(name, mime, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    pickFiles() { $('picker').value = ''; $('picker').click(); },
    setClipboard(text) {
      lastCopied = text;
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(() => {});
    },
    announceCommit() { if (channel) channel.postMessage('commit'); },
    startParse(id) { parser.start(id); },
    ackParse(id) { if (parser.worker) parser.worker.postMessage({ ack: id }); },
    cancelParse() { parser.cancel(); },
    setFragment(fragment, push) {
      const url = location.pathname + location.search + (fragment ? '#' + fragment : '');
      if (url === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    },
    // A comparison link: the payload deflated (raw) and base64url-encoded into the fragment, which never
    // reaches any server.
    async makeLink(bytes, options) {
      const packed = await compress(bytes);
      const url = location.origin + location.pathname + '#c=' + toBase64Url(packed) + (options ? '&' + options : '');
      const tooLong = url.length > LINK_LIMIT;
      window.mvrLastLink = url;
      if (!tooLong) host.setClipboard(url);
      const p = Module.allocateUTF8(url);
      Module._mvr_link_made(p, tooLong ? 1 : 0);
      Module._free(p);
    },
  };
  const LINK_LIMIT = 8000;  // longer URLs get cut by chat tools, mail clients and some servers' logs

  async function compress(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  async function decompress(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  function toBase64Url(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64Url(text) {
    const b = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(b.length);
    for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out;
  }
  function callWithBytes(fn, bytes, ...strings) {
    const ptrs = strings.map((t) => Module.allocateUTF8(t));
    const p = Module._malloc(bytes.length || 1);
    Module.HEAPU8.set(bytes, p);
    fn(...ptrs, p, bytes.length);
    Module._free(p);
    ptrs.forEach((x) => Module._free(x));
  }
  function remoteError(message) {
    const p = Module.allocateUTF8(message);
    Module._mvr_remote_error(p);
    Module._free(p);
  }

  // "#c=<payload>&d=0": the payload (base64url, never '&'), then the view's options as a route fragment.
  async function openLinkFragment(hash) {
    try {
      const amp = hash.indexOf('&');
      const payload = await decompress(fromBase64Url(hash.slice(3, amp < 0 ? undefined : amp)));
      callWithBytes(Module._mvr_open_link, payload, amp < 0 ? '' : hash.slice(amp + 1));
    } catch (e) {
      remoteError('This comparison link is damaged or incomplete (' + e.message + '); ask for it again, or copy the whole link.');
    }
  }

  // ?registry=URL: a registry file on any static host, opened as a view. Each way it can fail gets its own
  // message, since "failed to fetch" helps nobody.
  async function openRemoteRegistry(spec) {
    let url;
    try {
      url = new URL(spec, location.href);
    } catch (e) {
      return remoteError('"' + spec + '" is not a valid URL for ?registry=.');
    }
    const bar = $('remote');
    bar.hidden = false;
    const say = (t) => { $('remote-text').textContent = t; };
    say('Downloading ' + url.href + ' …');
    let resp;
    try {
      resp = await fetch(url, { mode: 'cors', cache: 'no-cache' });
    } catch (e) {
      bar.hidden = true;
      if (url.origin !== location.origin) {
        // fetch fails the same way for a refused cross-origin read and for an unreachable host; an opaque
        // request succeeds only when the host answered, which tells the two apart.
        let answered = false;
        try { await fetch(url, { mode: 'no-cors', cache: 'no-cache' }); answered = true; } catch (e2) {}
        if (answered)
          return remoteError(url.host + ' answered, but does not allow other sites to read ' + url.pathname +
            '. The host must send the response header "Access-Control-Allow-Origin: *" (or "Access-Control-Allow-Origin: ' +
            location.origin + '") with that file.');
      }
      return remoteError('Could not reach ' + url.host + ' to download ' + url.href + ' (the network is off, or the host is down).');
    }
    if (resp.status === 404) { bar.hidden = true; return remoteError(url.href + ' was not found on its host (HTTP 404).'); }
    if (!resp.ok) { bar.hidden = true; return remoteError(url.href + ': the host answered HTTP ' + resp.status + ' ' + resp.statusText + '.'); }
    const total = Number(resp.headers.get('content-length')) || 0;
    const chunks = [];
    let got = 0;
    const reader = resp.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      say('Downloading ' + url.href + ' … ' + (total ? Math.round((100 * got) / total) + '%' : (got / 1e6).toFixed(1) + ' MB'));
      $('remote-bar').style.width = total ? Math.round((100 * got) / total) + '%' : '50%';
    }
    bar.hidden = true;
    const bytes = new Uint8Array(got);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    let i = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
    if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) {
      const head = new TextDecoder().decode(bytes.subarray(i, i + 40)).replace(/\s+/g, ' ');
      const html = /^<(!doctype|html|head|body)/i.test(head);
      return remoteError(url.href + ' is not JSON: it starts with "' + head + '"' +
        (html ? ' (an HTML page: perhaps an error or login page, or the wrong address)' : '') + '.');
    }
    callWithBytes(Module._mvr_open_remote, bytes, url.href);
  }

  // The view in the URL (#m=...&v=...): back and forward, and fragments typed or pasted into the address bar.
  function applyHash() {
    const h = location.hash;
    if (h.startsWith('#c=')) return openLinkFragment(h);
    const p = Module.allocateUTF8(h.replace(/^#/, ''));
    Module._mvr_apply_fragment(p);
    Module._free(p);
  }
  if (channel) channel.onmessage = () => { host.otherTabChanged = true; };

  function refreshStorage() {
    if (!navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then((e) => { host.storage.usage = e.usage || 0; host.storage.quota = e.quota || 0; });
    if (navigator.storage.persisted) navigator.storage.persisted().then((p) => { host.storage.persisted = p; });
  }

  // ---- The registry's pages in IndexedDB -------------------------------------------------------------
  // Store 'pages': key [first, gen, seq] -> a record of pages: either an ArrayBuffer holding consecutive
  // pages from page `first`, or { pages: Uint32Array of page numbers (sorted, the first is `first`), data:
  // ArrayBuffer of their bytes } for pages scattered through the file. A record holds up to RECORD_PAGES
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
  const RECORD_PAGES = 1024;
  const STAGE_BACKLOG = 64 * 1024 * 1024;
  const pageDb = {
    committedGen: 0,
    gen: 1,                // the gen the next writes use
    seq: 0,
    owner: [],             // page -> record id holding its current bytes
    records: new Map(),    // record id -> { key, first, count, gen, live }
    nextId: 1,
    undo: [],              // [page, previous owner] for the open transaction
    openKeys: [],          // keys the open transaction wrote
    dead: [],              // keys of committed records wholly superseded: deleted by the next commit
    stageFailed: null,     // an error of a staged write: the commit must fail
    inFlight: 0,           // bytes of staged writes IndexedDB has not finished
  };

  const stamp = (gen, seq) => gen * 4294967296 + seq;

  function loadPages(db) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(['pages', 'meta'], 'readonly');
      let size = 0, count = 0, maxGen = 0;
      const stamps = [], stale = [];
      tx.objectStore('meta').get('size').onsuccess = (e) => { size = e.target.result || 0; };
      tx.objectStore('meta').get('gen').onsuccess = (e) => { pageDb.committedGen = e.target.result || 0; };
      const req = tx.objectStore('pages').openCursor();
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return;
        const key = cursor.key;
        const first = typeof key === 'number' ? key : key[0];
        const gen = typeof key === 'number' ? 0 : key[1];
        const seq = typeof key === 'number' ? 0 : key[2];
        maxGen = Math.max(maxGen, gen);
        if (gen > pageDb.committedGen) {
          stale.push(key);  // written by a transaction that never committed
        } else {
          const value = cursor.value;
          const list = value instanceof ArrayBuffer ? null : value.pages;
          const bytes = new Uint8Array(list ? value.data : value);
          const pages = Math.floor(bytes.length / PAGE_SIZE);
          const id = pageDb.nextId++;
          const rec = { key, first, count: pages, gen, live: 0 };
          pageDb.records.set(id, rec);
          const at = stamp(gen, seq);
          let ptr = 0;
          for (let i = 0; i < pages; i++) {
            const p = list ? list[i] : first + i;
            if (stamps[p] !== undefined && stamps[p] > at) continue;
            if (!ptr) { ptr = Module._malloc(bytes.length); Module.HEAPU8.set(bytes, ptr); }
            Module._mvr_store_page(p, ptr + i * PAGE_SIZE, PAGE_SIZE);
            const prev = pageDb.owner[p];
            if (prev) pageDb.records.get(prev).live--;
            pageDb.owner[p] = id;
            stamps[p] = at;
            rec.live++;
          }
          if (ptr) Module._free(ptr);
          const before = count;
          count += pages;
          if ((before >> 8) !== (count >> 8)) status('Opening the registry… ' + count + ' pages');
        }
        cursor.continue();
      };
      tx.oncomplete = () => {
        if (count) Module._mvr_store_set_size(size);
        pageDb.gen = Math.max(maxGen, pageDb.committedGen) + 1;
        // Superseded records (possible only after an interrupted cleanup) go with the next commit.
        for (const [id, rec] of pageDb.records) if (rec.live === 0) { pageDb.dead.push(rec.key); pageDb.records.delete(id); }
        resolve({ count, stale });
      };
      tx.onerror = () => reject(tx.error);
    });
  }

  // The writer tab removes what transactions that never committed left behind.
  function removeStale(db, stale) {
    if (!stale.length) return;
    const tx = db.transaction(['pages'], 'readwrite');
    const store = tx.objectStore('pages');
    for (const key of stale) store.delete(key);
  }

  function makePersist(db) {
    const PAGE = PAGE_SIZE;
    // A page of record id was superseded (or cut off): a record left with no live page is deleted, now if
    // the open transaction wrote it, else by the commit.
    function release(store, id) {
      const old = pageDb.records.get(id);
      if (!old || --old.live > 0) return;
      pageDb.records.delete(id);
      if (old.gen === pageDb.gen) { store.delete(old.key); idbStats.deletes++; }
      else pageDb.dead.push(old.key);
    }
    // For benchmarks: what this tab asked IndexedDB to do.
    const idbStats = window.mvrIdbStats = { stagedTx: 0, puts: 0, putBytes: 0, deletes: 0 };
    // Writes pages (sorted indices, heap pointers) into store as records of up to RECORD_PAGES pages, for
    // the open gen.
    function putRecords(store, indices, pointers) {
      const heap = Module.HEAPU8;
      for (let i = 0; i < indices.length; i += RECORD_PAGES) {
        const j = Math.min(indices.length, i + RECORD_PAGES);
        const first = indices[i], count = j - i;
        const bytes = new Uint8Array(count * PAGE);
        for (let k = 0; k < count; k++) bytes.set(heap.subarray(pointers[i + k], pointers[i + k] + PAGE), k * PAGE);
        const consecutive = indices[j - 1] - first === count - 1;
        const value = consecutive ? bytes.buffer : { pages: Uint32Array.from(indices.subarray(i, j)), data: bytes.buffer };
        const key = [first, pageDb.gen, pageDb.seq++];
        const id = pageDb.nextId++;
        pageDb.records.set(id, { key, first, count, gen: pageDb.gen, live: count });
        store.put(value, key);
        idbStats.puts++;
        idbStats.putBytes += bytes.length;
        pageDb.openKeys.push(key);
        for (let k = i; k < j; k++) {
          const p = indices[k];
          const prev = pageDb.owner[p];
          pageDb.undo.push(p, prev);
          pageDb.owner[p] = id;
          if (prev) release(store, prev);
        }
      }
    }
    // Forgets the open transaction's records (rolled back, or its commit failed).
    function dropOpen() {
      const gen = pageDb.gen;
      const u = pageDb.undo;
      for (let i = u.length - 2; i >= 0; i -= 2) pageDb.owner[u[i]] = u[i + 1];
      pageDb.undo = [];
      // Live counts and the dead list are rebuilt from the restored owners.
      const keep = new Map();
      for (const [id, rec] of pageDb.records) if (rec.gen !== gen) { rec.live = 0; keep.set(id, rec); }
      for (const id of pageDb.owner) if (id && keep.has(id)) keep.get(id).live++;
      pageDb.records = keep;
      pageDb.dead = [];
      const keys = pageDb.openKeys;
      pageDb.openKeys = [];
      try {
        const tx = db.transaction(['pages'], 'readwrite');
        const store = tx.objectStore('pages');
        for (const key of keys) store.delete(key);
      } catch (e) {}
      // Records of that gen a delete missed stay invisible (never committed) and are removed at the next start.
      pageDb.gen++;
      pageDb.seq = 0;
      pageDb.stageFailed = null;
    }
    function failure(err) {
      const quota = err && (err.name === 'QuotaExceededError' || /quota/i.test(err.message));
      return quota ? 'browser storage is full (quota exceeded); free space or export the registry — the last saved state is intact'
                   : 'saving failed: ' + (err ? err.name + ': ' + err.message : 'unknown error');
    }
    function done(ok, message) {
      const ptr = message ? Module.allocateUTF8(message) : 0;
      Module._mvr_persist_done(ok ? 1 : 0, ptr);
      if (ptr) Module._free(ptr);
    }
    return {
      write(indices, pointers, fileSize, pageSize, final) {
        if (!final) {
          // Staged: relaxed durability, the commit's strict transaction comes after it in order. While
          // IndexedDB is behind by more than STAGE_BACKLOG bytes the pages stay dirty (0: not taken).
          if (pageDb.stageFailed || pageDb.inFlight > STAGE_BACKLOG) return 0;
          const bytes = indices.length * pageSize;
          let tx;
          try {
            tx = db.transaction(['pages'], 'readwrite', { durability: 'relaxed' });
            idbStats.stagedTx++;
            putRecords(tx.objectStore('pages'), indices, pointers);
          } catch (e) {
            pageDb.stageFailed = pageDb.stageFailed || e;
            return 1;
          }
          pageDb.inFlight += bytes;
          tx.oncomplete = () => { pageDb.inFlight -= bytes; };
          tx.onabort = tx.onerror = () => {
            pageDb.inFlight -= bytes;
            pageDb.stageFailed = pageDb.stageFailed || tx.error || new Error('staged write failed');
          };
          return 1;
        }
        const started = performance.now();
        const gen = pageDb.gen;
        let tx, pagesWritten = indices.length;
        try {
          if (pageDb.stageFailed) throw pageDb.stageFailed;
          tx = db.transaction(['pages', 'meta'], 'readwrite', { durability: 'strict' });
          const store = tx.objectStore('pages');
          putRecords(store, indices, pointers);
          // Pages past the end of the file are gone: their records lose them (and go when none is left), and
          // records that start there go in any case (format 1 keys are page numbers).
          const pagesInFile = Math.ceil(fileSize / pageSize);
          if (pageDb.owner.length > pagesInFile) {
            for (let p = pagesInFile; p < pageDb.owner.length; p++) if (pageDb.owner[p]) release(store, pageDb.owner[p]);
            pageDb.owner.length = pagesInFile;
          }
          store.delete(IDBKeyRange.bound(pagesInFile, Infinity));
          store.delete(IDBKeyRange.lowerBound([pagesInFile]));
          for (const key of pageDb.dead) store.delete(key);
          idbStats.deletes += pageDb.dead.length;
          pageDb.dead = [];
          tx.objectStore('meta').put(fileSize, 'size');
          tx.objectStore('meta').put(gen, 'gen');
        } catch (e) {
          dropOpen();
          done(false, failure(e));
          return 1;
        }
        pageDb.gen++;
        pageDb.seq = 0;
        pageDb.undo = [];
        pageDb.openKeys = [];
        tx.oncomplete = () => {
          pageDb.committedGen = gen;
          // For benchmarks and tests: how long the commit's last transaction took to become durable.
          window.mvrLastCommit = { ms: performance.now() - started, pages: pagesWritten, bytes: pagesWritten * pageSize };
          done(true);
          refreshStorage();
        };
        tx.onabort = tx.onerror = () => {
          // The in-memory bookkeeping is rebuilt at the next start; until then every page is rewritten
          // (the C++ side marks them all dirty), under new records.
          done(false, failure(tx.error));
        };
        return 1;
      },
      abandon() { dropOpen(); },
      clear() {
        const tx = db.transaction(['pages', 'meta'], 'readwrite');
        tx.objectStore('pages').clear();
        tx.objectStore('meta').clear();
        pageDb.owner = [];
        pageDb.records = new Map();
        pageDb.dead = [];
        pageDb.undo = [];
        pageDb.openKeys = [];
        pageDb.committedGen = 0;
      },
    };
  }

  function importBytes(name, bytes, example) {
    const n = Module.allocateUTF8(name);
    const ptr = Module._malloc(bytes.length || 1);
    Module.HEAPU8.set(bytes, ptr);
    Module._mvr_import_file(n, ptr, bytes.length, example ? 1 : 0);
    Module._free(ptr);
    Module._free(n);
  }
  // All files of one pick or drop are read first, then handed over together: they form one import batch
  // (one transaction), so a bad file among them imports nothing.
  // Large files of mvr manifests are read by the parse worker (web/parse-worker.js, the same module without
  // its UI): it parses and validates beside the main thread, which stores what it sends. The page keeps
  // the File (the worker reads it); the app decides from the file's first megabyte whether it can go there.
  const PARSE_MIN_BYTES = 4 * 1024 * 1024;
  const parser = {
    worker: null,
    files: new Map(),  // id -> File, until the app starts reading it
    nextId: 1,
    current: 0,
    stats: window.mvrParseStats = { files: 0, packs: 0 },  // for tests and benchmarks
    start(id) {
      const file = this.files.get(id);
      this.files.delete(id);
      this.current = id;
      this.stats.files++;
      if (!this.worker) {
        this.worker = new Worker('parse-worker.js');
        this.worker.onmessage = (e) => this.received(e.data);
        this.worker.onerror = (e) => {
          e.preventDefault();
          this.failed(this.current, e.message || 'the parse worker stopped');
          this.worker = null;  // a new one for the next file
        };
      }
      this.worker.postMessage({ id, file, name: file.name });
    },
    received(m) {
      if (m.id !== this.current) return;  // a cancelled file's last packs
      if (m.error) { this.failed(m.id, m.error); return; }
      this.stats.packs++;
      const bytes = new Uint8Array(m.pack);
      const p = Module._malloc(bytes.length || 1);
      Module.HEAPU8.set(bytes, p);
      Module._mvr_parse_pack(m.id, p, bytes.length, m.offset, m.done ? 1 : 0, m.clean ? 1 : 0, m.dropped);
      Module._free(p);
      if (m.done) this.current = 0;
    },
    failed(id, message) {
      const p = Module.allocateUTF8(message);
      Module._mvr_parse_failed(id, p);
      Module._free(p);
    },
    cancel() {
      if (this.worker && this.current) this.worker.postMessage({ cancel: this.current });
      this.current = 0;
    },
  };

  function startsAsMvr(file, head) {
    const n = Module.allocateUTF8(file.name);
    const p = Module._malloc(head.length || 1);
    Module.HEAPU8.set(head, p);
    const yes = Module._mvr_starts_as_mvr(n, p, head.length) === 1;
    Module._free(p);
    Module._free(n);
    return yes;
  }
  async function importFiles(files) {
    // Which large files the worker can read (their start says so); then everything else is read whole.
    const heads = await Promise.all(files.map((f) => (f.size >= PARSE_MIN_BYTES ? f.slice(0, 1 << 20).arrayBuffer() : null)));
    const external = files.map((f, i) => heads[i] !== null && startsAsMvr(f, new Uint8Array(heads[i])));
    const contents = await Promise.all(files.map((f, i) => (external[i] ? null : f.arrayBuffer())));
    // All in one go: one batch, one transaction.
    files.forEach((f, i) => {
      if (!external[i]) { importBytes(f.name, new Uint8Array(contents[i]), false); return; }
      const id = parser.nextId++;
      parser.files.set(id, f);
      const n = Module.allocateUTF8(f.name);
      Module._mvr_import_external(n, f.size, id);
      Module._free(n);
    });
  }

  function wireInput() {
    $('picker').addEventListener('change', (e) => importFiles(Array.from(e.target.files)));
    let depth = 0;
    window.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; $('drop').classList.add('on'); });
    window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; $('drop').classList.remove('on'); } });
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      $('drop').classList.remove('on');
      if (e.dataTransfer && e.dataTransfer.files.length) importFiles(Array.from(e.dataTransfer.files));
    });
    document.addEventListener('paste', (e) => {
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      const p = Module.allocateUTF8(text);
      Module._mvr_paste(p);
      Module._free(p);
      e.preventDefault();
    });
    document.addEventListener('copy', (e) => {
      if (!lastCopied) return;
      e.clipboardData.setData('text/plain', lastCopied);
      e.preventDefault();
    });
    document.addEventListener('contextmenu', (e) => e.preventDefault());
  }

  // Offline: the service worker caches the app at the first visit. A new deployment waits until the user
  // agrees to reload (no silent swap under an open registry).
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('sw.js').then((reg) => {
      const offer = (worker) => {
        if (!worker || !navigator.serviceWorker.controller) return;
        $('update').hidden = false;
        window.mvrUpdateAvailable = true;
        $('update-reload').onclick = () => worker.postMessage('skip-waiting');
      };
      const watch = (w) => { if (w) w.addEventListener('statechange', () => { if (w.state === 'installed') offer(w); }); };
      // The browser checks for a new sw.js on navigation, possibly before this runs: look at what is
      // already waiting or installing, then listen for later updates.
      if (reg.waiting) offer(reg.waiting);
      watch(reg.installing);
      reg.addEventListener('updatefound', () => watch(reg.installing));
      // Each online visit asks for a new deployment (the browser's own check is throttled, and a check
      // made while the page is still starting can be folded into the navigation's own), then every 10 min.
      const check = () => (navigator.onLine ? reg.update().catch(() => {}) : Promise.resolve());
      window.mvrCheckForUpdate = check;
      setTimeout(check, 5000);
      setInterval(check, 600000);
      window.addEventListener('online', check);
      let reloading = false;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (window.mvrUpdateAvailable && !reloading) { reloading = true; location.reload(); }
      });
    }).catch((e) => console.warn('service worker not registered:', e));
  }

  async function start() {
    status('Loading mvr…', 0.05);
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    let db;
    try {
      db = await openDb();
    } catch (e) {
      fatal('The browser refused access to its storage (IndexedDB): ' + e + '. Private windows of some browsers do this.');
      return;
    }
    host.haveLock = await takeLock();
    const fontPromise = fetch('fonts/ui.ttf').then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);

    window.Module = {
      canvas: $('canvas'),
      noInitialRun: true,
      mvrHost: host,
      mvrPersist: makePersist(db),
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      setStatus: (t) => {
        const m = /\((\d+(\.\d+)?)\/(\d+)\)/.exec(t || '');
        if (m) status('Downloading mvr…', 0.1 + 0.6 * (m[1] / m[3]));
      },
      onAbort: (what) => fatal('mvr stopped: ' + what),
      async onRuntimeInitialized() {
        try {
          status('Opening the registry…', 0.8);
          const font = await fontPromise;
          if (font) {
            Module.FS.mkdir('/fonts');
            Module.FS.writeFile('/fonts/ui.ttf', new Uint8Array(font));
          }
          const loaded = await loadPages(db);
          if (host.haveLock) removeStale(db, loaded.stale);
          wireInput();
          refreshStorage();
          setInterval(refreshStorage, 5000);
          Module.callMain(host.haveLock ? [] : ['--read-only']);
          window.addEventListener('popstate', applyHash);
          window.addEventListener('hashchange', applyHash);
          // First visit with an empty registry: show the bundled example, unless the user cleared it.
          let cleared = null;
          try { cleared = localStorage.getItem('mvr.example'); } catch (e) {}
          // A published folder names its registry in site.json; ?registry= names any other.
          let registry = new URLSearchParams(location.search).get('registry');
          if (!registry) {
            try {
              const site = await fetch('site.json', { cache: 'no-cache' });
              if (site.ok) registry = (await site.json()).registry || null;
            } catch (e) {}
          }
          if (host.haveLock && Module._mvr_version_count() === 0 && cleared === null && !registry && !location.hash.startsWith('#c=')) {
            const r = await fetch('examples/registry.json');
            if (r.ok) importBytes('example registry', new Uint8Array(await r.arrayBuffer()), true);
          }
          if (location.hash.startsWith('#c=')) await openLinkFragment(location.hash);
          else if (registry) await openRemoteRegistry(registry);
          registerServiceWorker();
        } catch (e) {
          fatal('mvr could not start: ' + e);
        }
      },
    };
    const s = document.createElement('script');
    s.src = 'mvr.js';
    s.onerror = () => fatal('Could not load mvr.js from this site.');
    document.body.appendChild(s);
  }
  start();
})();
