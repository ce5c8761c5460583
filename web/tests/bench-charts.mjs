// The chart figures of issue 14, mvr next to its peer uPlot (npm `uplot`, pinned in web/package.json; the peer page
// is tests/bench/peer_uplot.html + .mjs) in the same headless Chromium, in one run:
//   a. a 1,000,000-point series (10 versions x 100,000 steps of one metric): the first draw (mvr: from the click on
//      the Training curves tab, the 10 versions ticked, to the frame that shows them, its data read from the
//      registry; then the frame that draws it again after a double-click reset, the draw without the read; uPlot:
//      `new uPlot(...)` with the data in memory until drawn, as uPlot's own benchmark times it), and frame times
//      while panning and zooming (mvr: Shift+drag and the wheel with the real mouse, the CPU time of each frame
//      that drew, from window.mvrFrameTimes; uPlot: one setScale a frame, timed the same way);
//   b. four trend charts of a model with 100,000 versions on screen (Trends tab): the CPU time of the frames that
//      drew while hovering and while panning;
//   c. M4 over 1,000,000 points in process (mvr-bench-m4, natively and under node), when it is built.
// usage: node web/tests/bench-charts.mjs [--quick]   (data in $MVR_BENCH_DIR, default /tmp/mvr-bench; written when missing)
//   --quick: half the frames per figure (30 mouse moves a drag, 30 uPlot frames a pan), for scripts/bench --quick
//   MVR_BENCH_PROFILE=FILE: a CPU profile (DevTools format) of the curves' pan to FILE, of their first (smoothed) draw to FILE.first, of the trends' hover to
//   FILE.hover, of their pan to FILE.trendpan and of the whole range's pan to FILE.trendpanfull; MVR_BENCH_SHOTS=1: screenshots of both views in $MVR_BENCH_DIR (to look at what was measured)
// Prints a Markdown table on stdout (progress on stderr) and writes $MVR_BENCH_DIR/charts-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { serve, launch, tempProfile, waitState, widget, click, root } from './lib.mjs';

const benchDir = process.env.MVR_BENCH_DIR || '/tmp/mvr-bench';
const quick = process.argv.includes('--quick');
const MOVES = quick ? 30 : 60;  // mouse moves per drag, uPlot frames per pan or zoom
fs.mkdirSync(benchDir, { recursive: true });
const rows = [];
const row = (what, mvr, peer, unit, note = '') => {
  rows.push({ what, mvr, peer, unit, note });
  console.error(`  ${what}: mvr ${mvr} | uPlot ${peer} ${unit} ${note}`);
};
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => (xs.length ? sorted(xs)[Math.floor(xs.length / 2)] : NaN);
const pct = (xs, p) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
const fmt = (x, d = 1) => (Number.isFinite(x) ? Number(x).toFixed(d) : 'n/a');
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const started = Date.now();
const log = (...a) => console.error(`bench-charts [${((Date.now() - started) / 1000).toFixed(0)} s]:`, ...a);

// --- data (deterministic: a 32-bit xorshift, so every run and machine draws the same series) -----------------
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}
const CURVE_VERSIONS = 10, CURVE_STEPS = 100000, CURVE_MODEL = 'curves-1m', CURVE_METRIC = 'train_loss';
const TREND_VERSIONS = 100000, TREND_MODEL = 'trends-100k';
const TREND_METRICS = [['auc', 'max'], ['latency_ms', 'min'], ['loss', 'min'], ['throughput', 'max']];

// 10 versions, each with a loss history of 100,000 steps (plain numbers): a decay with noise and a few spikes.
function curvesFile() {
  const f = path.join(benchDir, `charts-curves-${CURVE_VERSIONS}x${CURVE_STEPS}.json`);
  if (fs.existsSync(f)) return f;
  log('writing', f);
  const out = fs.openSync(f + '.tmp', 'w');
  fs.writeSync(out, '[');
  for (let v = 1; v <= CURVE_VERSIONS; v++) {
    const r = rng(1000 + v);
    const steps = new Array(CURVE_STEPS);
    let walk = 0;
    for (let i = 0; i < CURVE_STEPS; i++) {
      walk = walk * 0.999 + (r() - 0.5) * 0.02;
      const spike = r() < 0.0005 ? r() * 0.8 : 0;
      steps[i] = Number((2.2 * Math.exp(-i / (9000 + 1500 * v)) + 0.15 + 0.02 * v + walk + (r() - 0.5) * 0.05 + spike).toFixed(5));
    }
    const m = { model: CURVE_MODEL, version: v, created_on: new Date(Date.UTC(2026, 0, v)).toISOString().replace('.000', ''),
      metrics: { [CURVE_METRIC]: { value: steps[CURVE_STEPS - 1], goal: 'min', steps } } };
    fs.writeSync(out, (v > 1 ? ',\n' : '') + JSON.stringify(m));
  }
  fs.writeSync(out, ']\n');
  fs.closeSync(out);
  fs.renameSync(f + '.tmp', f);
  return f;
}

// One model with 100,000 versions and 4 metrics, each with a goal; production on a late version, staging on the last.
function trendsFile() {
  const f = path.join(benchDir, `charts-trends-${TREND_VERSIONS}.json`);
  if (fs.existsSync(f)) return f;
  log('writing', f);
  const out = fs.openSync(f + '.tmp', 'w');
  const r = rng(77);
  let t = Date.UTC(2024, 0, 1), auc = 0.80, lat = 20, loss = 0.5, thr = 900;
  const parts = [];
  for (let v = 1; v <= TREND_VERSIONS; v++) {
    t += 60000 + Math.floor(r() * 540000);
    auc = Math.min(0.99, Math.max(0.5, auc + (r() - 0.499) * 0.002));
    lat = Math.max(1, lat + (r() - 0.5) * 0.2);
    loss = Math.max(0.01, loss + (r() - 0.501) * 0.004);
    thr = Math.max(10, thr + (r() - 0.5) * 5);
    const m = { model: TREND_MODEL, version: v, created_on: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'), metrics: {
      auc: { value: Number(auc.toFixed(5)), goal: 'max' }, latency_ms: { value: Number(lat.toFixed(3)), goal: 'min' },
      loss: { value: Number(loss.toFixed(5)), goal: 'min' }, throughput: { value: Number(thr.toFixed(1)), goal: 'max' } } };
    if (v === TREND_VERSIONS - 500) m.aliases = ['production'];
    if (v === TREND_VERSIONS) m.aliases = ['staging'];
    parts.push(JSON.stringify(m));
    if (parts.length === 5000) { fs.writeSync(out, (v > 5000 ? ',\n' : '[') + parts.join(',\n')); parts.length = 0; }
  }
  fs.writeSync(out, (parts.length ? ',\n' + parts.join(',\n') : '') + ']\n');
  fs.closeSync(out);
  fs.renameSync(f + '.tmp', f);
  return f;
}

// --- the page's frames: CPU time of each (window.mvrFrameTimes), whether it drew (window.mvrFramesDrawn) -------
// A recorder installed in the page: every frame's CPU ms, its end (performance.now()), whether the canvas was drawn,
// and the time of the last pointerdown; `want` (a predicate source) marks the first drawn frame whose published
// state satisfies it.
async function installRecorder(page) {
  await page.evaluate(() => {
    const rec = window.benchRec = { frames: [], downAt: 0, want: null, shownAt: 0, shownFrame: -1 };
    const times = [];
    times.push = function (ms) {
      Array.prototype.push.call(this, ms);
      if (this.length > 2000) this.splice(0, this.length - 2000);
      const f = { ms, at: performance.now(), drew: false };
      rec.frames.push(f);
      const index = rec.frames.length - 1;
      // mvrFramesDrawn is counted after this push, in the same call: look once it has returned.
      queueMicrotask(() => {
        if (rec.want && !rec.shownAt && f.drew && rec.want(window.mvrState)) { rec.shownAt = f.at; rec.shownFrame = index; }
      });
      return this.length;
    };
    window.mvrFrameTimes = times;
    let drawn = window.mvrFramesDrawn || 0;
    Object.defineProperty(window, 'mvrFramesDrawn', {
      configurable: true, get: () => drawn,
      set: (v) => { drawn = v; const f = rec.frames[rec.frames.length - 1]; if (f) f.drew = true; },
    });
    window.addEventListener('pointerdown', () => { rec.downAt = performance.now(); }, true);
  });
}
const resetFrames = (page, want = null) => page.evaluate((w) => {
  const r = window.benchRec;
  r.frames = []; r.downAt = 0; r.shownAt = 0; r.shownFrame = -1;
  r.want = w ? new Function('s', 'return ' + w) : null;  // eslint-disable-line no-new-func
}, want);
const frames = (page) => page.evaluate(() => ({ ...window.benchRec, want: undefined }));
const drawnMs = (r) => r.frames.filter((f) => f.drew).map((f) => f.ms);
const drawnIntervals = (r) => r.frames.slice(0, -1).flatMap((f, i) => (f.drew ? [r.frames[i + 1].at - f.at] : []));

async function emptyApp(url) {
  const { context, page } = await launch(tempProfile('charts'), { context: viewport });
  await page.goto(url);
  await waitState(page, (x) => x.versions > 0 && !x.importing && x.saved, 'the example registry');
  await click(page, 'example.clear');
  await waitState(page, (x) => x.clearDialog, 'the question before clearing');
  await click(page, 'clear.confirm');
  await waitState(page, (x) => x.versions === 0 && x.saved, 'an empty registry');
  return { context, page };
}

async function importFiles(page, files, expected) {
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'import.open');
  const t0 = Date.now();
  await (await chooser).setFiles(files);
  await waitState(page, (x) => x.versions >= expected && !x.importing, 'the import', 600000);
  await waitState(page, (x) => x.saved, 'the import saved', 600000);
  return Date.now() - t0;
}

// A real-mouse drag from (x, y) by dx, a move every 16 ms (Shift held for a pan); returns the frames recorded between
// the press and the release (the moves only: the press's frames are left out).
async function drag(page, x, y, dx, moves, shift) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(100);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.waitForTimeout(100);
  await resetFrames(page);
  for (let i = 1; i <= moves; i++) {
    await page.mouse.move(x + dx * i / moves, y);
    await page.waitForTimeout(16);
  }
  const r = await frames(page);
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
  await page.waitForTimeout(100);
  return r;
}
// Of recorded frames: the CPU times of those that drew, and the time from each drawn frame's end to the next
// frame's end (what the page's frame rate is while the canvas changes: the GPU process's work shows there).
const both = (...rs) => ({ ms: rs.flatMap(drawnMs), intervals: rs.flatMap(drawnIntervals) });

const span = (x) => (x ? x[1] - x[0] : NaN);
const rectOf = (p) => ({ x: p.rect[0], y: p.rect[1], w: p.rect[2] - p.rect[0], h: p.rect[3] - p.rect[1] });
const results = { rows, mvr: {}, peer: {} };
// A full-HD window (uPlot's own benchmark draws 1920 px wide): the Compare pane, where the charts are, gets about half.
const viewport = { viewport: { width: 1920, height: 1080 }, screen: { width: 2560, height: 1600 } };

// --- the page and the peer's page ----------------------------------------------------------------------------
const curves = curvesFile();
const trends = trendsFile();
const site = await serve(path.join(root, 'public'));
// The peer's folder: its page, uPlot's files and the data, as links (served by the same static server).
const peerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-peer-uplot-'));
const uplotDist = path.join(root, 'web', 'node_modules', 'uplot', 'dist');
if (!fs.existsSync(path.join(uplotDist, 'uPlot.esm.js'))) {
  spawnSync('npm', ['ci', '--silent'], { cwd: path.join(root, 'web'), stdio: ['ignore', 2, 2] });
}
for (const [name, target] of [['index.html', path.join(root, 'tests', 'bench', 'peer_uplot.html')],
  ['peer_uplot.mjs', path.join(root, 'tests', 'bench', 'peer_uplot.mjs')], ['uPlot.esm.js', path.join(uplotDist, 'uPlot.esm.js')],
  ['uPlot.min.css', path.join(uplotDist, 'uPlot.min.css')], ['curves.json', curves]]) fs.symlinkSync(target, path.join(peerDir, name));
const peerSite = await serve(peerDir);
const uplotVersion = JSON.parse(fs.readFileSync(path.join(root, 'web', 'node_modules', 'uplot', 'package.json'), 'utf8')).version;

let curveRect = null;
const { context, page } = await emptyApp(site.url);
try {
  const importMs = await importFiles(page, [curves, trends], CURVE_VERSIONS + TREND_VERSIONS);
  log(`imported ${CURVE_VERSIONS} + ${TREND_VERSIONS} versions in ${fmt(importMs / 1000, 1)} s`);
  await installRecorder(page);

  // a. Training curves of 10 versions x 100,000 steps.
  await click(page, 'model:' + CURVE_MODEL);
  await waitState(page, (x) => x.model === CURVE_MODEL, 'the curves model');
  await page.evaluate((n) => Module._mvr_select_first(n), CURVE_VERSIONS);
  await waitState(page, (x) => x.selected.length === CURVE_VERSIONS, 'the ticked versions');
  await page.waitForTimeout(300);
  const total = CURVE_VERSIONS * CURVE_STEPS;
  const shown = `s.charts && s.charts.tab === 'curves' && s.charts.points === ${total} && s.charts.gpu.segments > 0`;
  // First with the tab's default smoothing (raw and smoothed line per version: 20 lines, 2,000,000 points).
  await resetFrames(page, shown);
  const cdpFirst = process.env.MVR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdpFirst) { await cdpFirst.send('Profiler.enable'); await cdpFirst.send('Profiler.setSamplingInterval', { interval: 200 }); await cdpFirst.send('Profiler.start'); }
  await click(page, 'tab:Training curves');
  await page.waitForFunction(() => window.benchRec.shownAt > 0, null, { timeout: 120000 });
  if (cdpFirst) fs.writeFileSync(process.env.MVR_BENCH_PROFILE + '.first', JSON.stringify((await cdpFirst.send('Profiler.stop')).profile));
  let r = await frames(page);
  const firstSmoothed = { wall: r.shownAt - r.downAt, cpu: sum(r.frames.slice(0, r.shownFrame + 1).filter((f) => f.at > r.downAt).map((f) => f.ms)),
    longest: Math.max(...r.frames.slice(0, r.shownFrame + 1).map((f) => f.ms)) };
  // Smoothing off (drag its slider to the left end): one line per version, 1,000,000 points, as uPlot draws.
  const slider = await widget(page, 'curves.smoothing');
  await page.mouse.move(slider.x + slider.w * 0.5, slider.y + slider.h / 2);
  await page.mouse.down();
  await page.mouse.move(slider.x - 80, slider.y + slider.h / 2, { steps: 5 });
  await page.mouse.up();
  await waitState(page, (x) => x.charts && x.charts.gpu && x.charts.gpu.drawCalls <= CURVE_VERSIONS + 2, 'the curves without smoothing');
  // Read again: the ticks cleared while the tab shows (it forgets the lines), another tab, the ticks set again,
  // back to Training curves.
  await page.evaluate(() => Module._mvr_select_first(0));
  await page.waitForFunction((t) => { const x = window.mvrState; return x && x.selected.length === 0 && x.charts && x.charts.tab === 'curves' && x.charts.points !== t; },
    total, { timeout: 30000 });
  await click(page, 'tab:Leaderboard');
  await page.evaluate((n) => Module._mvr_select_first(n), CURVE_VERSIONS);
  await waitState(page, (x) => x.selected.length === CURVE_VERSIONS, 'the ticked versions again');
  await page.waitForTimeout(300);
  await resetFrames(page, shown);
  await click(page, 'tab:Training curves');
  await page.waitForFunction(() => window.benchRec.shownAt > 0, null, { timeout: 120000 });
  r = await frames(page);
  const upTo = r.frames.slice(0, r.shownFrame + 1);
  const first = { wall: r.shownAt - r.downAt, cpu: sum(upTo.filter((f) => f.at > r.downAt).map((f) => f.ms)), longest: Math.max(...upTo.map((f) => f.ms)),
    frames: upTo.filter((f) => f.at > r.downAt).length };
  let s = await waitState(page, (x) => x.charts && x.charts.plots && x.charts.plots.length === 1, 'the curves plot');
  const plot = s.charts.plots[0];
  const pr = rectOf(plot);
  curveRect = pr;
  log(`first draw: ${JSON.stringify({ firstSmoothed, first })}`);
  log(`curves plot ${pr.w}x${pr.h} px, ${plot.kept} points kept of ${plot.visible}, ${s.charts.gpu.drawCalls} draw calls`);
  if (process.env.MVR_BENCH_SHOTS) await page.screenshot({ path: path.join(benchDir, 'charts-curves.png') });

  // Pan: Shift+drag across 40% of the plot, one mouse move a frame, there and back.
  const before = (await waitState(page, (x) => x.charts, 'the curves')).charts.x;
  const there = await drag(page, pr.x + pr.w * 0.7, pr.y + pr.h * 0.5, -pr.w * 0.4, MOVES, true);
  s = await waitState(page, (x) => x.charts, 'the state after panning');
  if (!(s.charts.x[0] > before[0] + span(before) * 0.3)) log('WARNING: the pan did not move the x range', before, s.charts.x);
  const cdpProfile = process.env.MVR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdpProfile) { await cdpProfile.send('Profiler.enable'); await cdpProfile.send('Profiler.setSamplingInterval', { interval: 200 }); await cdpProfile.send('Profiler.start'); }
  const { ms: pan, intervals: panIntervals } = both(there, await drag(page, pr.x + pr.w * 0.3, pr.y + pr.h * 0.5, pr.w * 0.4, MOVES, true));
  if (cdpProfile) fs.writeFileSync(process.env.MVR_BENCH_PROFILE, JSON.stringify((await cdpProfile.send('Profiler.stop')).profile));
  // Wheel zoom around the middle: 30 notches in, 30 out.
  await page.mouse.move(pr.x + pr.w * 0.5, pr.y + pr.h * 0.5);
  await resetFrames(page);
  for (const dy of [-100, 100]) for (let i = 0; i < MOVES / 2; i++) { await page.mouse.wheel(0, dy); await page.waitForTimeout(16); }
  r = await frames(page);
  const zoom = drawnMs(r);
  const zoomIntervals = drawnIntervals(r);
  results.mvr.curves = { firstSmoothed, first, pan, panIntervals, zoom, zoomIntervals, rect: pr };

  log('curves done');
  // b. Four trend charts of 100,000 versions.
  await click(page, 'model:' + TREND_MODEL);
  await waitState(page, (x) => x.model === TREND_MODEL, 'the trends model');
  await click(page, 'tab:Trends');
  await waitState(page, (x) => x.charts && x.charts.tab === 'trends' && x.charts.plots && x.charts.plots.length >= 1, 'the trend charts');
  s = await waitState(page, (x) => x.charts.plots.length >= 1, 'the trend charts');
  const chosen = new Set(s.charts.plots.map((p) => p.name));
  const missing = TREND_METRICS.map(([m]) => m).filter((m) => !chosen.has(m));
  if (missing.length) {
    await click(page, 'trends.metrics');
    for (const m of missing) await click(page, 'trends.metrics:' + m);
    await click(page, 'status.saved');  // a click outside the list closes it
  }
  s = await waitState(page, (x) => x.charts.plots && x.charts.plots.length === 4 && x.charts.plots.every((p) => p.visible >= TREND_VERSIONS),
    'four charts of 100,000 versions');
  const tr = rectOf(s.charts.plots[0]);
  log(`trend plots ${tr.w}x${tr.h} px each, kept ${s.charts.plots.map((p) => p.kept).join(', ')} of ${TREND_VERSIONS}`);
  if (process.env.MVR_BENCH_SHOTS) await page.screenshot({ path: path.join(benchDir, 'charts-trends.png') });
  await page.mouse.move(tr.x + 5, tr.y + tr.h / 2);
  await page.waitForTimeout(300);
  // Hover: the mouse along the first chart's line, a move a frame (the tooltip follows the nearest point).
  await resetFrames(page);
  const cdpHover = process.env.MVR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdpHover) { await cdpHover.send('Profiler.enable'); await cdpHover.send('Profiler.setSamplingInterval', { interval: 200 }); await cdpHover.send('Profiler.start'); }
  let hovered = 0;
  for (let i = 0; i <= 2 * MOVES; i++) {
    const x = tr.x + 5 + (tr.w - 10) * i / (2 * MOVES);
    await page.mouse.move(x, tr.y + tr.h * (0.3 + 0.4 * ((i * 7) % 10) / 10));
    await page.waitForTimeout(16);
  }
  if (cdpHover) fs.writeFileSync(process.env.MVR_BENCH_PROFILE + '.hover', JSON.stringify((await cdpHover.send('Profiler.stop')).profile));
  r = await frames(page);
  const { ms: hover, intervals: hoverIntervals } = both(r);
  s = await waitState(page, (x) => x.charts, 'the state after hovering');
  hovered = s.charts.hover ? 1 : 0;
  // Pan: Shift+drag on the first chart (the four share x), after zooming in with the wheel (as one pans a zoom).
  await page.mouse.move(tr.x + tr.w / 2, tr.y + tr.h / 2);
  for (let i = 0; i < 8; i++) { await page.mouse.wheel(0, -100); await page.waitForTimeout(30); }
  await page.waitForTimeout(300);
  const cdpPan = process.env.MVR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdpPan) { await cdpPan.send('Profiler.enable'); await cdpPan.send('Profiler.setSamplingInterval', { interval: 200 }); await cdpPan.send('Profiler.start'); }
  const { ms: trendPan, intervals: trendPanIntervals } = both(await drag(page, tr.x + tr.w * 0.7, tr.y + tr.h * 0.5, -tr.w * 0.4, MOVES, true),
    await drag(page, tr.x + tr.w * 0.3, tr.y + tr.h * 0.5, tr.w * 0.4, MOVES, true));
  if (cdpPan) fs.writeFileSync(process.env.MVR_BENCH_PROFILE + '.trendpan', JSON.stringify((await cdpPan.send('Profiler.stop')).profile));
  // And panning the whole range (after Reset zoom: all 100,000 versions in view until they leave it).
  await click(page, 'trends.reset');
  await waitState(page, (x) => x.charts.zoomed === false, 'the reset trends');
  const cdpFull = process.env.MVR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdpFull) { await cdpFull.send('Profiler.enable'); await cdpFull.send('Profiler.setSamplingInterval', { interval: 200 }); await cdpFull.send('Profiler.start'); }
  const { ms: trendPanFull, intervals: trendPanFullIntervals } = both(await drag(page, tr.x + tr.w * 0.7, tr.y + tr.h * 0.5, -tr.w * 0.3, MOVES, true));
  if (cdpFull) fs.writeFileSync(process.env.MVR_BENCH_PROFILE + '.trendpanfull', JSON.stringify((await cdpFull.send('Profiler.stop')).profile));
  log('trends done');
  results.mvr.trends = { hover, hoverIntervals, trendPan, trendPanIntervals, trendPanFull, trendPanFullIntervals, rect: tr, hovered };
} finally {
  await context.close();
}

// --- the peer: uPlot on the same curves, its plot as large as mvr's ---------------------------------------------
{
  const { context: pc, page: pp } = await launch(tempProfile('uplot'), { context: viewport });
  try {
    await pp.goto(peerSite.url);
    await pp.waitForFunction(() => window.peerReady, null, { timeout: 30000 });
    const loaded = await pp.evaluate((m) => window.peer.load('curves.json', m), CURVE_METRIC);
    // uPlot's width and height include its axes (about 50 px on the left, 50 below): add them to mvr's plot area.
    const size = { width: Math.round((curveRect ? curveRect.w : 900) + 50), height: Math.round((curveRect ? curveRect.h : 500) + 50) };
    const draws = [];
    for (let k = 0; k < (quick ? 3 : 4); k++) draws.push(await pp.evaluate((o) => window.peer.firstDraw(o), size));
    const pan = [];
    const panIntervals = [];
    for (const fraction of [0.4, -0.4]) {
      const p = await pp.evaluate((f) => window.peer.pan(f[0], f[1]), [MOVES, fraction]);
      pan.push(...p.ms);
      panIntervals.push(...p.intervals);
    }
    const z = await pp.evaluate((m) => window.peer.zoom(m, 0.85), MOVES);
    results.peer = { loaded, size, draws, pan, panIntervals, zoom: z.ms, zoomIntervals: z.intervals };
  } finally {
    await pc.close();
  }
}
await site.close();
await peerSite.close();
fs.rmSync(peerDir, { recursive: true, force: true });

// --- c. M4 in process ----------------------------------------------------------------------------------------
function m4Line(cmd, args) {
  if (!fs.existsSync(args.length ? args[0] : cmd)) return null;
  const p = spawnSync(cmd, args, { encoding: 'utf8' });
  const m = /double_p50_ms=([\d.]+).*double_p99_ms=([\d.]+)/.exec(p.stdout || '');
  const ix = /gapless_p50_ms=([\d.]+) index_p50_ms=([\d.]+)/.exec(p.stdout || '');
  return m ? { p50: Number(m[1]), p99: Number(m[2]), gapless: ix ? Number(ix[1]) : NaN, index: ix ? Number(ix[2]) : NaN, line: p.stdout.trim() } : null;
}
const m4Native = m4Line(path.join(root, 'build', 'native', 'mvr-bench-m4'), []);
const m4Wasm = m4Line('node', [path.join(root, 'build', 'web', 'mvr-bench-m4.js')]);

// --- the table ------------------------------------------------------------------------------------------------
const c = results.mvr.curves, t = results.mvr.trends, p = results.peer;
const stats = (xs) => `median ${fmt(median(xs))}, p95 ${fmt(pct(xs, 0.95))}, max ${fmt(Math.max(...xs))} over ${xs.length}`;
const peerFirst = p.draws[0], peerWarm = p.draws.slice(1);
const ratio = (a, b) => fmt(a / b) + 'x';
row('1,000,000 points (10 x 100,000 steps): first draw, CPU', fmt(c.first.cpu), fmt(peerFirst.ms), 'ms',
  `mvr: the frames from the click on Training curves to the first that shows the 10 lines (smoothing off), reading the 10 versions from the registry included; ` +
  `over ${c.first.frames} frames (the histories are read 16 ms a frame, the chart drawn once all are), the longest ${fmt(c.first.longest)} ms; a panning frame is ${fmt(median(c.pan))} ms. ` +
  `uPlot: new uPlot() until drawn, the data in memory, the page's first chart (the next ones, warm: ${peerWarm.map((d) => fmt(d.ms)).join(', ')} ms)`);
row('1,000,000 points: first draw, wall clock', fmt(c.first.wall), fmt(peerFirst.paintedMs), 'ms',
  'mvr: pointer down on the tab to the end of the frame that submits the lines (ImGui shows a tab\'s content the frame after the click); uPlot: to the next animation frame');
row('1,000,000 points: first draw with the tab\'s default smoothing 0.6 (raw + EMA line per version: 20 lines, 2,000,000 points)', fmt(c.firstSmoothed.cpu), '', 'ms CPU',
  `wall ${fmt(c.firstSmoothed.wall)} ms, longest frame ${fmt(c.firstSmoothed.longest)} ms; the session's first read of these versions`);
row('1,000,000 points: frame CPU while panning', fmt(median(c.pan)), fmt(median(p.pan)), 'ms median',
  `mvr (Shift+drag with the mouse, frames that drew): ${stats(c.pan)}; uPlot (setScale a frame): ${stats(p.pan)}; uPlot/mvr ${ratio(median(p.pan), median(c.pan))}`);
row('1,000,000 points: frame CPU while panning, p95', fmt(pct(c.pan, 0.95)), fmt(pct(p.pan, 0.95)), 'ms', '');
row('1,000,000 points: frame interval while panning', fmt(median(c.panIntervals)), fmt(median(p.panIntervals)), 'ms median',
  `end of a drawn frame to the end of the next (mvr) / between animation frames (uPlot): what one sees; mvr p95 ${fmt(pct(c.panIntervals, 0.95))}, uPlot p95 ${fmt(pct(p.panIntervals, 0.95))}`);
row('1,000,000 points: frame CPU while zooming', fmt(median(c.zoom)), fmt(median(p.zoom)), 'ms median',
  `mvr (wheel, ${MOVES / 2} notches in, as many out): ${stats(c.zoom)}; uPlot (setScale x0.85 a frame, in then out): ${stats(p.zoom)}; uPlot/mvr ${ratio(median(p.zoom), median(c.zoom))}`);
row('1,000,000 points: frame CPU while zooming, p95', fmt(pct(c.zoom, 0.95)), fmt(pct(p.zoom, 0.95)), 'ms', '');
row('1,000,000 points: frame interval while zooming', fmt(median(c.zoomIntervals)), fmt(median(p.zoomIntervals)), 'ms median', '');
row('4 trend charts x 100,000 versions: frame CPU while hovering', fmt(median(t.hover)), '', 'ms median',
  `${stats(t.hover)}; frame interval ${fmt(median(t.hoverIntervals))} ms median; tooltip shown at the end: ${t.hovered ? 'yes' : 'no'}; each plot ${t.rect.w}x${t.rect.h} px`);
row('4 trend charts x 100,000 versions: frame CPU while panning (zoomed in 8 wheel notches)', fmt(median(t.trendPan)), '', 'ms median',
  `${stats(t.trendPan)}; frame interval ${fmt(median(t.trendPanIntervals))} ms median`);
row('4 trend charts x 100,000 versions: frame CPU while panning the whole range', fmt(median(t.trendPanFull)), '', 'ms median',
  `${stats(t.trendPanFull)}; frame interval ${fmt(median(t.trendPanFullIntervals))} ms median`);
if (m4Native) row('M4, 1,000,000 points to 1920 columns, in process (mvr-bench-m4)', fmt(m4Native.p50, 2), '', 'ms p50 native', `p99 ${fmt(m4Native.p99, 2)} ms`);
if (m4Wasm) row('M4, the same under node (wasm)', fmt(m4Wasm.p50, 2), '', 'ms p50', `p99 ${fmt(m4Wasm.p99, 2)} ms`);
for (const [where, m] of [['native', m4Native], ['wasm under node', m4Wasm]]) {
  if (m && Number.isFinite(m.index)) row(`M4 from the index a chart keeps (core::M4Index), the same walk without gaps, a range panned each run, ${where}`, fmt(m.index, 2), '', 'ms p50',
    `m4 itself on the same: ${fmt(m.gapless, 2)} ms; the same kept points`);
}

console.log(`uPlot ${uplotVersion}; mvr's curves plot ${fmt(c.rect.w, 0)}x${fmt(c.rect.h, 0)} px, uPlot's chart ${p.size.width}x${p.size.height} px (axes included); ` +
  `${p.loaded.series} series, ${p.loaded.points.toLocaleString('en-US')} points.\n`);
console.log('| figure | mvr | uPlot | unit | notes |\n|---|---|---|---|---|');
for (const x of rows) console.log(`| ${x.what} | ${x.mvr} | ${x.peer} | ${x.unit} | ${x.note} |`);
console.log('\n| goal (issue 14) | result | met? |\n|---|---|---|');
const goal = (what, result, met) => console.log(`| ${what} | ${result} | ${met ? 'yes' : '**no**'} |`);
goal('first draw of 1,000,000 points no slower than uPlot\'s', `CPU ${fmt(c.first.cpu)} vs ${fmt(peerFirst.ms)} ms; wall ${fmt(c.first.wall)} vs ${fmt(peerFirst.paintedMs)} ms`,
  c.first.cpu <= peerFirst.ms);
goal('pan/zoom frames at least 5x faster than uPlot\'s', `CPU: pan ${ratio(median(p.pan), median(c.pan))}, zoom ${ratio(median(p.zoom), median(c.zoom))}; ` +
  `frame interval: pan ${ratio(median(p.panIntervals), median(c.panIntervals))}, zoom ${ratio(median(p.zoomIntervals), median(c.zoomIntervals))} (medians, uPlot/mvr)`,
  median(p.pan) / median(c.pan) >= 5 && median(p.zoom) / median(c.zoom) >= 5);
goal('4 x 100,000-version trends: frame < 4 ms median hovering and panning',
  `hover ${fmt(median(t.hover))}, pan ${fmt(median(t.trendPan))} (whole range ${fmt(median(t.trendPanFull))}) ms`,
  median(t.hover) < 4 && median(t.trendPan) < 4 && median(t.trendPanFull) < 4);
if (m4Native) goal('M4 over 1,000,000 points < 5 ms natively', `${fmt(m4Native.p50, 2)} ms p50`, m4Native.p50 < 5);
fs.writeFileSync(path.join(benchDir, 'charts-results.json'), JSON.stringify(results, null, 1));
