// Browser storage that fails (issue 16): IndexedDB missing, failing to open (a real VersionError: the origin holds
// a database of a newer layout) or blocked by another tab. The app still opens, in memory, with a banner saying
// nothing will be saved and never claims "saved"; it is never a blank page. Storage that fills up (the origin's
// quota lowered through the DevTools protocol) during an import and during a small change: a clear message, and
// after a reload the last saved commit. A stored record damaged (a byte changed in IndexedDB): found at start-up
// by its checksum, said, and the registry opened read-only with its export at hand. A tab killed (its renderer crashed) at 20 moments of a 25,000-version
// import and its commit: reopened, the registry is byte for byte the one before or the one after, and SQLite's
// integrity check is ok. And two tabs opened at the same moment: exactly one writes, every time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, tempProfile, waitState, widget, click, openApp, assert, shot, chooseFiles, root } from './lib.mjs';

const workload = path.join(root, 'tests', 'bench', 'workload.py');

export default function register({ test, site }) {
  // Each way IndexedDB can fail, and what the banner must say.
  const faults = [
    {
      name: 'missing',
      // A browser without IndexedDB (some embedded views): the global is gone before the page's first script.
      init: () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }),
      says: /gives the page no IndexedDB/,
    },
    {
      name: 'failing to open',
      // Real: the origin already holds "mvr" at a version above the one this release opens (VersionError).
      prepare: async (page) => {
        await page.goto(site.url + 'site.json');
        await page.evaluate(() => new Promise((resolve, reject) => {
          const r = indexedDB.open('mvr', 7);
          r.onupgradeneeded = () => r.result.createObjectStore('other');
          r.onsuccess = () => { r.result.close(); resolve(); };
          r.onerror = () => reject(r.error);
        }));
      },
      says: /could not be opened: .*(version|Version)/,
    },
    {
      name: 'blocked',
      // Injected: the open request reports "blocked" (another tab holding the database in another version).
      init: () => {
        const open = indexedDB.open.bind(indexedDB);
        indexedDB.open = (name, version) => {
          if (name !== 'mvr') return open(name, version);
          const req = {};
          setTimeout(() => req.onblocked && req.onblocked(new Event('blocked')), 20);
          return req;
        };
      },
      says: /another tab holds the storage open/,
    },
  ];
  test('IndexedDB missing, failing to open or blocked: the app opens in memory with a banner that nothing will be saved', async () => {
    for (const f of faults) {
      const { context, page } = await launch(tempProfile('idb-' + f.name.replace(/ /g, '-')));
      try {
        if (f.prepare) await f.prepare(page);
        if (f.init) await page.addInitScript(f.init);
        const s = await openApp(page, site.url);
        assert(f.says.test(s.storageProblem), `${f.name}: the problem is named (${s.storageProblem})`);
        await widget(page, 'storage.banner');
        assert(s.versions > 0 && !s.readOnly, `${f.name}: the example opened in memory, writable (${s.versions} versions)`);
        const after = await waitState(page, (x) => x.commits > 0, `${f.name}: the example's commit settled`);
        assert(!after.saved && /nothing is saved in this tab/.test(after.saveError), `${f.name}: never "saved" (${after.saveError})`);
        if (f.name === 'missing') await shot(page, '55-no-storage');
      } finally {
        await context.close();
      }
    }
  });

  test('two tabs opened at the same moment: exactly one writes, 20 times over', async () => {
    const { context, page: watcher } = await launch(tempProfile('two-tabs'));
    try {
      // A page of the origin that is not the app, to see the writer's lock go between rounds.
      await watcher.goto(site.url + 'site.json');
      const locksHeld = () => watcher.evaluate(async () => (await navigator.locks.query()).held.length);
      const counts = [];
      for (let round = 0; round < 20; round++) {
        for (let t = 0; (await locksHeld()) > 0; t++) {
          assert(t < 100, `round ${round}: the closed tabs' lock was released`);
          await watcher.waitForTimeout(50);
        }
        const pages = await Promise.all([context.newPage(), context.newPage()]);
        await Promise.all(pages.map((p) => p.goto(site.url)));
        const states = await Promise.all(pages.map((p) => waitState(p, (x) => x.panes !== undefined, `round ${round}: the app`)));
        const writers = states.filter((x) => !x.readOnly).length;
        counts.push(writers);
        assert(writers === 1, `round ${round}: exactly one writer (${writers})`);
        await Promise.all(pages.map((p) => p.close()));
      }
      console.log(`      20 rounds, writers per round: ${counts.join(' ')}`);
    } finally {
      await context.close();
    }
  });

  test('storage full during an import and during a small change: a clear message, and after a reload the last saved commit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-quota-'));
    const file = path.join(dir, 'registry-3000.json');
    execFileSync('python3', [workload, 'registry', '3000', file], { stdio: 'ignore' });
    const { context, page } = await launch(tempProfile('quota'));
    try {
      // The quota is the browser's for the origin (Storage.overrideQuotaForOrigin). Chromium checks a write
      // transaction against it as the transaction commits, from usage it counts lazily: 2 MB holds the example's
      // pages (70 KB) but none of the import's 8 MB records.
      await page.goto(site.url + 'site.json');
      const cdp = await context.newCDPSession(page);
      const origin = new URL(site.url).origin;
      const usage = async () => (await cdp.send('Storage.getUsageAndQuota', { origin })).usage;
      // Set with no page of the app open, after a moment for IndexedDB to let the database go (set while the
      // app had it open, it did not bind here).
      const setQuota = async (quotaSize) => {
        if (!page.url().endsWith('site.json')) await page.goto(site.url + 'site.json');
        await page.waitForTimeout(3000);
        await cdp.send('Storage.overrideQuotaForOrigin', quotaSize === undefined ? { origin } : { origin, quotaSize });
      };
      await setQuota(2 * 1024 * 1024);
      await page.goto(site.url);
      const before = await waitState(page, (x) => x.versions > 0 && !x.importing && x.saved, 'the example saved');
      await chooseFiles(page, [file]);
      const full = await waitState(page, (x) => !x.importing && x.saveError !== '', 'the import refused by the full storage', 90000);
      assert(/browser storage is full \(quota exceeded\)/.test(full.saveError), `the message says storage is full (${full.saveError})`);
      await shot(page, '56-storage-full');
      await page.reload();
      let s = await waitState(page, (x) => x.versions > 0 && !x.importing, 'the reload after the full import');
      assert(s.versions === before.versions, `the last saved commit (${s.versions} versions, was ${before.versions})`);

      // A small change with no room at all.
      await setQuota(Math.max(1, (await usage()) - 1));
      await page.goto(site.url + '#m=fraud-detector-gbm&focus=3');
      await waitState(page, (x) => x.focused === '3' && !x.importing, 'version 3 shown');
      await click(page, 'detail.deprecate');
      const small = await waitState(page, (x) => x.saveError !== '', 'the deprecation refused by the full storage', 30000);
      assert(/browser storage is full/.test(small.saveError), `the small change says storage is full (${small.saveError})`);
      await setQuota(undefined);
      await page.goto(site.url + '#m=fraud-detector-gbm&focus=3');
      s = await waitState(page, (x) => x.focused === '3' && !x.importing, 'version 3 after the reload');
      await page.waitForTimeout(300);
      const deprecated = await page.evaluate(() => 'detail.deprecated' in (window.mvrWidgets || {}));
      assert(!deprecated, 'the unsaved deprecation is not there after the reload');
      assert(s.versions === before.versions, 'the registry is the last saved commit');
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a tab killed at 20 moments of a 25,000-version import and its commit: reopened, the registry is the one before or the one after, never between', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-kill-'));
    const file = path.join(dir, 'registry-25000.json');
    execFileSync('python3', [workload, 'registry', '25000', file], { stdio: 'ignore' });
    // Without aliases and without the example, "after" is one exact registry (no alias history with times in it).
    const versions = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const v of versions) delete v.aliases;
    fs.writeFileSync(file, JSON.stringify(versions));
    const noExample = () => localStorage.setItem('mvr.example', 'cleared');
    const digest = (page) => page.evaluate(() => ({ digest: UTF8ToString(Module._mvr_export_digest()), check: UTF8ToString(Module._mvr_integrity_check()),
      versions: Module._mvr_version_count() }));
    const ready = (page) => waitState(page, (x) => x.panes !== undefined && !x.importing, 'the app open', 60000);
    // The two registries a killed import may leave: empty, and with the whole file; and how long the import takes.
    let empty, full, took;
    {
      const { context, page } = await launch(tempProfile('kill-ref'));
      try {
        await page.addInitScript(noExample);
        await page.goto(site.url);
        await ready(page);
        empty = await digest(page);
        const t0 = Date.now();
        await chooseFiles(page, [file]);
        await waitState(page, (x) => x.versions === versions.length && !x.importing && x.saved, 'the whole import saved', 180000);
        took = Date.now() - t0;
        full = await digest(page);
      } finally {
        await context.close();
      }
    }
    assert(empty.versions === 0 && full.versions === versions.length && full.check === 'ok', `the two ends (${empty.versions}, ${full.versions}, ${full.check})`);
    // Kill moments spread from the first bytes read to well after the commit (the IndexedDB write of ~90 MB
    // at its end): a loaded machine takes longer than the import alone did. The last kill comes as soon as
    // the app says everything is saved, so what it calls saved must survive the crash.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const outcomes = [];
    const kills = 20;
    for (let i = 0; i < kills; i++) {
      const last = i === kills - 1;
      const at = Math.round(took * (0.1 + 1.5 * ((i + rnd()) / (kills - 1))));
      const profile = tempProfile('kill-' + i);
      {
        const { context, page } = await launch(profile);
        try {
          await page.addInitScript(noExample);
          await page.goto(site.url);
          await ready(page);
          await chooseFiles(page, [file]);
          if (last) await waitState(page, (x) => x.versions === versions.length && !x.importing && x.saved, 'the whole import saved', 180000);
          else await page.waitForTimeout(at);
          const cdp = await context.newCDPSession(page);
          cdp.send('Page.crash').catch(() => {});
          await page.waitForEvent('crash', { timeout: 10000 }).catch(() => {});
        } finally {
          await context.close();
        }
      }
      const { context, page } = await launch(profile);
      try {
        await page.addInitScript(noExample);
        await page.goto(site.url);
        await ready(page);
        const d = await digest(page);
        const which = d.digest === empty.digest ? 'before' : d.digest === full.digest ? 'after' : 'BETWEEN';
        outcomes.push(`${last ? 'saved' : at + 'ms'}:${which}`);
        assert(which !== 'BETWEEN', `kill ${i} at ${last ? 'saved' : at + ' ms'}: the registry is the one before or after (${d.versions} versions)`);
        assert(!last || which === 'after', 'a kill once the app said everything was saved finds the whole import');
        assert(d.check === 'ok', `kill ${i}: integrity ${d.check}`);
      } finally {
        await context.close();
      }
    }
    console.log(`      import alone ${took} ms; kills: ${outcomes.join(' ')}`);
    assert(outcomes.some((o) => o.endsWith('before')) && outcomes.some((o) => o.endsWith('after')), 'kills landed both before and after the commit');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a stored record damaged (a byte changed in IndexedDB) is found at start-up, said, and opened read-only with an export of what is readable', async () => {
    const { context, page } = await launch(tempProfile('damaged'));
    try {
      const s0 = await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example saved');
      // Behind the app's back: one byte of the largest record changed, its checksum kept.
      const hit = await page.evaluate(() => new Promise((resolve, reject) => {
        const req = indexedDB.open('mvr');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['pages'], 'readwrite');
          const store = tx.objectStore('pages');
          let best = null;
          store.openCursor().onsuccess = (e) => {
            const c = e.target.result;
            if (c) {
              const bytes = c.value.data || c.value;
              if (!best || bytes.byteLength > best.size) best = { key: c.key, size: bytes.byteLength };
              c.continue();
              return;
            }
            store.get(best.key).onsuccess = (g) => {
              const v = g.target.result;
              const bytes = new Uint8Array(v.data || v);
              // Near the end of a page, where SQLite keeps cell content: the kind of change its own checks miss.
              bytes[Math.floor(bytes.length / 16384) * 8192 + 8100] ^= 0x20;
              store.put(v, best.key);
            };
          };
          tx.oncomplete = () => { db.close(); resolve(best); };
          tx.onerror = () => reject(tx.error);
        };
      }));
      await page.reload();
      const s = await waitState(page, (x) => x.panes !== undefined && x.storageDamage !== '', 'the damage reported');
      assert(/1 stored record \(\d+ pages, the first at page \d+\) no longer match their checksum/.test(s.storageDamage),
        `the damage is named (${s.storageDamage})`);
      assert(s.readOnly, 'opened read-only');
      await widget(page, 'storage.damaged');
      await shot(page, '57-storage-damaged');
      const dl = page.waitForEvent('download');
      await click(page, 'storage.export');
      const text = fs.readFileSync(await (await dl).path(), 'utf8');
      const exported = JSON.parse(text);
      assert(Array.isArray(exported.versions), `what is readable is exported (${exported.versions.length} of ${s0.versions} versions; record ${JSON.stringify(hit.key)})`);
    } finally {
      await context.close();
    }
  });
}
