// The record engine (web/idb-store.js) bound to the wasm module: the saved pages go into the module's page
// store at start-up, and Module.mvrPersist (write, abandon, clear) takes the pages each commit changed
// (src/platform/persist_web.cpp).
import { call, withHeap } from './heap.js';
import { refreshStorage } from './host.js';
import { status } from './ui.js';

// Reads every saved page into the page store, before main() opens the database. Resolves load()'s answer.
export async function restorePages(records) {
  const loaded = await records.load(
    (bytes, pages) => withHeap([bytes], (ptr) => {
      for (const [page, at] of pages) Module._mvr_store_page(page, ptr + at, records.pageSize);
    }),
    (count) => status('Opening the registry… ' + count + ' pages'));
  if (loaded.count) Module._mvr_store_set_size(loaded.size);
  return loaded;
}

// Without storage (IndexedDB would not open): the registry lives in the tab's memory. Every commit is reported as
// not saved, with why, so the status bar never says "saved".
export function makeMemoryPersist(problem) {
  const message = 'nothing is saved in this tab (' + problem + '); export to keep your work';
  return {
    write(indices, pointers, fileSize, pageSize, final) {
      if (final) setTimeout(() => call(Module._mvr_persist_done, 0, message), 0);
      return 1;
    },
    abandon() {},
    clear() {},
  };
}

export function makePersist(records) {
  window.mvrIdbStats = records.stats;  // for benchmarks: what this tab asked IndexedDB to do
  const done = (ok, message) => {
    // For benchmarks and tests: how long the commit's last transaction took to become durable.
    if (ok) window.mvrLastCommit = records.lastCommit;
    call(Module._mvr_persist_done, ok ? 1 : 0, message || 0);
    if (ok) refreshStorage();
  };
  return {
    // indices and pointers: Uint32Arrays over the module's heap (the page numbers, and where each page's
    // bytes are). 1 when taken, 0 when staged pages were declined (they stay dirty).
    write(indices, pointers, fileSize, pageSize, final) {
      const heap = Module.HEAPU8;
      const pages = Array.from(pointers, (p) => heap.subarray(p, p + pageSize));
      return records.write(indices, pages, fileSize, final, done) ? 1 : 0;
    },
    abandon() { records.abandon(); },
    clear() { records.clear(); },
  };
}
