// mvr page glue: loads the wasm app, restores the registry's pages from IndexedDB, persists each commit,
// and connects the browser (files, drag and drop, clipboard, downloads, tabs) to the C++ side.
// All URLs are relative, so the site works from any static host and any sub-path.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const DB_NAME = 'mvr';
  const LOCK_NAME = 'mvr-registry-writer';

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
    setFragment(fragment, push) {
      const url = location.pathname + location.search + (fragment ? '#' + fragment : '');
      if (url === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    },
    // A comparison link: the payload deflated (raw) and base64url-encoded into the fragment, which never
    // reaches any server.
    async makeLink(bytes) {
      const packed = await compress(bytes);
      const url = location.origin + location.pathname + '#c=' + toBase64Url(packed);
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

  async function openLinkFragment(hash) {
    try {
      const payload = await decompress(fromBase64Url(hash.slice(3)));
      callWithBytes(Module._mvr_open_link, payload);
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

  function makePersist(db) {
    return {
      commit(pages, fileSize, pageSize) {
        const started = performance.now();
        let tx;
        try {
          tx = db.transaction(['pages', 'meta'], 'readwrite', { durability: 'strict' });
        } catch (e) {
          return done(false, 'saving failed: ' + e.message);
        }
        const store = tx.objectStore('pages');
        for (const [index, buffer] of pages) store.put(buffer, index);
        const pagesInFile = Math.ceil(fileSize / pageSize);
        store.delete(IDBKeyRange.lowerBound(pagesInFile));
        tx.objectStore('meta').put(fileSize, 'size');
        tx.oncomplete = () => {
          // For benchmarks and tests: how long the last commit took to become durable, and its size.
          window.mvrLastCommit = { ms: performance.now() - started, pages: pages.length, bytes: pages.length * pageSize };
          done(true);
          refreshStorage();
        };
        tx.onabort = tx.onerror = () => {
          const err = tx.error;
          const quota = err && (err.name === 'QuotaExceededError' || /quota/i.test(err.message));
          done(false, quota ? 'browser storage is full (quota exceeded); free space or export the registry — the last saved state is intact'
                            : 'saving failed: ' + (err ? err.name + ': ' + err.message : 'unknown error'));
        };
        function done(ok, message) {
          const ptr = message ? Module.allocateUTF8(message) : 0;
          Module._mvr_persist_done(ok ? 1 : 0, ptr);
          if (ptr) Module._free(ptr);
        }
      },
      clear() { db.transaction(['pages', 'meta'], 'readwrite').objectStore('pages').clear(); },
    };
  }

  function loadPages(db) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(['pages', 'meta'], 'readonly');
      let size = 0, count = 0;
      tx.objectStore('meta').get('size').onsuccess = (e) => { size = e.target.result || 0; };
      const req = tx.objectStore('pages').openCursor();
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return;
        const bytes = new Uint8Array(cursor.value);
        const ptr = Module._malloc(bytes.length);
        Module.HEAPU8.set(bytes, ptr);
        Module._mvr_store_page(cursor.key, ptr, bytes.length);
        Module._free(ptr);
        if ((++count & 255) === 0) status('Opening the registry… ' + count + ' pages');
        cursor.continue();
      };
      tx.oncomplete = () => { if (count) Module._mvr_store_set_size(size); resolve(count); };
      tx.onerror = () => reject(tx.error);
    });
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
  async function importFiles(files) {
    const contents = await Promise.all(files.map((f) => f.arrayBuffer()));
    files.forEach((f, i) => importBytes(f.name, new Uint8Array(contents[i]), false));
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
          await loadPages(db);
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
          if (location.hash && !location.hash.startsWith('#c=')) applyHash();
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
