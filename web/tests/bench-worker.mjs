// Issue 18's design question, measured in headless Chromium: (a) the whole app in a Worker, drawing on an
// OffscreenCanvas, or (b) only the engine in a Worker, the UI on the main thread asking it by messages.
// The pages it serves are web/tests/worker-bench/ (no COOP/COEP headers: no SharedArrayBuffer), a range file is
// served from a second origin by lib.mjs serveRanges. It measures:
//   1. the same draw load (draw.js: ~8,000 glyph quads, 150 draw calls, vertices rebuilt and uploaded each frame)
//      on the page's canvas and on an OffscreenCanvas in a dedicated worker: frame interval, CPU per frame, a real
//      mousemove to the start of the next frame (forwarded by postMessage for the worker), and the longest frame
//      while 37 synchronous 4 KiB Range reads run (in the drawing worker for (a), in an engine worker for (b));
//   2. postMessage round trips: small requests one by one and 30 at once, 1 MiB transferred and copied, and 30
//      requests posted at the start of each frame of the draw load: answered before the next frame or not;
//   3. in a dedicated worker: OPFS sync access handles (4 KiB pages sequential and random, a small commit's flush,
//      which modes a second holder gets), the current release's IndexedDB page records (web/idb-store.js) read
//      there and copied into an OPFS file, and synchronous Range requests with responseType 'arraybuffer'.
// usage: node web/tests/bench-worker.mjs [--quick]   (hold /tmp/mvr-build.lock; NODE_PATH=/usr/share/nodejs)
// Prints Markdown tables on stdout (progress on stderr) and writes $MVR_BENCH_DIR/worker-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, serveRanges, launch, tempProfile, root } from './lib.mjs';

const quick = process.argv.includes('--quick');
const benchDir = process.env.MVR_BENCH_DIR || '/tmp/mvr-bench';
fs.mkdirSync(benchDir, { recursive: true });
const FRAMES = quick ? 120 : 240, RUNS = quick ? 1 : 2;
// A busy frame (a table full of numbers: ~8,000 glyphs in 150 calls) and a light one (what a partial redraw or a
// quiet pane costs: 1,500 in 30).
const LOADS = { heavy: { quads: 8000, draws: 150 }, light: { quads: 1500, draws: 30 } };
const LOAD = LOADS.heavy;
const FIRST_SCREEN_READS = 37;  // the 3,000-version pack's first screen (docs/performance.md, after read-ahead)
const RANGE_FILE_SIZE = 16 << 20;
const started = Date.now();
const log = (...a) => console.error(`bench-worker [${((Date.now() - started) / 1000).toFixed(0)} s]:`, ...a);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const median = (xs) => pct(xs, 0.5);
const fmt = (x, d = 1) => (Number.isFinite(x) ? Number(x).toFixed(d) : 'n/a');
const mp = (xs, d = 1) => `${fmt(median(xs), d)} / ${fmt(pct(xs, 0.95), d)}`;

// A 16 MiB file of deterministic bytes for the Range reads.
const rangeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-bench-worker-'));
{
  const data = Buffer.alloc(RANGE_FILE_SIZE);
  let s = 1;
  for (let k = 0; k < data.length; k += 4) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; data.writeUInt32LE(s, k); }
  fs.writeFileSync(path.join(rangeDir, 'pages.bin'), data);
}
const site = await serve(path.join(root, 'web'));
const host = await serveRanges(rangeDir);
const rangeUrl = host.url + 'pages.bin';
const { context, page } = await launch(tempProfile('bench-worker'));
const results = { quick, loads: LOADS, frames: FRAMES };
try {
  page.on('console', (m) => { if (m.type() === 'error') log('[page]', m.text()); });
  await page.goto(site.url + 'tests/worker-bench/index.html');
  await page.waitForFunction(() => window.benchReady === true);
  results.env = await page.evaluate(() => window.bench.env());
  log('env', JSON.stringify(results.env));

  // 1. Drawing. Runs alternate main, worker, main, worker; a real mouse moves over the canvas every 50 ms while
  // the frames run.
  results.gl = {};
  for (const [loadName, load] of Object.entries(LOADS)) {
    const gl = { main: [], worker: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const where of ['main', 'worker']) {
        log(`${loadName} frames on the ${where} thread, run ${run + 1}`);
        await page.evaluate(([where, o]) => { window.benchDone = where === 'main' ? window.bench.glMain(o) : window.bench.glWorker(o); },
          [where, { frames: FRAMES, load }]);
        const until = Date.now() + (FRAMES / 60) * 1000 * 0.8;
        await page.waitForTimeout(300);
        for (let k = 0; Date.now() < until; k++) {
          await page.mouse.move(200 + (k * 37) % 1200, 150 + (k * 23) % 600);
          await page.waitForTimeout(50);
        }
        gl[where].push(await page.evaluate(() => window.benchDone));
      }
    }
    const all = (where, key) => gl[where].flatMap((r) => r[key]);
    results.gl[loadName] = {};
    for (const where of ['main', 'worker'])
      results.gl[loadName][where] = { interval: all(where, 'intervals'), cpu: all(where, 'cpu'), latency: all(where, 'latency'),
        delivery: where === 'worker' ? all(where, 'delivery') : [], renderer: gl[where][0].renderer, raf: where === 'main' || gl[where][0].raf };
  }

  // The engine's reads during a frame: (a) in the drawing worker, (b) in an engine worker beside the page's frames.
  const reads = { atFrame: 40, url: rangeUrl, size: RANGE_FILE_SIZE, block: 4096, count: FIRST_SCREEN_READS };
  results.stall = {};
  for (const where of ['main', 'worker']) {
    log(`${FIRST_SCREEN_READS} sync reads while drawing (${where === 'main' ? 'engine worker, UI on the page' : 'in the drawing worker'})`);
    const r = await page.evaluate(([where, o]) => (where === 'main' ? window.bench.glMain(o) : window.bench.glWorker(o)),
      [where, { frames: 120, load: LOAD, reads }]);
    const readMs = (where === 'main' ? r.reads.ms : r.reads).reduce((a, b) => a + b, 0);
    const around = r.intervals.slice(reads.atFrame - 1, reads.atFrame + 1 + Math.ceil(readMs / 16));
    // Frames drawn while the reads ran: those that began within their time.
    let t = 0, during = [];
    for (let k = reads.atFrame; k < r.intervals.length && t < readMs; k++) { t += r.intervals[k]; during.push(r.intervals[k]); }
    results.stall[where] = { readMs, longestFrame: Math.max(...around), during, answeredAfter: where === 'main' ? r.reads.answeredAfter : readMs,
      before: r.intervals.slice(0, reads.atFrame - 1) };
  }

  // 2. Messages.
  log('postMessage round trips');
  results.echo = await page.evaluate((o) => window.bench.echo(o), { small: 2000, bursts: 200, burst: 30, big: 100, frames: 120, load: LOAD });

  // 3. Storage in the worker.
  log('OPFS sync access handle, 4 KiB pages');
  results.opfs = await page.evaluate(() => window.bench.opfs({ pages: 16384 }));
  log('IndexedDB page records -> OPFS in the worker');
  results.migrate = await page.evaluate(() => window.bench.migrate({ pages: 4096, pageSize: 8192, smallCommits: 20 }));
  log('sync Range requests');
  results.xhr = await page.evaluate((o) => window.bench.xhr(o), { url: rangeUrl, size: RANGE_FILE_SIZE, reads: 200 });
  results.xhrMain = await page.evaluate((o) => window.bench.xhrMain(o), { url: rangeUrl, size: RANGE_FILE_SIZE, reads: 200 });
} finally {
  await context.close();
  await host.close();
  await site.close();
  fs.rmSync(rangeDir, { recursive: true, force: true });
}
fs.writeFileSync(path.join(benchDir, 'worker-results.json'), JSON.stringify(results));

// --- the tables ---------------------------------------------------------------------------------------------
const { stall, echo, opfs, migrate: mig, xhr, xhrMain, env } = results;
const g = results.gl.heavy, gLight = results.gl.light;
const out = [];
out.push(`Headless Chromium (${/Chrome\/[\d.]+/.exec(env.userAgent)?.[0] || env.userAgent}), ${g.main.renderer}; ` +
  `crossOriginIsolated ${env.crossOriginIsolated}, SharedArrayBuffer ${env.sharedArrayBuffer ? 'defined' : 'undefined'}; ` +
  `OPFS sync handles on the main thread: ${env.syncHandleOnMain ? 'yes' : 'no'}. ${FRAMES} frames x ${RUNS} runs each, ` +
  `canvas 1600x900. Medians / 95th percentiles.`, '');
out.push('| drawing | page canvas, main thread | OffscreenCanvas in a worker | unit |', '|---|---|---|---|');
out.push(`| WebGL2 context, requestAnimationFrame | yes, yes | yes, ${g.worker.raf ? 'yes' : 'no (setTimeout)'} | |`);
for (const [name, x] of [['heavy', g], ['light', gLight]]) {
  const l = LOADS[name];
  out.push(`| ${name} (${l.quads} quads, ${l.draws} calls): frame interval | ${mp(x.main.interval)} | ${mp(x.worker.interval)} | ms |`);
  out.push(`| ${name}: CPU per frame (build + upload + draws) | ${mp(x.main.cpu, 2)} | ${mp(x.worker.cpu, 2)} | ms |`);
  out.push(`| ${name}: mousemove -> start of the next frame (${x.main.latency.length} / ${x.worker.latency.length} moves) | ${mp(x.main.latency)} | ${mp(x.worker.latency)} | ms |`);
  out.push(`| ${name}: of which the postMessage to the worker | - | ${mp(x.worker.delivery, 2)} | ms |`);
}
out.push(`| heavy, ${FIRST_SCREEN_READS} sync 4 KiB Range reads at frame 40 (${fmt(stall.main.readMs, 0)} / ${fmt(stall.worker.readMs, 0)} ms in all): frames before, median | ${fmt(median(stall.main.before))} | ${fmt(median(stall.worker.before))} | ms |`);
out.push(`| ... frames drawn while they ran; their median, longest | ${stall.main.during.length}; ${fmt(median(stall.main.during))}, ${fmt(stall.main.longestFrame)} (reads in an engine worker) | ${stall.worker.during.length}; ${fmt(median(stall.worker.during))}, ${fmt(stall.worker.longestFrame)} (reads in the drawing worker: frozen) | ms |`);
out.push(`| ... their answer on the drawing thread after | ${fmt(stall.main.answeredAfter)} | ${fmt(stall.worker.answeredAfter)} | ms |`, '');
const late = echo.inFrame.filter((p) => p.late).length;
out.push('| postMessage, page <-> worker | median | p95 | unit |', '|---|---|---|---|');
out.push(`| a small request and its answer, one at a time (${echo.small.length} batches of 100) | ${fmt(median(echo.small) * 1000, 0)} | ${fmt(pct(echo.small, 0.95) * 1000, 0)} | µs |`);
out.push(`| 30 small requests posted together, all answered (${echo.burst.length}) | ${fmt(median(echo.burst), 2)} | ${fmt(pct(echo.burst, 0.95), 2)} | ms |`);
out.push(`| 1 MiB ArrayBuffer transferred there and back (${echo.transfer.length} batches of 10) | ${fmt(median(echo.transfer), 2)} | ${fmt(pct(echo.transfer, 0.95), 2)} | ms |`);
out.push(`| 1 MiB copied (structured clone) there and back (${echo.clone.length} batches of 10) | ${fmt(median(echo.clone), 2)} | ${fmt(pct(echo.clone, 0.95), 2)} | ms |`);
out.push(`| 30 requests posted at a frame's start, with the draw load: all answered after | ${fmt(median(echo.inFrame.map((p) => p.done)), 2)} | ${fmt(pct(echo.inFrame.map((p) => p.done), 0.95), 2)} | ms |`);
out.push(`| ... answered before the next frame began | ${echo.inFrame.length - late} of ${echo.inFrame.length} frames | | |`, '');
const perPage = (ms, n) => (ms * 1000) / n;
out.push('| storage, in a dedicated worker | figure | unit |', '|---|---|---|');
out.push(`| OPFS: createSyncAccessHandle | ${fmt(opfs.openMs, 2)} | ms |`);
out.push(`| OPFS: write ${opfs.pages} pages of 4 KiB + flush | ${fmt(opfs.writeMs, 0)} (${fmt((opfs.pages * 4096) / 1048576 / (opfs.writeMs / 1000), 0)} MiB/s) | ms |`);
out.push(`| OPFS: read a 4 KiB page, sequential | ${fmt(perPage(opfs.seqMs, opfs.pages), 1)} (${fmt((opfs.pages * 4096) / 1048576 / (opfs.seqMs / 1000), 0)} MiB/s) | µs |`);
out.push(`| OPFS: read a 4 KiB page, random | ${fmt(perPage(opfs.randMs, opfs.pages), 1)} (${fmt((opfs.pages * 4096) / 1048576 / (opfs.randMs / 1000), 0)} MiB/s) | µs |`);
out.push(`| OPFS: a small commit (6 scattered pages + flush) | ${mp(opfs.small, 2)} | ms |`);
out.push(`| OPFS: a second handle while a readwrite one is open | readwrite: ${opfs.modes.readwrite}, read-only: ${opfs.modes['read-only']}, readwrite-unsafe: ${opfs.modes['readwrite-unsafe']}; two readwrite-unsafe: ${opfs.unsafeShared} | |`);
out.push(`| IndexedDB (idb-store.js records, 1 bulk + 20 small commits, ${fmt(mig.size / 1048576, 0)} MiB) read in the worker and copied into OPFS | open ${fmt(mig.openMs, 1)} ms, load + copy ${fmt(mig.copyMs, 0)} ms, ${mig.pagesCopied} pages copied of ${mig.pagesRead} read, read back ${fmt(mig.readBackMs, 0)} ms, byte for byte: ${mig.matches ? 'yes' : 'NO'} | |`);
out.push(`| sync XHR + Range, responseType arraybuffer, 4 KiB (${xhr.sync4096.length}) | ${mp(xhr.sync4096, 2)} | ms |`);
out.push(`| the same, 64 KiB | ${mp(xhr.sync65536, 2)} | ms |`);
out.push(`| async fetch + Range, 4 KiB, in the worker | ${mp(xhr.fetch4096, 2)} | ms |`);
out.push(`| sync XHR + Range on the main thread, x-user-defined text, 4 KiB (today's rangeGet) | ${mp(xhrMain.sync4096, 2)} | ms |`);
console.log(out.join('\n'));
log('done; raw figures in', path.join(benchDir, 'worker-results.json'));
