// Issue 14, monitoring in the app, with a real mouse: the trends chart draws (its pixels are not the background),
// hovering a point shows that version (published tooltip), clicking opens it, a box zoom narrows the published x
// range and a double-click resets it; log scale; the scatter's Pareto front; training curves of the ticked
// versions with smoothing; the leaderboard under a filter (and a bad filter's error); and series that are hard
// to draw (missing metrics, one version, flat values, 1e-300 and 1e300) drawn without an error.
import { launch, tempProfile, waitState, widget, click, shot, assert, dropFiles, pixelsUnlike, pngPixels } from './lib.mjs';

const gbm = 'fraud-detector-gbm';

async function openTab(page, siteUrl, fragment, tab, ready = () => true) {
  await page.goto(siteUrl + '#' + fragment);
  await waitState(page, (s) => s.versions > 0 && !s.importing && s.model, 'the route ' + fragment);
  await click(page, 'tab:' + tab);
  return waitState(page, (s) => s.charts && ready(s.charts), `the ${tab} tab`);
}

// The canvas's pixels (a screenshot), and a wait for a few frames more and a moment for the compositor.
function canvasOf(page) {
  return {
    canvasPixels: async () => pngPixels(await page.screenshot()),
    settle: async () => {
      const f = await page.evaluate(() => window.mvrFrames);
      await page.waitForFunction((n) => window.mvrFrames > n + 3, f);
      await new Promise((r) => setTimeout(r, 150));
    },
  };
}
// Pixels whose colour differs between two screenshots of the same size, by more than `tolerance` levels in a
// channel: in `area`, a number of rows from the top (all of them unless given) or a box { x, y, w, h } (in
// screenshot pixels: the tests' pages are at a device scale of 1).
function differingPixels(a, b, area = a.height, tolerance = 0) {
  const box = typeof area === 'number' ? { x: 0, y: 0, w: a.width, h: area } : area;
  const x0 = Math.max(0, Math.floor(box.x)), x1 = Math.min(a.width, Math.ceil(box.x + box.w));
  const y0 = Math.max(0, Math.floor(box.y)), y1 = Math.min(a.height, Math.ceil(box.y + box.h));
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(a.data[i] - b.data[i]) > tolerance || Math.abs(a.data[i + 1] - b.data[i + 1]) > tolerance ||
          Math.abs(a.data[i + 2] - b.data[i + 2]) > tolerance) n++;
    }
  return n;
}

const rectOf = (p) => ({ x: p.rect[0], y: p.rect[1], w: p.rect[2] - p.rect[0], h: p.rect[3] - p.rect[1] });

export default function register({ test, site }) {
  test('trends: the chart draws, a hovered point names its version and delta, a click opens it, box zoom and reset', async () => {
    const { context, page } = await launch(tempProfile('trends'));
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Trends', (c) => c.plots && c.plots.length >= 1 && c.plots[0].points.length > 3);
      const plot = s.charts.plots[0];
      assert(s.charts.gpu.segments > 0 && s.charts.gpu.drawCalls > 0, `the GPU drew segments (${JSON.stringify(s.charts.gpu)})`);
      // The chart's pixels: the line, its points and the marks differ from the plot's background.
      const px = await pixelsUnlike(page, rectOf(plot));
      assert(px.differing > 200, `the plot area is drawn (${px.differing} of ${px.total} pixels differ from its background)`);
      await shot(page, '30-trends');

      // Hover a point: the tooltip (published) names that version, its value and a delta against production.
      const target = plot.points.find((p) => p.label !== '8') || plot.points[0];
      await page.mouse.move(target.x + 40, target.y + 40);
      await page.mouse.move(target.x + 1, target.y, { steps: 4 });
      s = await waitState(page, (x) => x.charts.hover && x.charts.hover.version === target.label, `the tooltip of version ${target.label}`);
      assert(s.charts.hover.metric === plot.name && s.charts.hover.value !== '', `the tooltip has the metric and value (${JSON.stringify(s.charts.hover)})`);
      assert(/better|worse|^[+-]/.test(s.charts.hover.delta), `the delta against production is shown (${s.charts.hover.delta})`);
      await shot(page, '31-trends-hover');

      // Click it: the version panel opens it.
      await page.mouse.down();
      await page.mouse.up();
      s = await waitState(page, (x) => x.focused === target.label, `version ${target.label} opened by a click on its point`);

      // Box zoom: drag from 10% to 45% of the plot's width; the published x range narrows.
      const r = rectOf(plot);
      const before = s.charts.x;
      await page.mouse.move(r.x + r.w * 0.1, r.y + r.h * 0.5);
      await page.mouse.down();
      await page.mouse.move(r.x + r.w * 0.45, r.y + r.h * 0.5 + 2, { steps: 8 });
      await page.mouse.up();
      s = await waitState(page, (x) => x.charts.zoomed === true, 'the box zoom');
      const span = (v) => v[1] - v[0];
      assert(span(s.charts.x) < span(before) * 0.5, `x narrowed from ${before} to ${s.charts.x}`);
      assert(s.charts.x[0] > before[0], 'the zoom starts where the box started');
      // Every chart shares the x range.
      await shot(page, '32-trends-zoomed');
      await page.mouse.dblclick(r.x + r.w * 0.5, r.y + r.h * 0.5);
      s = await waitState(page, (x) => x.charts.zoomed === false, 'the double-click reset');
      assert(Math.abs(s.charts.x[0] - before[0]) < 1e-9 && Math.abs(s.charts.x[1] - before[1]) < 1e-9, 'reset brings the whole range back');

      // Log scale.
      await click(page, 'trends.log');
      await waitState(page, (x) => x.charts.plots[0].log === true, 'the log scale');
    } finally {
      await context.close();
    }
  });

  test('partial redraws: after panning, hovering, zooming and a tab switch the canvas equals the same frame drawn whole', async () => {
    // A frame draws only where it differs from the last one (Renderer::render, on a canvas that keeps its pixels).
    // Whatever it leaves stale would show here: the canvas after a run of partial frames, then the same frame
    // drawn whole, pixel for pixel.
    const { context, page } = await launch(tempProfile('redraw'));
    const { canvasPixels, settle } = canvasOf(page);
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Trends', (c) => c.plots && c.plots.length >= 1 && c.plots[0].points.length > 3);
      const r = rectOf(s.charts.plots[0]);
      const shares = [];
      const share = () => page.evaluate(() => Module._mvr_last_damage_share());
      // Pan (Shift+drag), hover, wheel zoom, and away to another tab and back.
      await page.mouse.move(r.x + r.w * 0.6, r.y + r.h * 0.5);
      await page.keyboard.down('Shift');
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) {
        await page.mouse.move(r.x + r.w * 0.6 - i * 9, r.y + r.h * 0.5);
        await settle();
        shares.push(await share());
      }
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await page.mouse.move(r.x + r.w * 0.3, r.y + r.h * 0.4, { steps: 5 });
      await page.mouse.wheel(0, -240);
      await settle();
      await click(page, 'tab:Diff');
      await settle();
      await click(page, 'tab:Trends');
      await settle();
      await page.mouse.move(r.x + r.w * 0.5, r.y + r.h * 0.5, { steps: 3 });
      await settle();
      // A menu opened over the panes and closed again, text typed into a filter and taken back.
      await click(page, 'menu.export');
      await settle();
      await page.keyboard.press('Escape');
      await page.mouse.click(r.x + r.w * 0.5, r.y - 40);
      await settle();
      await click(page, 'models.filter');
      await page.keyboard.type('fraud');
      await settle();
      for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
      await page.keyboard.press('Escape');
      await settle();
      const partial = await canvasPixels();
      await page.evaluate(() => Module._mvr_redraw_whole());
      await settle();
      assert(await share() === 1, 'the frame after mvr_redraw_whole was drawn whole');
      const whole = await canvasPixels();
      const differing = differingPixels(whole, partial);
      assert(whole.width === partial.width && differing === 0, `the partial frames left ${differing} pixels unlike the whole frame`);
      // And the pans were partial: a panning frame draws the analysis pane, not the whole canvas.
      const panned = shares.filter((x) => x > 0).sort((a, b) => a - b);
      assert(panned.length > 0 && panned[Math.floor(panned.length / 2)] < 0.6, `a panning frame drew a part of the canvas (shares ${panned.map((x) => x.toFixed(2)).join(', ')})`);
    } finally {
      await context.close();
    }
  });

  test('a pan keeps the lines on the GPU: no segment goes up again while the view stays in what was reduced, and panning back draws what was drawn', async () => {
    // While a pan goes on, a chart reduces its lines over the view and a view's width either side, and draws
    // the same segments moved (app/plot, ChartGpu's parts). What that could break: lines missing or stale at the
    // edges, or a view that is not the one asked for. So: pan left and right, come back to where the drag
    // started, and the canvas is the one before the pan.
    const { context, page } = await launch(tempProfile('pan-kept'));
    const { canvasPixels, settle } = canvasOf(page);
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Trends', (c) => c.plots && c.plots.length >= 1 && c.plots[0].points.length > 3);
      const r = rectOf(s.charts.plots[0]);
      const start = { x: Math.round(r.x + r.w * 0.6), y: Math.round(r.y + r.h * 0.5) };
      await page.mouse.move(start.x, start.y);
      await settle();
      const before = await canvasPixels();
      const x0 = s.charts.x;
      await page.keyboard.down('Shift');
      await page.mouse.down();
      await page.mouse.move(start.x - 9, start.y);
      await settle();
      await settle();
      const uploaded = (await waitState(page, (x) => x.charts.gpu, 'the charts')).charts.gpu.segmentTexelsUploaded;
      const seen = new Set();
      for (const dx of [-30, -60, -90, -45, 0, 40, 80, 20]) {
        await page.mouse.move(start.x + dx, start.y);
        await settle();
        s = await waitState(page, (x) => x.charts.x, 'the view');
        seen.add(s.charts.x[0].toPrecision(12));
      }
      assert(seen.size >= 6, `the view moved with the mouse (${seen.size} views of 8)`);
      assert(s.charts.gpu.segmentTexelsUploaded === uploaded,
        `no segment uploaded while panning inside what was reduced (${s.charts.gpu.segmentTexelsUploaded - uploaded} texels)`);
      await page.mouse.move(start.x, start.y);
      await settle();
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await settle();
      s = await waitState(page, (x) => x.charts.x, 'the view');
      assert(Math.abs(s.charts.x[0] - x0[0]) < 1e-9 * Math.abs(x0[1] - x0[0]) && Math.abs(s.charts.x[1] - x0[1]) < 1e-9 * Math.abs(x0[1] - x0[0]),
        `back where the drag started (${s.charts.x} against ${x0})`);
      // The charts the same, to within the antialiasing of a hundredth of a pixel: the kept segments were made for
      // another view and are moved back in float arithmetic, so an edge pixel may round to the next level of a
      // channel. (Only the charts and their y labels: the status bar's storage figure changes as the service
      // worker fills its cache.)
      const after = await canvasPixels();
      let near = 0, far = 0;
      for (const p of s.charts.plots) {
        const box = rectOf(p);
        near += differingPixels(before, after, { ...box, x: box.x - 40, w: box.w + 40 });
        far += differingPixels(before, after, { ...box, x: box.x - 40, w: box.w + 40 }, 6);
      }
      console.log(`      panned back: ${near} pixels of the ${s.charts.plots.length} charts differ by a level or more, ${far} by more than 6 of 255`);
      assert(before.width === after.width && far === 0 && near <= 20,
        `the panned-back charts are the ones before the pan (${near} pixels differ, ${far} by more than 6 levels)`);
    } finally {
      await context.close();
    }
  });

  test('a lost WebGL context: nothing drawn while it is gone, then every object made again and the same frame drawn', async () => {
    // The GPU process restarts, a driver updates, the browser has too many contexts: the canvas's context is lost
    // (WEBGL_lose_context does the same on purpose). The app must come back drawing what it drew, charts included,
    // and keep taking input meanwhile.
    const { context, page } = await launch(tempProfile('context-lost'));
    const { canvasPixels, settle } = canvasOf(page);
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Trends', (c) => c.plots && c.plots.length >= 1 && c.plots[0].points.length > 3);
      await page.mouse.move(5, 700);
      await settle();
      const storageChanges = () => page.evaluate(() => Module.mvrHost.storage.changes);
      const storageBefore = await storageChanges();
      const before = await canvasPixels();
      assert((await page.evaluate(() => window.mvrGl)).losses === 0, 'no loss yet');
      await page.evaluate(() => { window.mvrLoseContext = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context'); window.mvrLoseContext.loseContext(); });
      await page.waitForFunction(() => window.mvrGl.lost && window.mvrGl.losses === 1);
      // While it is gone the app runs: a click on another tab is taken.
      await click(page, 'tab:Diff');
      s = await waitState(page, (x) => x.analysisTab === 0 && !x.charts, 'the Diff tab while the context is lost');
      await click(page, 'tab:Trends');
      await waitState(page, (x) => x.charts && x.charts.plots && x.charts.plots.length >= 1, 'Trends again while the context is lost');
      await page.evaluate(() => window.mvrLoseContext.restoreContext());
      await page.waitForFunction(() => !window.mvrGl.lost && window.mvrGl.restores === 1, null, { timeout: 10000 });
      await page.mouse.move(5, 700);  // where it was (the tabs it clicked are not hovered)
      await settle();
      const after = await canvasPixels();
      // The status bar shows the browser's storage estimate, which may have moved meanwhile (IndexedDB compacts on
      // its own); then everything above the status bar must be the same.
      let rows = after.height, where = '';
      if ((await storageChanges()) !== storageBefore) {
        const bar = await widget(page, 'status.saved');
        rows = Math.floor((bar.y - 4) * after.width / page.viewportSize().width);
        where = ` above the status bar (rows 0-${rows - 1}; the storage estimate changed)`;
      }
      const differing = differingPixels(after, before, rows);
      assert(after.width === before.width && rows > after.height / 2 && differing === 0,
             `after the context came back, ${differing} pixels${where} differ from the frame before it was lost`);
      s = await waitState(page, (x) => x.charts && x.charts.gpu, 'the charts after the restore');
      const plot = s.charts.plots[0];
      const px = await pixelsUnlike(page, rectOf(plot));
      assert(px.differing > 200, `the chart is drawn again (${px.differing} pixels unlike its background)`);
      assert(!(await page.evaluate(() => !document.getElementById('fatal').hidden)), 'no fatal message');
    } finally {
      await context.close();
    }
  });

  test('scatter: metric against metric with the Pareto front; training curves of the ticked versions, smoothed', async () => {
    const { context, page } = await launch(tempProfile('scatter'));
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Scatter', (c) => c.plots && c.plots.length === 1);
      assert(s.charts.front >= 2, `auc against latency has a front of several versions (${s.charts.front})`);
      const px = await pixelsUnlike(page, rectOf(s.charts.plots[0]));
      assert(px.differing > 100, `the scatter is drawn (${px.differing} pixels)`);
      const p = s.charts.plots[0].points[0];
      await page.mouse.move(p.x + 30, p.y + 30);
      await page.mouse.move(p.x, p.y, { steps: 3 });
      await waitState(page, (x) => x.charts.hover && x.charts.hover.version === p.label, 'the scatter tooltip');
      await shot(page, '33-scatter');

      s = await openTab(page, site.url, 'm=ner-transformer&v=1.0.0,1.2.1,2.0.0', 'Training curves', (c) => c.plots && c.points > 0 && c.reading === false);
      assert(s.charts.points === 3 + 4 + 5, `the three versions' steps are drawn (${s.charts.points})`);
      // Raw and smoothed line per version: six draw calls at least.
      assert(s.charts.gpu.drawCalls >= 6, `raw and smoothed lines (${s.charts.gpu.drawCalls} draw calls)`);
      const yBefore = s.charts.plots[0].points[0].y;
      // Drag the smoothing slider to 0: the smoothed line becomes the raw one, so its last point moves.
      const slider = await widget(page, 'curves.smoothing');
      await page.mouse.move(slider.x + slider.w * 0.5, slider.y + slider.h / 2);
      await page.mouse.down();
      await page.mouse.move(slider.x - 50, slider.y + slider.h / 2, { steps: 5 });
      await page.mouse.up();
      s = await waitState(page, (x) => x.charts.plots && x.charts.plots[0].points[0].y !== yBefore, 'the curve without smoothing');
      await shot(page, '34-curves');
    } finally {
      await context.close();
    }
  });

  test('leaderboard: ranked by a metric under a filter typed in; a bad filter says what is wrong', async () => {
    const { context, page } = await launch(tempProfile('board'));
    try {
      let s = await openTab(page, site.url, `m=${gbm}`, 'Leaderboard', (c) => c.rows && c.rows.length > 0);
      assert(s.charts.rows[0] === '9' && s.charts.rows.length === 9, `by auc, version 9 first (${s.charts.rows})`);
      await click(page, 'board.where');
      await page.keyboard.type('metrics.latency_p99_ms <= 13');
      s = await waitState(page, (x) => x.charts.rows && x.charts.rows.length < 9 && x.charts.rows.length > 0, 'the filtered board');
      assert(!s.charts.rows.includes('9'), `version 9 (15.2 ms) is left out (${s.charts.rows})`);
      await click(page, 'board.row:' + s.charts.rows[0]);
      await waitState(page, (x) => x.focused === s.charts.rows[0], 'the clicked row opens its version');
      await click(page, 'board.where');
      await page.keyboard.press('End');
      await page.keyboard.type(' and');
      s = await waitState(page, (x) => x.charts.error, 'the filter error');
      await widget(page, 'board.error');
      await shot(page, '35-leaderboard-error');
    } finally {
      await context.close();
    }
  });

  test('hard series draw without an error: missing metrics, one version, flat values, 1e-300 and 1e300, log of negatives', async () => {
    const { context, page } = await launch(tempProfile('hard'));
    try {
      await page.goto(site.url);
      await waitState(page, (s) => s.versions > 0 && !s.importing, 'the example');
      const versions = [
        { model: 'hard', version: 1, created_on: '2026-01-01T00:00:00Z', metrics: { flat: { value: 1, goal: 'max' }, tiny: { value: 1e-300, goal: 'min' }, neg: -1 } },
        { model: 'hard', version: 2, created_on: '2026-01-02T00:00:00Z', metrics: { flat: { value: 1, goal: 'max' }, huge: { value: 1e300, goal: 'max' }, neg: -2 } },
        { model: 'hard', version: 3, created_on: '2026-01-03T00:00:00Z', metrics: { flat: { value: 1, goal: 'max' }, tiny: { value: 3e-300, goal: 'min' }, huge: { value: -1e300, goal: 'max' }, neg: -3 } },
        { model: 'single', version: 1, metrics: { only: { value: 0.5, goal: 'max' } } },
      ];
      await dropFiles(page, [{ name: 'hard.json', text: JSON.stringify(versions) }]);
      await waitState(page, (s) => s.lastImport === 1 && !s.importing, 'the hard versions');
      // The metrics with a goal are charted at first (flat, huge, tiny); tick the one without (neg).
      let s = await openTab(page, site.url, 'm=hard', 'Trends', (c) => c.plots && c.plots.length === 3);
      await click(page, 'trends.metrics');
      await click(page, 'trends.metrics:neg');
      await click(page, 'pane.Compare.title');  // a click outside closes the list
      s = await waitState(page, (x) => x.charts.plots && x.charts.plots.length === 4, 'all four metrics charted');
      for (const p of s.charts.plots) {
        assert(p.y.every((v) => v !== null && Number.isFinite(Number(v))) && Number(p.y[1]) > Number(p.y[0]), `${p.name}: a finite, non-empty y range (${p.y})`);
        assert(p.points.length >= 1, `${p.name}: its points are on screen`);
      }
      await click(page, 'trends.log');
      s = await waitState(page, (x) => x.charts.plots.find((p) => p.name === 'neg') && x.charts.plots.find((p) => p.name === 'flat').log, 'log scale');
      assert(s.charts.plots.find((p) => p.name === 'neg').log === false, 'a metric with no positive values stays linear');
      assert(!s.actionError, `no error (${s.actionError})`);
      await shot(page, '36-hard-series');
      s = await openTab(page, site.url, 'm=single', 'Trends', (c) => c.plots && c.plots.length === 1);
      assert(s.charts.plots[0].points.length === 1 && s.charts.gpu.markers >= 1, 'one version: one point, drawn');
    } finally {
      await context.close();
    }
  });
}
