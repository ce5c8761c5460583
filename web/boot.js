// mvr page glue, the entry (web/index.html loads it as a module): loads the wasm app, restores the
// registry's pages from IndexedDB, and starts the app with the browser's services beside it. One module a
// job: host.js (Module.mvrHost), links.js, remote.js, idb-store.js and persist.js (the pages in IndexedDB,
// Module.mvrPersist), parse-client.js (files, the parse worker), input.js, sw-register.js; heap.js hands
// bytes and strings to the module; mvr-constants.js (written by the build) holds what C++ shares.
// All URLs are relative, so the site works from any static host and any sub-path.
import { $, fatal, status } from './ui.js';
import { host, takeLock, refreshStorage, copiedText } from './host.js';
import { openPageDb, PageRecords } from './idb-store.js';
import { restorePages, makePersist, makeMemoryPersist } from './persist.js';
import { importBytes } from './parse-client.js';
import { openLinkFragment, applyHash } from './links.js';
import { hostedRegistry, openRemoteRegistry } from './remote.js';
import { wireInput } from './input.js';
import { registerServiceWorker } from './sw-register.js';
import { PAGE_SIZE } from './mvr-constants.js';

async function start() {
  status('Loading mvr…', 0.05);
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  // Storage that will not open is no reason not to start: the app runs in memory and says that nothing is saved.
  let db = null;
  try {
    db = await openPageDb();
  } catch (e) {
    host.storageProblem = 'the browser\'s storage (IndexedDB) could not be opened: ' + (e && e.message ? e.message : String(e));
    console.warn('mvr: ' + host.storageProblem);
  }
  // Without storage the tab is a registry of its own: it writes nothing another tab could read, so it needs no lock.
  host.haveLock = db ? await takeLock() : true;
  const fontPromise = fetch('fonts/ui.ttf').then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
  const records = db ? new PageRecords(db, { pageSize: PAGE_SIZE }) : null;

  window.Module = {
    canvas: $('canvas'),
    noInitialRun: true,
    mvrHost: host,
    mvrPersist: records ? makePersist(records) : makeMemoryPersist(host.storageProblem),
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
        // A stored record whose bytes no longer match its checksum is never served silently: the app opens what
        // is readable, read-only (nothing written over it), and says which records and what to do.
        let damaged = false;
        if (records) {
          const loaded = await restorePages(records);
          if (loaded.damaged.length) {
            damaged = true;
            const pages = loaded.damaged.reduce((n, d) => n + d.count, 0);
            host.storageDamage = `${loaded.damaged.length} stored ${loaded.damaged.length === 1 ? 'record' : 'records'} (${pages} ` +
              `pages, the first at page ${loaded.damaged[0].first}) no longer match their checksum`;
            console.warn('mvr: ' + host.storageDamage);
          } else if (host.haveLock) {
            records.removeStale(loaded.stale);
          }
        }
        wireInput(copiedText);
        refreshStorage();
        setInterval(refreshStorage, 5000);
        Module.callMain(host.haveLock && !damaged ? [] : ['--read-only']);
        window.addEventListener('popstate', applyHash);
        window.addEventListener('hashchange', applyHash);
        // First visit with an empty registry: show the bundled example, unless the user cleared it.
        let cleared = null;
        try { cleared = localStorage.getItem('mvr.example'); } catch (e) {}
        // A published folder names its registry in site.json; ?registry= names any other.
        const registry = await hostedRegistry();
        if (host.haveLock && !damaged && Module._mvr_version_count() === 0 && cleared === null && !registry && !location.hash.startsWith('#c=')) {
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

// WebGL2 is required to draw; say so plainly instead of showing a blank page.
if (!document.createElement('canvas').getContext('webgl2')) {
  fatal('Your browser does not support WebGL2 (or it is turned off), and mvr draws its interface with it. ' +
        'Use a current Chrome, Edge, Firefox or Safari, and check that hardware acceleration is enabled.');
} else {
  start();
}
