// A big import as a person watches it (issue 13): the panel names the file and says how many versions were
// read of how many ("~" while the total is estimated from the bytes read), and Cancel, clicked with the
// mouse halfway through, stops it with nothing committed: the registry, on screen and in IndexedDB, is as
// before, after a reload too, and the panel says it was cancelled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, tempProfile, state, waitState, widget, click, shot, openApp, assert, root, storedRecords, chooseFiles } from './lib.mjs';

const workload = path.join(root, 'tests', 'bench', 'workload.py');

export default function register({ test, site }) {
  test('a big import shows versions read of the total; Cancel halfway commits nothing and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-cancel-'));
    const big = path.join(dir, 'big-registry.json');
    // About 3.6 KB a version: ~110 MB, several seconds of import, read by the parse worker.
    execFileSync('python3', [workload, 'registry', '30000', big], { stdio: 'ignore' });
    const profile = tempProfile('cancel');
    const { context, page } = await launch(profile);
    let before;
    try {
      before = await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example to be saved');
      await chooseFiles(page, [big]);
      // Halfway enough: some thousands of versions read, the total estimated from the bytes read so far.
      const running = await waitState(page, (x) => x.importing && /^[\d,]+ of ~[\d,]+ versions read/.test(x.importLine) &&
        Number(x.importLine.split(' ')[0].replace(/,/g, '')) >= 3000, 'the import to be under way', 60000);
      const m = /^([\d,]+) of ~([\d,]+) versions read, (\d+)% of ([\d.]+) MB$/.exec(running.importLine);
      assert(m, `the panel says versions read of a total and how far through the bytes: "${running.importLine}"`);
      const total = Number(m[2].replace(/,/g, ''));
      assert(total > 27000 && total < 33000, `the estimated total is close to the 30,000 versions in the file (${total})`);
      assert(Number(m[3]) < 90, `the import is not nearly done when Cancel is clicked (${m[3]}%)`);
      await widget(page, 'import.count');
      await shot(page, '20-import-progress');
      await click(page, 'import.cancel');
      const s = await waitState(page, (x) => !x.importing && x.lastImport === 0, 'the import to stop', 30000);
      assert(s.versions === before.versions, `nothing was imported (${s.versions} vs ${before.versions})`);
      assert(s.model === before.model, `the view stays on ${before.model} (${s.model})`);
      assert(/cancelled: nothing was imported/.test(s.firstImportProblem), `the panel says it was cancelled: "${s.firstImportProblem}"`);
      assert(s.importLine === '', 'the progress line is gone');
      await widget(page, 'import.result');
      await shot(page, '21-import-cancelled');
      // What the import staged in IndexedDB is dropped (the rollback's restored pages may be saved as a
      // generation of their own: what is stored reads as before, which the reload below checks).
      let stored;
      for (const start = Date.now(); Date.now() - start < 15000; await page.waitForTimeout(200)) {
        stored = await storedRecords(page);
        if (stored.uncommitted === 0) break;
      }
      assert(stored.uncommitted === 0, `nothing staged by the import is left in IndexedDB (${JSON.stringify(stored)})`);
      // After a reload the registry is as before: nothing of the import was kept.
      await page.reload();
      const again = await waitState(page, (x) => x.versions > 0 && !x.importing, 'the registry after a reload');
      assert(again.versions === before.versions, `after a reload the registry is as before (${again.versions} vs ${before.versions})`);
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('files held in the page are counted before they are read: versions read of an exact total', async () => {
    const { context, page } = await launch(tempProfile('total'));
    try {
      await openApp(page, site.url);
      await waitState(page, (x) => x.saved, 'the example to be saved');
      // 3,000 versions in three files of ~3.6 MB, each under the parse worker's 4 MB: held in the page and
      // counted ahead, so the total is exact from the first frame.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-total-'));
      const all = path.join(dir, 'all.json');
      execFileSync('python3', [workload, '--seed', '7', 'registry', '3000', all], { stdio: 'ignore' });
      const versions = JSON.parse(fs.readFileSync(all, 'utf8'));
      const files = [0, 1, 2].map((k) => path.join(dir, `part-${k}.json`));
      files.forEach((f, k) => fs.writeFileSync(f, JSON.stringify(versions.slice(k * 1000, (k + 1) * 1000))));
      assert(files.every((f) => fs.statSync(f).size < 4 * 1024 * 1024), 'each file is under the parse worker threshold');
      // Every frame's state, as the app publishes it (an import of files this small takes a few frames).
      await page.evaluate(() => {
        window.importLines = [];
        window.mvrEveryFrame = (v) => { if (v && v.importLine) window.importLines.push(v.importLine); };
      });
      await chooseFiles(page, files);
      const s = await waitState(page, (x) => !x.importing && x.lastImport === 1 && x.versions >= 3033, 'the import to commit', 60000);
      const lines = new Set(await page.evaluate(() => window.importLines));
      const seen = [...lines];
      assert(s.importLine === '', 'no progress line once done');
      assert(seen.length > 0, 'the progress line was seen while importing');
      // The chooser's files may come as one batch or one by one: each batch knows its total exactly.
      assert(seen.every((l) => /^[\d,]+ of (1,000|2,000|3,000) versions read, /.test(l)), `every line gives an exact total: ${JSON.stringify(seen.slice(0, 5))}`);
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await context.close();
    }
  });
}
