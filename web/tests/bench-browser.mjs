// Browser figures for mvr next to the official SQLite wasm build (peer C, tests/bench/peer_sqlite_wasm.mjs), in
// one run: first frame, download size, persisted imports of the 10k and 100k registries, frame times while
// scrolling a 100,000-version table and comparing 100 versions, and the cost of persisting one alias.
// usage: node web/tests/bench-browser.mjs [--quick] [--compare-only]   (data in $MVR_BENCH_DIR, default /tmp/mvr-bench)
//   --compare-only: only the 100-version comparison (10k versions of one model, 5 rounds), about a minute
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, tempProfile, state, waitState, widget, click, root } from './lib.mjs';

const compareOnly = process.argv.includes('--compare-only');
const quick = compareOnly || process.argv.includes('--quick');
const benchDir = process.env.MVR_BENCH_DIR || '/tmp/mvr-bench';
const peers = path.join(root, 'tests', 'bench');  // the workload generator and the peers
fs.mkdirSync(benchDir, { recursive: true });
const sizes = quick ? [10000] : [10000, 100000];
const rows = [];
const row = (what, figure, unit, note = '') => { rows.push({ what, figure, unit, note }); console.error(`  ${what}: ${figure} ${unit} ${note}`); };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const fmt = (x, d = 1) => Number(x).toFixed(d);

function data(n) {
  const f = path.join(benchDir, `reg-${n}.json`);
  if (!fs.existsSync(f)) execFileSync('python3', [path.join(peers, 'workload.py'), 'registry', String(n), f], { stdio: 'ignore' });
  return f;
}
// One model with n versions (the generator spreads versions over 20 models): for the big-table figure.
function oneModel(n) {
  const f = path.join(benchDir, `one-model-${n}.json`);
  if (fs.existsSync(f)) return f;
  const src = data(n);
  execFileSync('python3', ['-c', `
import json, sys
vs = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as out:
    out.write("[")
    for i, v in enumerate(vs):
        v["model"] = "big-model"; v["version"] = i + 1; v["parent"] = i if i else None
        v["aliases"] = ["production"] if i == len(vs) - 1 else []
        out.write((", " if i else "") + json.dumps(v))
    out.write("]")
`, src, f]);
  return f;
}

const site = await serve(path.join(root, 'public'));

// Sizes of what a first visit downloads.
if (!compareOnly) for (const f of ['mvr.wasm', 'mvr.js']) {
  const bytes = fs.readFileSync(path.join(root, 'public', f));
  row(`${f} size`, fmt(bytes.length / 1e6, 2), 'MB raw', `${fmt(zlib.gzipSync(bytes, { level: 9 }).length / 1e6, 2)} MB gzipped`);
}

// Navigation to the first drawn frame: a first visit (fresh profile, nothing cached, the wasm compiles), in a
// browser that is already running (a blank page has drawn with WebGL2 first, so its GPU process is up, as in
// the browser a person has open), and in a browser just started (its GPU process, SwiftShader here, starts
// with the page).
for (const warm of compareOnly ? [] : [true, false]) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const { context, page } = await launch(tempProfile('ff'));
    if (warm) {
      await page.goto('about:blank');
      await page.evaluate(() => { const gl = document.createElement('canvas').getContext('webgl2'); gl.clear(gl.COLOR_BUFFER_BIT); });
      await page.waitForTimeout(300);
    }
    await page.goto(site.url);
    await page.waitForFunction(() => window.mvrFirstFrameAt, null, { timeout: 30000 });
    times.push(await page.evaluate(() => window.mvrFirstFrameAt));
    await context.close();
  }
  row(`navigation to first frame, ${warm ? 'browser already running' : 'browser just started'}`, fmt(median(times), 0), 'ms median of 3',
    `(${times.map((t) => fmt(t, 0)).join(', ')})`);
}

async function importFile(page, file, expected) {
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'import.open');
  const t0 = Date.now();
  await (await chooser).setFiles([file]);
  // Two moments: the import's last step (parsed and in SQLite), then everything durable in IndexedDB.
  await waitState(page, (x) => x.versions >= expected && !x.importing, `import of ${path.basename(file)}`, 900000);
  const parsedMs = Date.now() - t0;
  const s = await waitState(page, (x) => x.saved, `saving ${path.basename(file)}`, 900000);
  return { ms: Date.now() - t0, parsedMs, s, commit: await page.evaluate(() => window.mvrLastCommit),
    worker: await page.evaluate(() => window.mvrParseStats), idb: await page.evaluate(() => window.mvrIdbStats) };
}

async function emptyApp(name) {
  const { context, page } = await launch(tempProfile(name));
  await page.goto(site.url);
  await waitState(page, (x) => x.versions > 0 && !x.importing && x.saved, 'the example registry');
  await click(page, 'example.clear');
  await waitState(page, (x) => x.clearDialog, 'the question before clearing');
  await click(page, 'clear.confirm');
  await waitState(page, (x) => x.versions === 0 && x.saved, 'an empty registry');
  return { context, page };
}

// Persisted imports (the registry is in IndexedDB when the time is taken).
for (const n of compareOnly ? [] : sizes) {
  const file = data(n);
  const { context, page } = await emptyApp('imp' + n);
  const r = await importFile(page, file, n);
  const mb = fs.statSync(file).size / 1e6;
  row(`import ${n / 1000}k in the page, persisted`, fmt(r.ms / 1000, 2), 's',
    `${fmt(n / (r.ms / 1000), 0)} versions/s, ${fmt(mb / (r.ms / 1000), 1)} MB/s; imported at ${fmt(r.parsedMs / 1000, 2)} s, ` +
    `durable ${fmt((r.ms - r.parsedMs) / 1000, 2)} s later; ${fmt(r.s.bytesWritten / 1e6, 0)} MB written, of which the commit's last ` +
    `IndexedDB transaction ${fmt(r.commit.bytes / 1e6, 0)} MB in ${fmt(r.commit.ms, 0)} ms (the rest staged while importing); ` +
    `${r.idb.puts} IndexedDB records put; parsed by the parse worker: ${r.worker.files ? `yes (${r.worker.packs} packs)` : 'no'}`);
  await context.close();
}

// The big table, the 100-version comparison and one alias change, on one model with many versions.
{
  const n = quick ? 10000 : 100000;
  const file = oneModel(n);
  const { context, page } = await emptyApp('big');
  const r = await importFile(page, file, n);
  row(`import of one model with ${n / 1000}k versions, persisted`, fmt(r.ms / 1000, 2), 's');
  await click(page, 'model:big-model');
  await waitState(page, (x) => x.model === 'big-model', 'the big model');
  const t = await widget(page, 'versions.table');
  await page.mouse.move(t.x + t.w / 2, t.y + t.h / 2);
  await page.evaluate(() => { window.mvrFrameTimes = []; });
  const start = Date.now();
  while (Date.now() - start < 4000) { await page.mouse.wheel(0, 400); await page.waitForTimeout(16); }
  let ft = await page.evaluate(() => window.mvrFrameTimes.slice());
  row(`frame time scrolling the ${n / 1000}k-version table`, fmt(median(ft), 1), 'ms median', `p95 ${fmt(pct(ft, 0.95), 1)} ms, max ${fmt(Math.max(...ft), 1)} ms over ${ft.length} frames`);

  // Compare 100 versions against the first: every frame from the selection to the drawn matrix (loading,
  // building, measuring, drawing), in rounds (the selection cleared in between, so each round loads again).
  const rounds = compareOnly ? 5 : 1;
  const maxima = [], all = [];
  for (let k = 0; k < rounds; k++) {
    await page.evaluate(() => { Module._mvr_select_first(0); });
    await waitState(page, (x) => x.selected.length === 0, 'an empty selection');
    await page.waitForTimeout(300);
    await page.evaluate(() => { window.mvrFrameTimes = []; Module._mvr_select_first(100); });
    await waitState(page, (x) => x.selected.length === 100 && x.compareRows > 0, 'the 100-version comparison');
    await page.waitForTimeout(200);  // the frames that draw it
    const firstFrames = await page.evaluate(() => window.mvrFrameTimes.slice());
    maxima.push(Math.max(...firstFrames));
    all.push(...firstFrames);
  }
  const c = await widget(page, 'compare.table');
  await page.mouse.move(c.x + c.w / 2, c.y + c.h / 2);
  await page.evaluate(() => { window.mvrFrameTimes = []; });
  const s2 = Date.now();
  while (Date.now() - s2 < 3000) { await page.mouse.wheel(120, 200); await page.waitForTimeout(16); }
  ft = await page.evaluate(() => window.mvrFrameTimes.slice());
  row('comparing 100 versions: the frame that builds the matrix', fmt(Math.max(...maxima), 1), 'ms',
    rounds > 1 ? `longest frame of each of ${rounds} rounds: ${maxima.map((x) => fmt(x, 1)).join(', ')}; p95 of their ${all.length} frames ${fmt(pct(all, 0.95), 1)} ms` : '');
  row('comparing 100 versions: frame time while scrolling it', fmt(median(ft), 1), 'ms median', `p95 ${fmt(pct(ft, 0.95), 1)} ms, max ${fmt(Math.max(...ft), 1)} ms over ${ft.length} frames`);

  // Persisting one alias change on the big registry.
  const commits = [];
  if (!compareOnly) try {
  // Back to the top of the versions table (scrolled above), where the first rows publish their rectangles.
  await page.mouse.move(t.x + t.w / 2, t.y + t.h / 2);
  for (let k = 0; k < 5; k++) { await page.mouse.wheel(0, -1e6); await page.waitForTimeout(50); }
  await page.waitForTimeout(300);
  for (let i = 0; i < 5; i++) {
    const rowsOnScreen = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
    const label = rowsOnScreen[i % rowsOnScreen.length];
    await click(page, label);
    await waitState(page, (x) => x.focused === label.slice('versions.row:'.length), 'the clicked version in the detail panel');
    const before = (await state(page)).commits;
    await click(page, 'detail.alias-input');
    await page.keyboard.type('bench' + i);
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await waitState(page, (x) => x.commits > before && x.saved, 'the alias commit');
    const lc = await page.evaluate(() => window.mvrLastCommit);
    commits.push({ wall: Date.now() - t0, idb: lc.ms, pages: lc.pages });
  }
  row(`persist a one-alias change on ${n / 1000}k versions`, fmt(median(commits.map((x) => x.idb)), 1), 'ms median IndexedDB commit',
    `${median(commits.map((x) => x.pages))} pages written; key press to saved ${fmt(median(commits.map((x) => x.wall)), 0)} ms`);
  } catch (e) {
    await page.screenshot({ path: path.join(benchDir, 'bench-alias-failure.png') });
    row(`persist a one-alias change on ${n / 1000}k versions`, 'failed', '', String(e.message).slice(0, 300) + ` (screenshot ${path.join(benchDir, 'bench-alias-failure.png')})`);
  }
  await context.close();
}
await site.close();

// Peer C in the same invocation: the official SQLite wasm build, in memory and with OPFS.
let peer = [];
if (!compareOnly) {
  // The package is pinned in web/package.json; a checkout set up before it was added gets it here.
  if (!fs.existsSync(path.join(root, 'web', 'node_modules', '@sqlite.org', 'sqlite-wasm'))) {
    execFileSync('npm', ['ci', '--silent'], { cwd: path.join(root, 'web'), stdio: ['ignore', 2, 2] });
  }
  const r = spawnSync('node', [path.join(peers, 'peer_sqlite_wasm.mjs'), '1', sizes.join(','), 'mem,opfs'],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, MVR_BENCH_DIR: benchDir } });
  peer = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  if (!peer.length) row('peer C', 'failed', '', (r.stderr || '').slice(-300).replace(/\n/g, ' '));
  for (const p of peer) {
    const n = p.n || p.rows;
    row(`peer C sqlite-wasm ${p.target} import ${n / 1000}k`, p.total_ms !== undefined ? fmt(p.total_ms / 1000, 2) : JSON.stringify(p).slice(0, 200), 's',
      `fetch ${fmt(p.fetch_ms, 0)} ms, parse ${fmt(p.parse_ms, 0)} ms, insert ${fmt(p.insert_ms, 0)} ms` +
      (p.update_ms ? `; one-row UPDATE persisted ${fmt(median(p.update_ms), 1)} ms median` : ''));
  }
}

console.log(`| figure | value | unit | notes |\n|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.unit} | ${r.note} |`);
fs.writeFileSync(path.join(benchDir, 'browser-results.json'), JSON.stringify({ rows, peer }, null, 1));
