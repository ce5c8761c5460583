// End-to-end tests of the mvr browser app as a person uses it: Debian's Chromium driven by playwright-core,
// the real page served from public/, real IndexedDB in a real profile, real mouse and keyboard on the canvas.
// Prints one line per test and "N passed, N failed" at the end; screenshots go to artifacts/e2e/.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { serve, launch, tempProfile, state, waitState, widget, click, shot, dropFiles, openApp, assert, root, storedRecords } from './lib.mjs';

const publicDir = path.join(root, 'public');
// The project's deterministic generator of registries (a JSON list of N manifests over 20 models).
const workload = path.join(root, 'tests', 'bench', 'workload.py');
if (!fs.existsSync(path.join(publicDir, 'mvr.wasm'))) {
  console.error('public/mvr.wasm is missing: build the web preset first (scripts/serve or cmake --build --preset web)');
  process.exit(1);
}
const site = await serve(publicDir);
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const goodManifest = {
  model: 'e2e-model', version: 1, description: 'made by the end-to-end test', created_on: '2026-11-26T12:00:00Z',
  params: { optimizer: { name: 'adamw', lr: 0.0003 } }, metrics: { auc: { value: 0.91, goal: 'max' } }, aliases: ['staging'],
};
const goodManifest2 = { ...goodManifest, version: 2, parent: 1, params: { optimizer: { name: 'adamw', lr: 0.0001 } },
  metrics: { auc: { value: 0.93, goal: 'max' } }, aliases: [] };
// Two problems: a metric given as a string, and a trailing comma at the end.
const badText = '{"model": "e2e-model", "version": 3,\n "metrics": {"auc": "0.91"},\n "tags": ["a",]}';

test('first visit shows the bundled example registry, with a way to clear it', async () => {
  const { context, page } = await launch(tempProfile('first'));
  try {
    const s = await openApp(page, site.url);
    assert(s.example === true, 'the example flag is set on first visit');
    const example = JSON.parse(fs.readFileSync(path.join(publicDir, 'examples', 'registry.json'), 'utf8'));
    assert(s.versions === example.versions.length, `all ${example.versions.length} example versions imported (got ${s.versions})`);
    await waitState(page, (x) => x.saved, 'the example to be saved');
    await widget(page, 'example.clear');
    await shot(page, '01-first-visit');
    await click(page, 'example.clear');
    await waitState(page, (x) => x.clearDialog, 'the question before clearing');
    await click(page, 'clear.confirm');
    const after = await waitState(page, (x) => x.versions === 0 && x.saved, 'the registry to be cleared');
    assert(after.example === false, 'the example flag is cleared');
    await page.reload();
    await page.waitForFunction(() => window.mvrState, null, { timeout: 30000 });
    await page.waitForTimeout(1500);
    assert((await state(page)).versions === 0, 'a cleared example does not come back on reload');
  } finally {
    await context.close();
  }
});

test('import by file chooser, then a bad file by drop: its errors are shown and nothing is imported', async () => {
  const { context, page } = await launch(tempProfile('import'));
  try {
    const before = (await openApp(page, site.url)).versions;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-files-'));
    const f1 = path.join(dir, 'v1.json'), f2 = path.join(dir, 'v2.json');
    fs.writeFileSync(f1, JSON.stringify(goodManifest, null, 2));
    fs.writeFileSync(f2, JSON.stringify(goodManifest2, null, 2));
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([f1, f2]);
    let s = await waitState(page, (x) => x.versions === before + 2 && !x.importing && x.saved, 'two versions to import');
    assert(s.lastImport === 1, 'the chooser import committed');

    await dropFiles(page, [{ name: 'bad.json', text: badText }, { name: 'good-but-same-batch.json',
      text: JSON.stringify({ ...goodManifest, version: 9 }) }]);
    s = await waitState(page, (x) => x.lastImport === 0 && !x.importing, 'the bad drop to be rejected');
    assert(s.versions === before + 2, `a batch with a bad file imports nothing (versions ${s.versions})`);
    assert(s.lastImportProblems >= 1, 'the problems are counted');
    await widget(page, 'import.result');
    await shot(page, '02-bad-drop-errors');
  } finally {
    await context.close();
  }
});

test('select two versions, compare them, toggle differences only, export JSON and Markdown', async () => {
  const { context, page } = await launch(tempProfile('compare'));
  try {
    await openApp(page, site.url);
    const s0 = await state(page);
    // Tick the two newest versions of the selected model with real clicks on their checkboxes.
    const labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.pick:')).map((k) => k.slice(14)));
    assert(labels.length >= 2, `at least two version rows visible (model ${s0.model})`);
    await click(page, 'versions.pick:' + labels[1]);
    await click(page, 'versions.pick:' + labels[0]);
    let s = await waitState(page, (x) => x.selected.length === 2 && x.compareRows > 0, 'two ticked versions to be compared');
    const onlyDiffRows = s.compareRows;
    assert(s.onlyDifferences === true, 'only differences is the default');
    await widget(page, 'compare.summary');
    await shot(page, '03-compare-two');

    await click(page, 'compare.only-differences');
    s = await waitState(page, (x) => x.onlyDifferences === false, 'the toggle to show everything');
    assert(s.compareRows > onlyDiffRows, `showing everything adds the unchanged rows (${onlyDiffRows} -> ${s.compareRows})`);
    await click(page, 'compare.only-differences');
    await waitState(page, (x) => x.onlyDifferences === true && x.compareRows === onlyDiffRows, 'back to differences only');

    const dl = page.waitForEvent('download');
    await click(page, 'compare.export-json');
    const file = await (await dl).path();
    const diff = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert(diff.left === `${s.model}@${labels[1]}` && diff.right === `${s.model}@${labels[0]}`, `export names the two versions (${diff.left}, ${diff.right})`);
    assert(diff.changes.length === onlyDiffRows, 'the exported comparison has the rows on screen');
    assert(diff.changes.every((c) => c.change !== 'same'), 'differences only: no unchanged rows exported');

    const md = page.waitForEvent('download');
    await click(page, 'compare.export-markdown');
    const mdText = fs.readFileSync(await (await md).path(), 'utf8');
    assert(mdText.includes(`${s.model}@${labels[1]}`) && mdText.includes('|'), 'the Markdown diff is a table naming the versions');

    // The whole registry through the Export menu: the same versions as stored, in the documented format.
    await click(page, 'menu.export');
    const reg = page.waitForEvent('download');
    await click(page, 'menu.export.registry');
    const regJson = JSON.parse(fs.readFileSync(await (await reg).path(), 'utf8'));
    assert(regJson.format === 'mvr-registry' && regJson.versions.length === s.versions, 'the registry export has every version');
    // ... and says so where the user looks: the file and how many versions it holds.
    const said = await waitState(page, (x) => x.message.startsWith('Saved '), 'the export to be confirmed');
    assert(said.message.includes(`: ${s.versions} versions`), `the notice names the count (${said.message})`);
    await widget(page, 'notice');
  } finally {
    await context.close();
  }
});

test('the registry survives a reload and a browser restart with the same profile', async () => {
  const profile = tempProfile('persist');
  let { context, page } = await launch(profile);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-files-'));
  const f1 = path.join(dir, 'v1.json');
  fs.writeFileSync(f1, JSON.stringify(goodManifest));
  let count;
  try {
    const before = (await openApp(page, site.url)).versions;
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([f1]);
    count = (await waitState(page, (x) => x.versions === before + 1 && x.saved && !x.importing, 'the import to be saved')).versions;
    const stored = await storedRecords(page, { values: true });
    assert(stored.scattered > 0, `the import's pages (spread through the file) were saved as one record: ${JSON.stringify(stored)}`);
    await page.reload();
    const s = await openApp(page, site.url);
    assert(s.versions === count, `reload keeps every version (${s.versions} vs ${count})`);
    // The user's own import ended the example's banner; a reload keeps it ended.
    assert(s.example === false, 'the example flag, dropped by the user\'s import, stays dropped after the reload');
  } finally {
    await context.close();
  }
  ({ context, page } = await launch(profile));
  try {
    const s = await openApp(page, site.url);
    assert(s.versions === count, `a browser restart keeps every version (${s.versions} vs ${count})`);
    await shot(page, '04-after-restart');
  } finally {
    await context.close();
  }
});

test('a tab closed in the middle of an import leaves the registry as it was', async () => {
  const profile = tempProfile('midimport');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-big-'));
  const big = path.join(dir, 'reg-25000.json');
  execFileSync('python3', [workload, 'registry', '25000', big], { stdio: 'ignore' });
  let { context, page } = await launch(profile);
  let before;
  try {
    before = (await openApp(page, site.url)).versions;
    await waitState(page, (x) => x.saved, 'the example to be saved');
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([big]);
    await waitState(page, (x) => x.importing && x.importProgress > 0.3, 'the big import to be under way');
    // By now pages of the open transaction are staged in IndexedDB (invisible until its commit).
    const stored = await storedRecords(page);
    const s = await state(page);
    await shot(page, '05-import-in-progress');
    assert(s.importing && s.importProgress < 1, `caught the import before it finished (${JSON.stringify(s)})`);
    await page.close();  // the tab goes away mid-import
    assert(stored.uncommitted > 0, `the import had staged records before its commit (${JSON.stringify(stored)})`);
  } finally {
    await context.close();
  }
  ({ context, page } = await launch(profile));
  try {
    const s = await openApp(page, site.url);
    assert(s.versions === before, `the registry is exactly as before the import (${s.versions} vs ${before})`);
    // The writer tab removed what the interrupted import had staged.
    const start = Date.now();
    let stored;
    while (Date.now() - start < 10000 && (stored = await storedRecords(page)).uncommitted > 0) await page.waitForTimeout(200);
    assert(stored.uncommitted === 0, `no staged records are left behind (${JSON.stringify(stored)})`);
  } finally {
    await context.close();
  }
});

test('a large file with a bad one imports nothing: staged pages are dropped, and a reload shows the same registry', async () => {
  const profile = tempProfile('rollback');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-rollback-'));
  const big = path.join(dir, 'reg-25000.json');
  execFileSync('python3', [workload, 'registry', '25000', big], { stdio: 'ignore' });
  // Sorted after reg-25000.json, so it is read last, once the big file's pages are staged.
  const bad = path.join(dir, 'zz-bad.json');
  fs.writeFileSync(bad, '[{"model": "churn-xgb", "version": 9001, "created_on": "last tuesday"}]');
  let { context, page } = await launch(profile);
  let before;
  try {
    before = await openApp(page, site.url);
    await waitState(page, (x) => x.saved, 'the example to be saved');
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([big, bad]);
    await waitState(page, (x) => x.importing && x.importProgress > 0.5, 'the big import to be half done');
    const mid = await storedRecords(page);
    assert(mid.uncommitted > 0, `pages were staged during the import (${JSON.stringify(mid)})`);
    const s = await waitState(page, (x) => !x.importing && x.lastImportProblems > 0, 'the import to fail', 120000);
    assert(s.versions === before.versions, `nothing was imported (${s.versions} vs ${before.versions})`);
    const parsed = await page.evaluate(() => window.mvrParseStats);
    assert(parsed.files === 1 && parsed.packs > 10, `the big file was read by the parse worker (${JSON.stringify(parsed)})`);
    assert(/zz-bad\.json:1:\d+: \[0\]\.created_on/.test(s.firstImportProblem), `the small file's problem is shown: ${s.firstImportProblem}`);
    const start = Date.now();
    let stored;
    while (Date.now() - start < 10000 && (stored = await storedRecords(page)).uncommitted > 0) await page.waitForTimeout(200);
    assert(stored.uncommitted === 0, `the staged records were deleted (${JSON.stringify(stored)})`);
    await shot(page, '05b-import-rolled-back');
  } finally {
    await context.close();
  }
  ({ context, page } = await launch(profile));
  try {
    const s = await openApp(page, site.url);
    assert(s.versions === before.versions, `after a restart the registry is as before (${s.versions} vs ${before.versions})`);
  } finally {
    await context.close();
  }
});

test('a large file with a problem deep inside: the parse worker finds it, its place is shown, nothing is imported', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-deep-'));
  const src = path.join(dir, 'src.json');
  execFileSync('python3', [workload, 'registry', '6000', src], { stdio: 'ignore' });
  // Manifest 5000 gets a date that is not one; where it lands (line:column) is computed from the text.
  const bad = path.join(dir, 'big-bad.json');
  const where = JSON.parse(execFileSync('python3', ['-c', `
import json, sys
vs = json.load(open(sys.argv[1]))
vs[5000]["created_on"] = "last tuesday"
text = "[\\n" + ",\\n".join(json.dumps(v) for v in vs) + "\\n]\\n"
open(sys.argv[2], "w").write(text)
at = text.index('"last tuesday"')
line = text.count("\\n", 0, at) + 1
col = at - (text.rfind("\\n", 0, at) + 1) + 1
print(json.dumps({"line": line, "col": col, "size": len(text)}))
`, src, bad], { encoding: 'utf8' }));
  assert(where.size > 4 * 1024 * 1024, `the file is large enough for the parse worker (${where.size} bytes)`);
  const { context, page } = await launch(tempProfile('deep'));
  try {
    const before = await openApp(page, site.url);
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([bad]);
    const s = await waitState(page, (x) => !x.importing && x.lastImportProblems > 0, 'the import to fail', 120000);
    assert(s.versions === before.versions, `nothing was imported (${s.versions} vs ${before.versions})`);
    assert(s.lastImportProblems === 1, `exactly one problem (${s.lastImportProblems})`);
    const expected = `big-bad.json:${where.line}:${where.col}: [5000].created_on`;
    assert(s.firstImportProblem.startsWith(expected), `the problem says where: "${s.firstImportProblem}" (expected "${expected}...")`);
    const parsed = await page.evaluate(() => window.mvrParseStats);
    assert(parsed.files === 1, `the parse worker read it (${JSON.stringify(parsed)})`);
    await shot(page, '05c-deep-problem');
  } finally {
    await context.close();
  }
});

test('keyboard: typing a filter narrows the versions table; Tab and arrows do not leave the app', async () => {
  const { context, page } = await launch(tempProfile('keys'));
  try {
    await openApp(page, site.url);
    await click(page, 'versions.filter');
    await page.keyboard.type('alias = production');
    await page.keyboard.press('Enter');
    // Key events queue faster than frames take them (the app takes one typed character per frame).
    let labels = [];
    for (const start = Date.now(); Date.now() - start < 5000; await page.waitForTimeout(50)) {
      labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
      if (labels.length === 1) break;
    }
    assert(labels.length === 1, `one version carries production per model (rows: ${labels.join(', ')})`);
    await shot(page, '06-filter-typed');
    // Tab and the arrows are the app's (ImGui's keyboard navigation), not the browser's: focus stays on the
    // canvas and the page does not scroll.
    for (const key of ['Tab', 'Tab', 'ArrowDown', 'ArrowUp', 'ArrowRight', 'PageDown']) await page.keyboard.press(key);
    await page.waitForTimeout(200);
    const where = await page.evaluate(() => ({ focus: document.activeElement && document.activeElement.id, y: window.scrollY }));
    assert(where.focus === 'canvas' && where.y === 0, `keys stayed in the app: ${JSON.stringify(where)}`);
  } finally {
    await context.close();
  }
});

test('an idle app draws nothing, and draws again as soon as something changes', async () => {
  const { context, page } = await launch(tempProfile('idle'));
  try {
    await openApp(page, site.url);
    await waitState(page, (x) => x.saved, 'the example saved');
    await page.mouse.move(5, 880);
    await page.waitForTimeout(500);
    // The status bar shows the browser's storage estimate, which moves on its own (IndexedDB compacts after
    // the example's commit) and is then drawn: a second in which it moved is measured again.
    const counts = () => page.evaluate(() => ({ frames: window.mvrFrames, drawn: window.mvrFramesDrawn, storage: Module.mvrHost.storage.changes }));
    let a, b;
    for (let attempt = 1; ; attempt++) {
      a = await counts();
      await page.waitForTimeout(1000);
      b = await counts();
      if (b.storage === a.storage) break;
      console.log(`      the storage estimate changed during second ${attempt} (${b.drawn - a.drawn} frames drawn): again`);
      assert(attempt < 6, 'the storage estimate stays the same for a second');
    }
    assert(b.frames - a.frames >= 20, `the UI keeps running while idle (${b.frames - a.frames} frames in 1 s)`);
    assert(b.drawn === a.drawn, `nothing is drawn while nothing changes (${b.drawn - a.drawn} frames drawn)`);
    // What the canvas shows is still the app (not a cleared canvas).
    const png = await page.screenshot();
    const shotPath = await shot(page, '06c-idle');
    assert(png.length > 20000, `the idle canvas still shows the app (screenshot ${png.length} bytes, ${shotPath})`);
    // Hovering a button changes its colour: drawn at once.
    const r = await widget(page, 'import.open');
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await page.waitForTimeout(300);
    const c = await counts();
    assert(c.drawn > b.drawn, `hovering a button redraws (${c.drawn - b.drawn} frames drawn)`);
  } finally {
    await context.close();
  }
});

test('set an alias on a version in the detail panel; the registry export carries it', async () => {
  const { context, page } = await launch(tempProfile('alias'));
  try {
    const s0 = await openApp(page, site.url);
    await waitState(page, (x) => x.saved, 'the example to be saved');
    const rows = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
    const label = rows[2].slice('versions.row:'.length);
    await click(page, rows[2]);
    await waitState(page, (x) => x.focused === label, 'the version to be focused');
    await click(page, 'detail.alias-input');
    await page.keyboard.type('e2e-champion');
    await page.keyboard.press('Enter');
    await waitState(page, (x) => x.saved && x.commits > s0.commits, 'the alias to be saved');
    await shot(page, '07-alias-set');
    await click(page, 'menu.export');
    const reg = page.waitForEvent('download');
    await click(page, 'menu.export.registry');
    const exported = JSON.parse(fs.readFileSync(await (await reg).path(), 'utf8'));
    const v = exported.versions.find((x) => x.model === s0.model && String(x.version) === label);
    assert(v && v.aliases.includes('e2e-champion'), `the exported ${s0.model}@${label} has the new alias`);
  } finally {
    await context.close();
  }
});

test('two tabs on one registry: the second is read-only and follows the commits of the first', async () => {
  const { context, page } = await launch(tempProfile('tabs'));
  try {
    const first = await openApp(page, site.url);
    await waitState(page, (x) => x.saved, 'the example to be saved');
    assert(first.readOnly === false, 'the first tab writes');
    const second = await context.newPage();
    const s2 = await openApp(second, site.url);
    assert(s2.readOnly === true, 'the second tab is read-only');
    await shot(second, '08-second-tab-read-only');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-e2e-files-'));
    const f1 = path.join(dir, 'v1.json');
    fs.writeFileSync(f1, JSON.stringify(goodManifest));
    await page.bringToFront();
    const chooser = page.waitForEvent('filechooser');
    await click(page, 'import.open');
    await (await chooser).setFiles([f1]);
    await waitState(page, (x) => x.versions === first.versions + 1 && x.saved, 'the import in the first tab');
    await waitState(second, (x) => x.versions === first.versions + 1, 'the second tab to show the new version');
  } finally {
    await context.close();
  }
});

test('high-DPI screens: the canvas draws at the device pixel ratio', async () => {
  const { context, page } = await launch(tempProfile('dpr'), { dpr: 2 });
  try {
    await openApp(page, site.url);
    const dims = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
    });
    assert(dims.w === dims.cw * 2 && dims.h === dims.ch * 2, `drawing buffer is 2x the CSS size (${JSON.stringify(dims)})`);
    await page.setViewportSize({ width: 1200, height: 700 });
    await page.waitForTimeout(500);
    const after = await page.evaluate(() => document.getElementById('canvas').width);
    assert(after === 2400, `the canvas follows the window size (${after})`);
    await shot(page, '09-dpr2');
  } finally {
    await context.close();
  }
});

// More tests live in web/tests/*.e2e.mjs: each exports default register({ test, site, publicDir }).
for (const f of fs.readdirSync(path.join(root, 'web', 'tests')).filter((n) => n.endsWith('.e2e.mjs')).sort()) {
  const mod = await import(path.join(root, 'web', 'tests', f));
  mod.default({ test, site, publicDir });
}

// `node web/tests/run.mjs WORD` runs the tests whose name contains WORD.
const only = process.argv[2];
let passed = 0, failed = 0;
for (const t of tests.filter((x) => !only || x.name.includes(only))) {
  const start = Date.now();
  try {
    await t.fn();
    passed++;
    console.log(`ok    ${t.name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${t.name}\n      ${e.stack || e}`);
  }
}
await site.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
