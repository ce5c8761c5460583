// Packed registries read in place (issue 18), mvr next to its peer sql.js-httpvfs (npm, pinned in web/package.json;
// the peer page is tests/bench/peer_httpvfs.html + .mjs), on the same file and in the same run: requests and bytes
// per view.
//   1. a pack of N versions (tests/bench/workload.py registry N, mvr import --no-rules, mvr pack), reused from
//      $MVR_BENCH_DIR (default /tmp/mvr-bench) when it is newer than build/native/mvr;
//   2. mvr natively: build/native/mvr-bench-pack --block PAGE (the range VFS with blocks of one page, each view from a
//      cold cache, a fresh open);
//   3. the pack served by a static server on 127.0.0.1 that honours Range (and HEAD) and counts every request; in
//      headless Chromium, for each of mvr-bench-pack's views, a fresh page with a fresh sql.js-httpvfs worker
//      (serverMode "full", requestChunkSize = the pack's page size) opens the pack and runs the SQL mvr's storage layer
//      runs for that view (peer_httpvfs.mjs); the worker's counters and the server's are both recorded;
//   4. in the same browser, mvr's page (public/, as built) opens the pack with ?registry= and its first screen's
//      requests and bytes are read from mvrState.pack, next to the peer running the same storage calls.
// usage: node web/tests/bench-pack.mjs [--versions N] [--model M] [--metric X] [--fresh]
//   (defaults: 20000 versions, model fraud-lgbm, metric auc; --fresh packs again even when a pack is there)
// Run it holding the build lock (it builds mvr and mvr-bench-pack when they are missing, and it is heavy):
//   flock /tmp/mvr-build.lock node web/tests/bench-pack.mjs
// Prints a Markdown table on stdout (progress on stderr) and writes $MVR_BENCH_DIR/pack-results-N.json.
// A benchmark run by hand: not part of scripts/test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { serve, launch, tempProfile, state, waitState, root } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const VERSIONS = Number(option('--versions', '20000'));
const MODEL = option('--model', 'fraud-lgbm');
const METRIC = option('--metric', 'auc');
const FRESH = args.includes('--fresh');
if (!Number.isInteger(VERSIONS) || VERSIONS < 5000) {
  console.error('bench-pack: --versions wants a whole number of 5000 or more (mvr-bench-pack wants 200 versions of the model)');
  process.exit(2);
}
const benchDir = process.env.MVR_BENCH_DIR || '/tmp/mvr-bench';
fs.mkdirSync(benchDir, { recursive: true });
const started = Date.now();
const log = (...a) => console.error(`bench-pack [${((Date.now() - started) / 1000).toFixed(0)} s]:`, ...a);

// --- the binaries and the pack -----------------------------------------------------------------------------------
const native = path.join(root, 'build', 'native');
const mvrBin = path.join(native, 'mvr'), benchBin = path.join(native, 'mvr-bench-pack');
if (!fs.existsSync(mvrBin) || !fs.existsSync(benchBin)) {
  log('building mvr and mvr-bench-pack (cmake --build --preset native -j1)');
  execFileSync('cmake', ['--build', '--preset', 'native', '-j1', '--target', 'mvr', 'mvr-bench-pack'], { cwd: root, stdio: ['ignore', 2, 2] });
}
const packDir = path.join(benchDir, `pack-${VERSIONS}`);
const packFile = path.join(packDir, 'reg.mvr');
if (FRESH || !fs.existsSync(packFile) || fs.statSync(packFile).mtimeMs < fs.statSync(mvrBin).mtimeMs) {
  fs.mkdirSync(packDir, { recursive: true });
  const json = path.join(packDir, 'workload.json'), db = path.join(packDir, 'source.db');
  for (const f of [json, db, packFile]) fs.rmSync(f, { force: true });
  log(`writing ${VERSIONS} versions (workload.py), importing and packing them`);
  execFileSync('python3', [path.join(root, 'tests', 'bench', 'workload.py'), 'registry', String(VERSIONS), json], { stdio: ['ignore', 'ignore', 2] });
  execFileSync(mvrBin, ['--db', db, 'import', '--no-rules', json], { stdio: ['ignore', 'ignore', 2] });
  execFileSync(mvrBin, ['--db', db, 'pack', packFile], { stdio: ['ignore', 'ignore', 2] });
  fs.rmSync(json);
  fs.rmSync(db);
}
const packSize = fs.statSync(packFile).size;
const header = Buffer.alloc(100);
{
  const fd = fs.openSync(packFile, 'r');
  fs.readSync(fd, header, 0, 100, 0);
  fs.closeSync(fd);
}
const rawPage = header.readUInt16BE(16);
const PAGE = rawPage === 1 ? 65536 : rawPage;
log(`pack ${packFile}: ${(packSize / 1e6).toFixed(1)} MB, ${PAGE}-byte pages`);

// --- mvr natively ----------------------------------------------------------------------------------------------
log(`mvr-bench-pack --block ${PAGE}`);
const nativeOut = execFileSync(benchBin, ['--block', String(PAGE), '--model', MODEL, '--metric', METRIC, packFile], { encoding: 'utf8' });
const mvrNative = {};
for (const line of nativeOut.trim().split('\n')) {
  const f = Object.fromEntries(line.split(' ').map((kv) => kv.split('=')));
  mvrNative[f.view] = { requests: Number(f.requests), bytes: Number(f.bytes), rows: Number(f.rows) };
}

// --- the static host: Range and HEAD, CORS, nothing cached, every request logged ---------------------------------
function rangeHost(file) {
  const host = { log: [] };
  const fd = fs.openSync(file, 'r');
  const size = fs.statSync(file).size;
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Range', 'Cache-Control': 'no-store',
    'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges', 'Accept-Ranges': 'bytes' };
  const server = http.createServer((req, res) => {
    const entry = { method: req.method, range: req.headers.range || '', status: 0, bytes: 0 };
    host.log.push(entry);
    const answer = (status, headers, body) => {
      entry.status = status;
      entry.bytes = body && req.method !== 'HEAD' ? body.length : 0;
      res.writeHead(status, { ...cors, ...headers }).end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method === 'OPTIONS') return answer(204, { 'Access-Control-Allow-Methods': 'GET, HEAD' });
    if (new URL(req.url, 'http://x').pathname !== '/reg.mvr') return answer(404, {}, Buffer.from('not found'));
    if (req.method === 'HEAD') return answer(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
    const m = /^bytes=(\d+)-(\d*)$/.exec(entry.range);
    if (!m) {
      const all = fs.readFileSync(file);
      return answer(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size }, all);
    }
    const first = Number(m[1]), last = Math.min(size - 1, m[2] === '' ? size - 1 : Number(m[2]));
    if (first >= size || last < first) return answer(416, { 'Content-Range': `bytes */${size}` });
    const body = Buffer.alloc(last - first + 1);
    fs.readSync(fd, body, 0, body.length, first);
    answer(206, { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${first}-${last}/${size}`,
      'Content-Length': body.length }, body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(Object.assign(host, {
    url: `http://127.0.0.1:${server.address().port}/reg.mvr`,
    close: () => new Promise((r) => server.close(() => { fs.closeSync(fd); r(); })) }))));
}

// What the host answered from entry `from` on: GETs (and their bytes), HEADs.
function served(host, from) {
  const part = host.log.slice(from);
  const gets = part.filter((e) => e.method === 'GET');
  return { gets: gets.length, bytes: gets.reduce((a, e) => a + e.bytes, 0), heads: part.filter((e) => e.method === 'HEAD').length,
    notRanges: gets.filter((e) => e.status !== 206).length };
}

// --- the peer's page: its files from web/node_modules/sql.js-httpvfs/dist, as links --------------------------------
const dist = path.join(root, 'web', 'node_modules', 'sql.js-httpvfs', 'dist');
if (!fs.existsSync(path.join(dist, 'sqlite.worker.js'))) {
  log('web/node_modules has no sql.js-httpvfs: npm ci in web/');
  execFileSync('npm', ['ci', '--silent'], { cwd: path.join(root, 'web'), stdio: ['ignore', 2, 2] });
}
const peerVersion = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version;
const peerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-peer-httpvfs-'));
for (const [name, target] of [['index.html', path.join(root, 'tests', 'bench', 'peer_httpvfs.html')],
  ['peer_httpvfs.mjs', path.join(root, 'tests', 'bench', 'peer_httpvfs.mjs')], ['index.js', path.join(dist, 'index.js')],
  ['sqlite.worker.js', path.join(dist, 'sqlite.worker.js')], ['sql-wasm.wasm', path.join(dist, 'sql-wasm.wasm')]])
  fs.symlinkSync(target, path.join(peerDir, name));

const host = await rangeHost(packFile);
const peerSite = await serve(peerDir);
const site = await serve(path.join(root, 'public'));
const { context, page } = await launch(tempProfile('bench-pack'));
const results = { versions: VERSIONS, pack: packFile, packSize, page: PAGE, model: MODEL, metric: METRIC, peerVersion, views: {} };

// One view of the peer: a fresh page and worker, the open, then the view; the worker's counts and the host's.
async function peerView(name, viewArgs, countOpen) {
  await page.goto(peerSite.url);
  await page.waitForFunction(() => window.peer && window.createDbWorker, null, { timeout: 30000 });
  const before = host.log.length;
  const opened = await page.evaluate(([u, c]) => window.peer.open(u, c), [host.url, PAGE]);
  const afterOpen = host.log.length;
  const r = await page.evaluate(([n, a]) => window.peer.view(n, a), [name, viewArgs]);
  const at = served(host, countOpen ? before : afterOpen);
  const worker = countOpen ? r.stats : { requests: r.stats.requests - opened.requests, bytes: r.stats.bytes - opened.bytes };
  return { rows: r.rows, worker, host: at };
}

let failed = false;
try {
  // The model's size for show and compare100 (the middle of its labels, as mvr-bench-pack takes it), read in a session
  // of its own.
  await page.goto(peerSite.url);
  await page.waitForFunction(() => window.peer && window.createDbWorker, null, { timeout: 30000 });
  await page.evaluate(([u, c]) => window.peer.open(u, c), [host.url, PAGE]);
  results.peerSqlite = await page.evaluate(() => window.peer.sqlite());
  const modelVersions = await page.evaluate((m) => window.peer.modelVersions(m), MODEL);
  const mid = Math.floor(modelVersions / 2);
  const viewArgs = { model: MODEL, metric: METRIC, mid };
  log(`sql.js-httpvfs ${peerVersion} (SQLite ${results.peerSqlite}); ${MODEL}: ${modelVersions} versions, show ${mid}`);

  const order = ['open', 'models', 'headlines', 'count', 'page200', 'first', 'versions_all', 'show', 'compare100', 'columns', 'pane', 'sort_metric', 'trend'];
  for (const name of order) {
    let peer;
    if (name === 'open') {
      await page.goto(peerSite.url);
      await page.waitForFunction(() => window.peer && window.createDbWorker, null, { timeout: 30000 });
      const before = host.log.length;
      const s = await page.evaluate(([u, c]) => window.peer.open(u, c), [host.url, PAGE]);
      peer = { rows: 0, worker: s, host: served(host, before) };
    } else {
      peer = await peerView(name, viewArgs, name === 'first');
    }
    results.views[name] = { mvr: mvrNative[name], peer };
    const m = mvrNative[name];
    log(`${name}: mvr ${m.requests} / ${m.bytes} (rows ${m.rows}) | sql.js-httpvfs ${peer.worker.requests} / ${peer.worker.bytes} ` +
      `(host: ${peer.host.gets} GETs / ${peer.host.bytes}, ${peer.host.heads} HEAD; rows ${peer.rows})`);
    if (name !== 'open' && peer.rows !== m.rows) {
      console.error(`bench-pack: ${name}: sql.js-httpvfs counted ${peer.rows} rows, mvr-bench-pack ${m.rows}`);
      failed = true;
    }
  }

  // mvr's page: the first screen of the pack read in place, as the app counts it (mvrState.pack) and as the host does.
  const before = host.log.length;
  await page.goto(site.url + '?registry=' + encodeURIComponent(host.url));
  await waitState(page, (x) => x.viewing === 'remote' && x.pack && x.model !== '' && x.modelRows.length > 0, 'the pack on screen', 180000);
  let s = null, last = -1, same = 0;
  for (let i = 0; i < 600 && same < 10; i++) {  // settled: the requests unchanged for a second
    s = await state(page);
    same = s.pack.requests === last ? same + 1 : 0;
    last = s.pack.requests;
    await page.waitForTimeout(100);
  }
  if (!s.pack.inPlace || s.pack.failure) throw new Error(`the app did not read the pack in place: ${JSON.stringify(s.pack)}`);
  const appHost = served(host, before);
  const shown = s.model;
  log(`the app's first screen (${shown}): ${s.pack.requests} requests / ${s.pack.bytes} bytes, waited ${s.pack.blockedMs.toFixed(0)} ms ` +
    `(host: ${appHost.gets} GETs / ${appHost.bytes}: the probe's 100 bytes and one GET a request)`);
  const peerApp = await peerView('app_first', { model: shown, metric: METRIC, mid }, true);
  results.views.app_first = { mvr: { requests: s.pack.requests, bytes: s.pack.bytes, blockedMs: s.pack.blockedMs, host: appHost, model: shown }, peer: peerApp };
  log(`app_first: sql.js-httpvfs ${peerApp.worker.requests} / ${peerApp.worker.bytes} (host: ${peerApp.host.gets} GETs / ${peerApp.host.bytes})`);
} finally {
  await context.close();
  await host.close();
  await peerSite.close();
  await site.close();
}

// --- the table -------------------------------------------------------------------------------------------------
const bytes = (n) => (n >= 1e6 ? (n / 1e6).toFixed(2) + ' MB' : n >= 1e3 ? (n / 1e3).toFixed(1) + ' KB' : n + ' B');
const pair = (c) => `${c.requests.toLocaleString('en')} / ${bytes(c.bytes)}`;
const described = {
  open: 'open (the schema; peer: + its HEAD)',
  models: 'models list',
  headlines: 'models list with each row\'s headline',
  count: 'status bar counts',
  page200: 'a model\'s first 200 versions',
  first: '**first screen** (open, headlines, counts, first 200)',
  versions_all: 'a model\'s whole version listing',
  show: '**show one version**',
  compare100: '**compare 100**',
  columns: 'the 4 metric columns of every version of the model (the versions pane before it paged)',
  pane: 'the versions pane\'s first screen: the newest 64 rows, the count, their 4 columns\' values',
  sort_metric: 'a sort by one metric column (the keys, then its values over the model\'s ids)',
  trend: '**one metric\'s trend**',
};
const out = [];
out.push(`Packed registry of ${VERSIONS.toLocaleString('en')} versions (${(packSize / 1e6).toFixed(1)} MB, ${PAGE}-byte pages), model ${MODEL} ` +
  `(${results.views.versions_all.mvr.rows.toLocaleString('en')} versions), metric ${METRIC}; sql.js-httpvfs ${peerVersion} (SQLite ${results.peerSqlite}), ` +
  `requestChunkSize ${PAGE}, serverMode full. Requests / bytes; each view from a cold cache after the open (the open and the first screen ` +
  `count the open).`);
out.push('');
out.push('| view | mvr (mvr-bench-pack --block ' + PAGE + ') | sql.js-httpvfs (its worker) | sql.js-httpvfs (at the host) |');
out.push('|---|---|---|---|');
for (const [name, r] of Object.entries(results.views)) {
  if (name === 'app_first') continue;
  const h = r.peer.host;
  out.push(`| ${described[name]} | ${pair(r.mvr)} | ${pair(r.peer.worker)} | ${h.gets.toLocaleString('en')} / ${bytes(h.bytes)}${h.heads ? ` + ${h.heads} HEAD` : ''} |`);
}
const a = results.views.app_first;
out.push(`| **the app's first screen in Chromium** (${a.mvr.model}: open, headlines, counts, the versions pane's newest rows, count and their 4 metric columns; mvr: mvrState.pack) | ` +
  `${pair(a.mvr)} (+ the 100-byte probe) | ${pair(a.peer.worker)} | ${a.peer.host.gets.toLocaleString('en')} / ${bytes(a.peer.host.bytes)}` +
  `${a.peer.host.heads ? ` + ${a.peer.host.heads} HEAD` : ''} |`);
console.log(out.join('\n'));
fs.writeFileSync(path.join(benchDir, `pack-results-${VERSIONS}.json`), JSON.stringify(results, null, 2) + '\n');
if (failed) {
  console.error('bench-pack: the peer\'s rows differ from mvr\'s (see above): the SQL in tests/bench/peer_httpvfs.mjs no longer matches src/storage');
  process.exit(1);
}
process.exit(0);  // the page's keep-alive connections would hold the servers open a while longer
