// Issue 18: ?registry= names a pack (mvr pack) on another host. Where the host honours Range requests the app
// reads it in place, fetching only the pages each view needs (synchronous Range requests from the engine on the
// main thread); where it does not, the pack is downloaded whole and still opens, with a note saying why. The
// host here is a second local origin that logs every request, so what the app says it fetched is checked
// against what the host sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveRanges, launch, tempProfile, state, waitState, widget, click, shot, assert, root } from './lib.mjs';

const VERSIONS = 3000;
// Bounds on what the views fetch, in bytes (measured: first screen 100 KB in 21 requests since the pack numbers a
// model's versions as one run of ids and the versions pane reads only its newest page of rows, the model's count and
// those rows' metric values; 484 KB before; a version 32-40 KB; docs/performance.md "Packed registries: mvr against
// sql.js-httpvfs").
const FIRST_VIEW_MAX = 160 * 1024;
const SHOW_VERSION_MAX = 50 * 1024;

// The mvr command that writes the pack: the native build, else the web preset's CLI under node (the full test
// run builds both before the browser tests).
function mvrCommand() {
  const native = path.join(root, 'build', 'native', 'mvr');
  if (fs.existsSync(native)) return (args) => execFileSync(native, args, { stdio: 'pipe' });
  const wasm = path.join(root, 'build', 'web', 'mvr.js');
  if (fs.existsSync(wasm)) return (args) => execFileSync(process.execPath, [wasm, ...args], { stdio: 'pipe' });
  throw new Error('no mvr command to write the pack with: build build/native/mvr (cmake --build --preset native ' +
    '--target mvr) or build/web/mvr.js (cmake --build --preset web --target mvr)');
}

// VERSIONS versions of the project's workload (20 models), imported and packed; what each model should show.
function makePack() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-pack-host-'));
  const json = path.join(dir, 'workload.json');
  execFileSync('python3', [path.join(root, 'tests', 'bench', 'workload.py'), 'registry', String(VERSIONS), json], { stdio: 'ignore' });
  const mvr = mvrCommand();
  const db = path.join(dir, 'source.db');
  mvr(['--db', db, 'import', '--no-rules', json]);
  mvr(['--db', db, 'pack', path.join(dir, 'reg.mvr')]);
  const versions = JSON.parse(fs.readFileSync(json, 'utf8'));
  const counts = {};
  for (const v of versions) counts[v.model] = (counts[v.model] || 0) + 1;
  fs.rmSync(json);
  fs.rmSync(db);
  return { dir, versions, counts, size: fs.statSync(path.join(dir, 'reg.mvr')).size };
}

// Waits until the pack's published requests stop changing for a moment (the view has read what it needs).
async function settled(page, what) {
  let last = -1, same = 0;
  for (let i = 0; i < 200; i++) {
    const s = await state(page);
    const n = s && s.pack ? s.pack.requests : -1;
    same = n === last && n >= 0 ? same + 1 : 0;
    last = n;
    if (same >= 5) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`the pack's requests did not settle for ${what}`);
}

function modelsAsExpected(s, counts) {
  const want = Object.keys(counts).sort();
  const got = s.modelRows.map((r) => r.name);
  assert(JSON.stringify(got) === JSON.stringify(want), `the models list shows the ${want.length} models (${got.join(', ')})`);
  for (const r of s.modelRows)
    assert(r.facts.startsWith(`${counts[r.name]} versions`), `${r.name}: "${r.facts}" counts its ${counts[r.name]} versions`);
}

// core::humanBytes for the sizes here (1 KiB and up): one decimal of the largest unit under the value.
function humanBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0, v = n;
  while (v >= 1024 && u + 1 < units.length) { v /= 1024; u++; }
  return (Math.round(v * 10) / 10).toFixed(1) + ' ' + units[u];
}

const kb = (n) => (n / 1024).toFixed(1) + ' KB';

export default function register({ test, site }) {
  let pack = null;
  const thePack = () => (pack ||= makePack());

  test('a packed registry on a host that honours Range requests opens in place: a few requests per view, counted as the host counts them', async () => {
    const { dir, versions, counts, size } = thePack();
    const host = await serveRanges(dir);
    const { context, page } = await launch(tempProfile('pack-range'));
    const packUrl = host.url + 'reg.mvr';
    try {
      await page.goto(site.url + '?registry=' + encodeURIComponent(packUrl));
      await waitState(page, (x) => x.viewing === 'remote' && x.pack && x.model !== '' && x.modelRows.length > 0,
        'the pack on screen');
      let s = await settled(page, 'the first screen');
      assert(s.pack.inPlace === true && s.pack.size === size, `read in place, ${size} bytes (${JSON.stringify(s.pack)})`);
      assert(s.versions === VERSIONS, `the status bar's count: ${s.versions}`);
      assert(s.readOnly && s.error === '' && s.remoteNote === '', `no error, no note (${s.error}${s.remoteNote})`);
      modelsAsExpected(s, counts);
      const first = s.pack;
      assert(first.bytes < FIRST_VIEW_MAX && first.bytes < size / 20,
        `the first screen fetched ${kb(first.bytes)} in ${first.requests} requests, of a ${kb(size)} file`);
      await widget(page, 'status.pack');
      await shot(page, 'pack-first-screen');

      // Another model: its versions list.
      const model = s.modelRows[3].name;
      await click(page, 'model:' + model);
      await waitState(page, (x) => x.model === model, 'the other model');
      s = await settled(page, 'the other model');
      const listed = s.pack;
      // A version of it, in the middle of the list.
      const labels = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')).map((k) => k.slice(13)));
      assert(labels.length > 3, `the versions list shows ${model}'s versions (${labels.length})`);
      const label = labels[Math.floor(labels.length / 2)];
      await click(page, 'versions.row:' + label);
      await waitState(page, (x) => x.focused === label, `version ${label} in the version panel`);
      s = await settled(page, 'the version');
      const shown = s.pack;
      const v = versions.find((x) => x.model === model && String(x.version) === label);
      await widget(page, 'detail.field:author');
      // Its datasets and artifacts with their sizes as the version panel writes them (core::humanBytes).
      const drawn = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('detail.size:')));
      const want = [...v.datasets.map((d) => `detail.size:Datasets:${d.name}=${humanBytes(d.size)}`),
        ...v.artifacts.map((a) => `detail.size:Artifacts:${a.path}=${humanBytes(a.size)}`)];
      assert(JSON.stringify(drawn) === JSON.stringify(want), `version ${label}'s data as in the workload: ${drawn.join(', ')} vs ${want.join(', ')}`);
      const showBytes = shown.bytes - listed.bytes;
      assert(showBytes < SHOW_VERSION_MAX, `showing a version fetched ${kb(showBytes)} in ${shown.requests - listed.requests} requests`);
      await shot(page, 'pack-version');

      // What the host sent is what the app counted: its probe (100 bytes) and one GET per request counted.
      const gets = host.log.filter((e) => e.method === 'GET');
      assert(gets.every((e) => e.status === 206 && e.range), `every GET was a range answered 206 (${JSON.stringify(gets.filter((e) => e.status !== 206))})`);
      assert(gets.length === shown.requests + 1, `the host answered ${gets.length} GETs; the app counted ${shown.requests} + the probe`);
      const sent = gets.reduce((a, e) => a + e.bytes, 0);
      assert(sent === shown.bytes + 100, `the host sent ${sent} bytes; the app counted ${shown.bytes} + the probe's 100`);
      console.log(`      ${VERSIONS} versions, pack ${kb(size)}: first screen ${first.requests} requests / ${kb(first.bytes)} ` +
        `(main thread waited ${first.blockedMs.toFixed(1)} ms), another model's list ${listed.requests - first.requests} / ` +
        `${kb(listed.bytes - first.bytes)} (${(listed.blockedMs - first.blockedMs).toFixed(1)} ms), a version ` +
        `${shown.requests - listed.requests} / ${kb(showBytes)} (${(shown.blockedMs - listed.blockedMs).toFixed(1)} ms); ` +
        `longest wait in one frame ${shown.frameBlockedMaxMs.toFixed(1)} ms; ${host.log.length - gets.length} preflights`);

      // The host starts failing: the next read says which file, which bytes and what the host answered, and the
      // app goes on drawing (no request is made again).
      host.fail = 503;
      const other = s.modelRows[5].name;  // on screen, not read yet
      await click(page, 'model:' + other);
      s = await waitState(page, (x) => x.error !== '', 'the failed read to be told');
      assert(s.error.includes(packUrl) && s.error.includes('HTTP 503') && s.error.includes('bytes '),
        `the message names the file, the bytes and the answer: ${s.error}`);
      assert(s.pack.failure !== '' && s.actionError === '', `the view's message, not an action's (${s.actionError})`);
      await widget(page, 'view.error');
      const before = host.log.length;
      const frames = await page.evaluate(() => window.mvrFrames);
      await page.mouse.move(300, 300);
      await page.mouse.move(400, 420);
      await page.waitForTimeout(500);
      assert(await page.evaluate(() => window.mvrFrames) > frames, 'the app still draws frames');
      assert(host.log.length === before, `no request after the failure (${host.log.length - before})`);
      await click(page, 'view.close');
      s = await waitState(page, (x) => x.viewing === '' && !x.pack, 'back to my own registry');
      await shot(page, 'pack-failed');
    } finally {
      await context.close();
      await host.close();
    }
  });

  test('a packed registry on a host that ignores Range requests is downloaded whole and opens, with a note saying why', async () => {
    const { dir, counts, size } = thePack();
    const host = await serveRanges(dir, { ranges: false });
    const { context, page } = await launch(tempProfile('pack-whole'));
    try {
      await page.goto(site.url + '?registry=' + encodeURIComponent(host.url + 'reg.mvr'));
      let s = await waitState(page, (x) => x.viewing === 'remote' && x.pack && x.model !== '' && x.modelRows.length > 0,
        'the pack downloaded whole on screen');
      assert(s.pack.inPlace === false && s.pack.size === size, `read from the copy (${JSON.stringify(s.pack)})`);
      assert(/^127\.0\.0\.1:\d+ ignores Range requests: downloaded whole \(1\d MB\)\.$/.test(s.remoteNote), `the note: ${s.remoteNote}`);
      assert(s.versions === VERSIONS && s.error === '', `${s.versions} versions, no error (${s.error})`);
      modelsAsExpected(s, counts);
      await widget(page, 'view.note');
      const status = await page.evaluate(() => !!window.mvrWidgets['status.pack']);
      assert(!status, 'the status bar tells no requests for a copy in memory');
      // The probe's answer was the whole file, and it was read: one request.
      const gets = host.log.filter((e) => e.method === 'GET');
      assert(gets.length === 1 && gets[0].status === 200 && gets[0].bytes === size, `one GET, answered whole (${JSON.stringify(gets)})`);
      await shot(page, 'pack-downloaded-whole');

      // A host that answers ranges but hides their Content-Range from other sites: the size is unknown, so the
      // pack is downloaded whole too, and the note names the header to send.
      const hidden = await serveRanges(dir, { expose: false });
      try {
        await page.goto(site.url + '?registry=' + encodeURIComponent(hidden.url + 'reg.mvr'));
        s = await waitState(page, (x) => x.viewing === 'remote' && x.pack && x.remoteNote !== '' && x.modelRows.length > 0,
          'the pack from the host that hides Content-Range');
        assert(s.pack.inPlace === false && s.remoteNote.includes('Access-Control-Expose-Headers: Content-Range') &&
          s.remoteNote.endsWith('downloaded whole (16 MB).'), `the note: ${s.remoteNote}`);
        modelsAsExpected(s, counts);
      } finally {
        await hidden.close();
      }
    } finally {
      await context.close();
      await host.close();
    }
  });

  test('a packed registry on a host whose CORS policy refuses the Range header is downloaded whole and opens, with a note saying why', async () => {
    const { dir, counts, size } = thePack();
    const host = await serveRanges(dir, { rangeCors: false });
    const { context, page } = await launch(tempProfile('pack-cors'));
    try {
      const started = Date.now();
      await page.goto(site.url + '?registry=' + encodeURIComponent(host.url + 'reg.mvr'));
      const s = await waitState(page, (x) => x.viewing === 'remote' && x.pack && x.model !== '' && x.modelRows.length > 0,
        'the pack downloaded whole after the refused Range request', 30000);
      // Read in place from the copy in memory (its reads are counted as the reader's, none of them went to the host).
      assert(s.pack.inPlace === false && s.pack.size === size && s.pack.bytes <= size && s.pack.failure === '',
        `read from the copy in memory (${JSON.stringify(s.pack)})`);
      assert(/^127\.0\.0\.1:\d+ does not allow other sites to send Range requests \(.*"Access-Control-Allow-Headers: Range".*\): downloaded whole \(1\d MB\)\.$/.test(s.remoteNote),
        `the note says why, and what was downloaded: ${s.remoteNote}`);
      assert(s.versions === VERSIONS && s.error === '' && s.readOnly, `${s.versions} versions, no error (${s.error})`);
      modelsAsExpected(s, counts);
      await widget(page, 'view.note');
      await widget(page, 'status.saved');  // the status bar is drawn (its database size: the copy's bytes)
      assert(!(await page.evaluate(() => !!window.mvrWidgets['status.pack'])), 'the status bar tells no requests for a copy in memory');
      // What the host saw: the ranged probe (answered, but without CORS headers, so the page could not read it),
      // then one plain GET of the whole file that the page could read. A browser that preflights Range would
      // have been refused at the OPTIONS instead (logged, not asserted: Chromium sends none for bytes=0-99).
      const gets = host.log.filter((e) => e.method === 'GET');
      assert(gets.length === 2 && gets[0].range === 'bytes=0-99' && !gets[0].cors &&
        gets[1].range === '' && gets[1].cors && gets[1].status === 200 && gets[1].bytes === size,
        `a refused ranged probe, then one whole GET (${JSON.stringify(gets)})`);
      await shot(page, 'pack-range-refused');
      console.log(`      CORS refused Range: opened from a whole download of ${kb(size)} in ${Date.now() - started} ms; ` +
        `${host.log.length - gets.length} preflights`);
    } finally {
      await context.close();
      await host.close();
    }
  });
}
