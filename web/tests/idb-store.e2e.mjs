// The IndexedDB record engine (web/idb-store.js) on its own, in real Chromium: no app, no wasm. The page
// web/tests/idb-store.html (served with web/) gives it pages whose bytes name (page, tag); every read opens
// a new connection and reads as the app does at start-up, and must give back exactly the pages of the
// last commit: not a staged, abandoned or interrupted generation, nothing past a truncation.
import path from 'node:path';
import { serve, launch, tempProfile, assert, root } from './lib.mjs';

export default function register({ test }) {
  test('IndexedDB record engine alone: generations, staged, abandoned and interrupted writes, scattered pages, truncation, reopening, a second connection', async () => {
    const web = await serve(path.join(root, 'web'));
    const { context, page } = await launch(tempProfile('idb-store'));
    try {
      await page.goto(web.url + 'tests/idb-store.html');
      await page.waitForFunction(() => window.harnessReady, null, { timeout: 15000 });
      const h = (fn, ...args) => page.evaluate(([f, a]) => window.harness[f](...a), [fn, args]);
      const { PAGE } = await page.evaluate(() => ({ PAGE: window.harness.PAGE }));
      const NAME = 'engine';

      // What the last commit holds: page -> tag, and the file's size in pages.
      const model = new Map();
      let sizePages = 0;
      const commitModel = (list, pages) => {
        for (const [p, tag] of list) model.set(p, tag);
        sizePages = pages;
        for (const p of [...model.keys()]) if (p >= pages) model.delete(p);
      };
      const same = (read, what) => {
        const want = JSON.stringify([...model].sort((a, b) => a[0] - b[0]));
        const got = JSON.stringify(Object.entries(read.pages).map(([p, t]) => [Number(p), t]).sort((a, b) => a[0] - b[0]));
        assert(got === want, `${what}: read back ${got}, the last commit holds ${want}`);
        assert(read.size === sizePages * PAGE, `${what}: size ${read.size}, want ${sizePages * PAGE}`);
      };
      // A new connection reads the store; it is closed again unless kept.
      const reopen = async (what, { keep = false, removeStale = false } = {}) => {
        const r = await h('open', NAME, { removeStale });
        same(r, what);
        if (!keep) await h('close', r.id);
        return r;
      };
      const commit = async (id, list, pages, what) => {
        const r = await h('write', id, list, pages, true);
        assert(r.taken && r.ok, `${what}: the commit is durable (${r.message})`);
        commitModel(list, pages);
        await h('settle', id);
      };
      const stage = async (id, list, what) => assert((await h('write', id, list, 0, false)).taken, `${what}: taken`);
      // IndexedDB holds no record of a gen that never committed.
      const noneUncommitted = async (what) => {
        const { records, meta } = await h('raw', NAME);
        assert(records.every((x) => x.gen <= meta.gen), `${what} (${records.map((x) => x.key).join(' ')})`);
      };
      // IndexedDB holds exactly the records the engine counts on (none leaked, none missing).
      const exact = async (id, what) => {
        const raw = (await h('raw', NAME)).records.map((r) => r.key).sort();
        const believed = await h('believed', id);
        assert(JSON.stringify(raw) === JSON.stringify(believed), `${what}: IndexedDB holds ${raw.join(' ')}; the engine counts ${believed.join(' ')}`);
      };

      // A first visit: nothing stored.
      const a = await h('open', NAME);
      assert(a.count === 0 && a.size === 0 && a.gen === 1, `an empty store (${JSON.stringify(a)})`);

      // Generation 1: ten consecutive pages, as records of at most RECORD_PAGES.
      await commit(a.id, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((p) => [p, 1]), 10, 'gen 1');
      let raw = await h('raw', NAME);
      assert(raw.meta.gen === 1 && raw.meta.size === 10 * PAGE, `meta after gen 1: ${JSON.stringify(raw.meta)}`);
      assert(raw.records.length === 3 && raw.records.every((r) => !r.scattered),
        `ten pages are three consecutive records (${raw.records.map((r) => r.key).join(' ')})`);
      await reopen('after gen 1');

      // Generation 2: pages spread through the file (and one past its end: it grows) are one scattered record.
      await commit(a.id, [[1, 2], [3, 2], [7, 2], [12, 2]], 13, 'gen 2');
      raw = await h('raw', NAME);
      const scattered = raw.records.filter((r) => r.scattered);
      assert(scattered.length === 1 && JSON.stringify(scattered[0].pages) === '[1,3,7,12]' && scattered[0].bytes === 4 * PAGE,
        `one record of pages 1, 3, 7, 12 (${JSON.stringify(scattered)})`);
      await exact(a.id, 'after gen 2');
      // Every record carries its checksum, and a reading that finds them all intact reports no damage.
      assert(raw.records.every((r) => typeof r.sum === 'number'), 'each record has a checksum');
      assert((await reopen('checksums intact')).damaged.length === 0, 'no damage reported');

      // A second connection (another tab) while the first stays open reads the same.
      const b = await reopen('a second connection', { keep: true });

      // Staged pages of an open transaction are invisible, to any connection, until its commit.
      await stage(a.id, [[2, 3], [4, 3]], 'staged pages');
      await stage(a.id, [[5, 3]], 'more staged pages');
      await h('settle', a.id);
      const mid = await reopen('another connection during the open transaction (staged pages invisible)', { keep: true });
      assert(mid.stale === 2, `the two staged records are seen as not committed (${mid.stale})`);
      await commit(a.id, [[6, 3]], 13, 'gen 3, after staging');
      commitModel([[2, 3], [4, 3], [5, 3]], 13);
      await reopen('after the commit of staged pages');
      // Record [4..7] of gen 1 lost every page (to gens 2 and 3): the commit deleted it.
      await exact(a.id, 'after gen 3');
      raw = await h('raw', NAME);
      assert(!raw.records.some((r) => r.key === '[4,1,1]'), 'the wholly superseded record is gone');

      // A rolled back transaction: its staged records are deleted and its pages read as before.
      await stage(a.id, [[0, 4], [8, 4], [9, 4]], 'pages staged before a rollback');
      await h('settle', a.id);
      await h('abandon', a.id);
      await h('settle', a.id);
      await noneUncommitted('no record of the abandoned gen');
      await commit(a.id, [[11, 5]], 13, 'the commit after a rollback');
      await reopen('after a rollback and a commit');
      await exact(a.id, 'after a rollback');

      // A tab closed in the middle of an import: staged records stay behind, never visible; a reading tab
      // leaves them, the next writer deletes them before it commits, so its commit cannot adopt them.
      await stage(a.id, [[0, 6], [1, 6], [2, 6]], 'pages staged before the tab closes');
      await stage(a.id, [[20, 6]], 'a staged page past the end');
      await h('settle', a.id);
      await h('close', a.id);
      await h('close', b.id);
      const reader = await reopen('a reading tab after the interruption', { keep: true });
      assert(reader.stale === 2, `the interrupted gen's two records are seen as not committed (${reader.stale})`);
      const w = await reopen('the next writer', { keep: true, removeStale: true });
      assert(w.gen > reader.committedGen + 1, `the next gen (${w.gen}) is past the interrupted one`);
      await h('settle', w.id);
      await noneUncommitted('the writer deleted the interrupted gen');
      await commit(w.id, [[3, 7]], 13, 'the writer commits');
      await reopen('after the interruption and a commit');
      await exact(w.id, 'after the interruption');

      // Truncation: pages past the new end are gone, records that start there are deleted (also one the
      // engine does not know of: a leftover past the end); growing again gives the new pages, never the old.
      await h('putRecord', NAME, [15, 1, 99], 1);
      await commit(w.id, [[2, 8]], 5, 'truncated to 5 pages');
      await reopen('after truncation');
      raw = await h('raw', NAME);
      assert(raw.records.every((r) => JSON.parse(r.key)[0] < 5), `no record starts past the end (${raw.records.map((r) => r.key).join(' ')})`);
      await exact(w.id, 'after truncation');
      await commit(w.id, [5, 6, 7, 8, 9].map((p) => [p, 9]), 10, 'grown to 10 pages');
      await exact(w.id, 'after growing');

      // Reopening from nothing: every connection closed, then the registry read back exactly.
      await h('close', w.id);
      await h('close', reader.id);
      await h('close', mid.id);
      const again = await reopen('reopened', { keep: true });
      await exact(again.id, 'reopened');
      await commit(again.id, [[0, 10], [4, 10]], 10, 'a commit after reopening');
      await reopen('after a commit after reopening');
      const st = await h('stats', again.id);
      assert(st.puts === 1 && st.putBytes === 2 * PAGE, `two scattered pages are one record put (${JSON.stringify(st)})`);

      // The layout before records were stamped (key = page number): read as gen 0, superseded and cut.
      const OLD = 'format1';
      await h('putRecord', OLD, 0, 1);
      await h('putRecord', OLD, 1, 1);
      let old = await h('open', OLD);
      assert(JSON.stringify(old.pages) === '{"0":1,"1":1}' && old.size === 2 * PAGE, `format 1 read (${JSON.stringify(old)})`);
      let r = await h('write', old.id, [[1, 2]], 2, true);
      assert(r.ok, 'a commit over format 1');
      old = await h('open', OLD);
      assert(JSON.stringify(old.pages) === '{"0":1,"1":2}', `the newer page wins over format 1 (${JSON.stringify(old.pages)})`);
      await h('putRecord', OLD, 5, 1);  // a format 1 leftover the engine does not know of
      r = await h('write', old.id, [], 1, true);
      assert(r.ok, 'a truncation over format 1');
      const oldRaw = await h('raw', OLD);
      assert(oldRaw.records.length === 1 && oldRaw.records[0].key === '0',
        `format 1 pages past the end deleted (${oldRaw.records.map((x) => x.key).join(' ')})`);
      old = await h('open', OLD);
      assert(JSON.stringify(old.pages) === '{"0":1}' && old.size === PAGE, `format 1 after truncation (${JSON.stringify(old)})`);
      assert(old.damaged.length === 0, 'records without a checksum (format 1) are not called damaged');

      // A byte changed in a stored record (its checksum kept): found when the store is read, named by its key.
      const DAMAGED = 'damaged';
      const d = await h('open', DAMAGED);
      assert((await h('write', d.id, [[0, 1], [1, 1], [2, 1]], 3, true)).ok, 'three pages committed');
      assert((await h('write', d.id, [[0, 2], [2, 2]], 3, true)).ok, 'two of them again, scattered');
      await h('close', d.id);
      const records = (await h('raw', DAMAGED)).records;
      const target = records.find((x) => x.scattered);
      await h('damage', DAMAGED, JSON.parse(target.key), PAGE + 100);
      const hurt = await h('open', DAMAGED);
      assert(JSON.stringify(hurt.damaged) === JSON.stringify([target.key]), `the damaged record is found (${JSON.stringify(hurt.damaged)})`);
      await h('close', hurt.id);
    } finally {
      await context.close();
      await web.close();
    }
  });
}
