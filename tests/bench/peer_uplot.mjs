// The uPlot peer of the chart benchmark (issue 14): window.peer draws, with uPlot 1.6.32 (npm `uplot`, pinned in
// web/package.json), the step histories mvr's Training curves tab draws, from the same manifest file, and times it
// the way uPlot's own benchmarks do (bench/uPlot.html: performance.now() before `new uPlot(...)`, read again in a
// microtask queued after it, which runs after uPlot's own queued commit, i.e. once the chart is drawn). Pan and
// zoom are one setScale('x', ...) per animation frame, timed the same way.
//
//   await peer.load(url, metric)     fetch + JSON.parse the manifests, columns [x, y1..yN] (not timed)
//   await peer.firstDraw({width, height})   -> {ms, drawHookMs, paintedMs}; the chart stays on the page
//   await peer.pan(frames, fraction)  -> {ms: [...], intervals: [...]}: x moves by fraction of its range, in steps
//   await peer.zoom(frames, factor)   -> the same, zooming in around the centre (factor per frame), then out
import uPlot from './uPlot.esm.js';

const colours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
let data = null, plot = null, drawnAt = 0;
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

// One column of x (the step index, as mvr's stepSeries numbers plain steps: 0, 1, ...) shared by every version, and
// one column of y per version. Versions with fewer steps are padded with null (uPlot's gaps).
async function load(url, metric) {
  const manifests = await (await fetch(url)).json();
  const ys = manifests.map((m) => (m.metrics[metric].steps || []).map((s) => (typeof s === 'number' ? s : s.value)));
  const n = Math.max(...ys.map((y) => y.length));
  const x = new Array(n);
  for (let i = 0; i < n; i++) x[i] = i;
  for (const y of ys) while (y.length < n) y.push(null);
  data = [x, ...ys];
  return { series: ys.length, points: ys.reduce((a, y) => a + y.length, 0), steps: n };
}

function options(width, height) {
  return {
    width, height,
    scales: { x: { time: false } },
    legend: { show: true },
    series: [{ label: 'step' }, ...data.slice(1).map((_, i) => ({ label: String(i + 1), stroke: colours[i % colours.length], width: 1 }))],
    hooks: { draw: [() => { drawnAt = performance.now(); }] },
  };
}

async function firstDraw({ width, height }) {
  if (plot) { plot.destroy(); plot = null; }
  await frame();
  drawnAt = 0;
  const t0 = performance.now();
  plot = new uPlot(options(width, height), data, document.getElementById('chart'));
  await null;  // after uPlot's commit (queued by the constructor): the chart is drawn
  const ms = performance.now() - t0;
  const drawHookMs = drawnAt ? drawnAt - t0 : NaN;
  await frame();  // the frame that presents it
  return { ms, drawHookMs, paintedMs: performance.now() - t0 };
}

// Each animation frame: set the x scale (uPlot re-ranges y to what is visible and redraws), time the call to the
// microtask after it; intervals are the times between the frames.
async function steps(ranges) {
  const ms = [], intervals = [];
  let last = await frame();
  for (const [min, max] of ranges) {
    const t0 = performance.now();
    plot.setScale('x', { min, max });
    await null;
    ms.push(performance.now() - t0);
    const now = await frame();
    intervals.push(now - last);
    last = now;
  }
  return { ms, intervals };
}

function fullRange() {
  const x = data[0];
  return [x[0], x[x.length - 1]];
}

async function pan(frames, fraction) {
  const [lo, hi] = fullRange();
  const by = (hi - lo) * fraction / frames;
  const ranges = [];
  for (let i = 1; i <= frames; i++) ranges.push([lo + by * i, hi + by * i]);
  const r = await steps(ranges);
  plot.setScale('x', { min: lo, max: hi });
  return r;
}

async function zoom(frames, factor) {
  const [lo, hi] = fullRange();
  const c = (lo + hi) / 2;
  const ranges = [];
  let half = (hi - lo) / 2;
  const inward = Math.ceil(frames / 2);
  for (let i = 0; i < frames; i++) {
    half = i < inward ? half * factor : half / factor;
    ranges.push([c - half, c + half]);
  }
  const r = await steps(ranges);
  plot.setScale('x', { min: lo, max: hi });
  return r;
}

window.peer = { load, firstDraw, pan, zoom };
window.peerReady = true;
