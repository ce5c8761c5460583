// Issue 13, the compare and version panels as a person meets them, with real mouse and keyboard: column
// headers that say which version they are (the model once above), better and worse marked beside their
// colour, any column made the baseline (header menu, or click and B) and pinned first; an alias that cannot
// be set says why next to the field and keeps what was typed; an alias that is another version's label is
// refused; moving production asks first (Cancel keeps it where it was); sizes in binary units; and nothing
// shortened or cut in these views at 1280x720 and 1920x1080 on the bundled example registry.
import { launch, tempProfile, state, waitState, widget, click, shot, assert } from './lib.mjs';

const keys = (page, prefix) => page.evaluate((p) => Object.keys(window.mvrWidgets || {}).filter((k) => k.startsWith(p)), prefix);
const gone = async (page, label, timeout = 5000) => {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (!(await page.evaluate((l) => { const r = (window.mvrWidgets || {})[l]; return r && r.w > 0; }, label))) return true;
    await page.waitForTimeout(100);
  }
  return false;
};

// The app at a size, opened on a route of the bundled example registry (a fresh profile loads it).
async function openOn(name, fragment, size = { width: 1600, height: 900 }) {
  const { context, page } = await launch(tempProfile(name), { context: { viewport: size } });
  await page.goto('about:blank');
  return { context, page };
}
async function go(page, siteUrl, fragment, ready) {
  await page.goto(siteUrl + '#' + fragment);
  return waitState(page, (s) => s.versions > 0 && !s.importing && ready(s), 'the route ' + fragment);
}

const gbm = 'fraud-detector-gbm';

// Scrolls the comparison down with the wheel until the widget is on screen (rows below the fold are not drawn).
async function scrollToWidget(page, label) {
  const table = await widget(page, 'compare.table');
  await page.mouse.move(table.x + table.w / 2, table.y + table.h / 2);
  for (let i = 0; i < 30; i++) {
    const r = await page.evaluate((l) => (window.mvrWidgets || {})[l] || null, label);
    if (r && r.w > 0 && r.h > 0) return r;
    await page.mouse.wheel(0, 60);
    await page.waitForTimeout(80);
  }
  return widget(page, label);
}

export default function register({ test, site }) {
  test('compare panel: five versions headed by their labels under the model, better and worse marked, any column made the baseline by menu or key B', async () => {
    const { context, page } = await openOn('cmp5');
    try {
      await go(page, site.url, `m=${gbm}&v=3,1,5,7,9`, (s) => s.model === gbm && s.selected.length === 5 && s.compareRows > 0);
      await widget(page, 'compare.col:3');
      await widget(page, 'compare.col:1');
      const cols = await keys(page, 'compare.col:');
      assert(cols.every((k) => !k.includes('@')), `headers are labels, not model@label (${cols.join(', ')})`);
      await widget(page, 'compare.model:' + gbm);
      // Version 1 against 3: auc went down (worse), latency_p99_ms down too (better: lower is better).
      await widget(page, 'compare.mark:worse:auc:1');
      await scrollToWidget(page, 'compare.mark:better:latency_p99_ms:1');
      await shot(page, 'panels-compare-5');

      // The header's menu: "Use as baseline" pins 1 first; the rest keep their order.
      await click(page, 'compare.col:1', { button: 'right' });
      await click(page, 'compare.use-baseline');
      let s = await waitState(page, (x) => x.selected[0] === '1' && x.compareRows > 0, 'version 1 as the baseline');
      assert(JSON.stringify(s.selected) === JSON.stringify(['1', '3', '5', '7', '9']), `pinned first (${s.selected})`);
      const c1 = await widget(page, 'compare.col:1'), c3 = await widget(page, 'compare.col:3');
      assert(c1.x < c3.x, 'the baseline is the first version column');
      // Against 1, version 3's auc is better.
      await widget(page, 'compare.mark:better:auc:3');

      // By keyboard: click a header to focus it, B makes it the baseline.
      await click(page, 'compare.col:3');
      await page.keyboard.press('b');
      s = await waitState(page, (x) => x.selected[0] === '3', 'version 3 as the baseline by key B');
      assert(JSON.stringify(s.selected) === JSON.stringify(['3', '1', '5', '7', '9']), `pinned first (${s.selected})`);
    } finally {
      await context.close();
    }
  });

  test('version panel: a refused alias says why next to the field and keeps the text; an alias that is a version label is refused', async () => {
    const { context, page } = await openOn('alias');
    try {
      await go(page, site.url, `m=${gbm}&focus=7`, (s) => s.model === gbm && s.focused === '7');
      const input = await widget(page, 'detail.alias-input');
      await click(page, 'detail.alias-input');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      const err = await widget(page, 'detail.alias-error');
      await widget(page, 'detail.alias-error:label');
      assert(err.y >= input.y && err.y <= input.y + input.h * 3 && err.x <= input.x + input.w,
        `the error is next to the field (field ${JSON.stringify(input)}, error ${JSON.stringify(err)})`);
      let s = await state(page);
      assert(!/^3 →/.test(s.message) && !/alias not set/.test(s.message), `nothing was asked of the registry (message "${s.message}")`);
      await shot(page, 'panels-alias-refused');
      // What was typed is still there: typing on makes "3-rc", which is allowed.
      await page.keyboard.type('-rc');
      assert(await gone(page, 'detail.alias-error'), 'the error goes once the text changes');
      await page.keyboard.press('Enter');
      s = await waitState(page, (x) => /^3-rc → fraud-detector-gbm@7/.test(x.message), 'the alias 3-rc to be set');
      await widget(page, 'detail.alias-remove:3-rc');
      // An invalid name says so too.
      await click(page, 'detail.alias-input');
      await page.keyboard.type('not valid');
      await page.keyboard.press('Enter');
      await widget(page, 'detail.alias-error:invalid');
    } finally {
      await context.close();
    }
  });

  test('version panel: moving production asks first, naming from which version to which; Cancel keeps it, Move moves it', async () => {
    const { context, page } = await openOn('production');
    try {
      await go(page, site.url, `m=${gbm}&focus=9`, (s) => s.model === gbm && s.focused === '9' && s.saved);
      const before = (await state(page)).message;
      await click(page, 'detail.alias-input');
      await page.keyboard.type('production');
      await page.keyboard.press('Enter');
      await widget(page, 'detail.move-dialog');
      await widget(page, 'detail.move:production:8->9');
      await shot(page, 'panels-move-production');
      await click(page, 'detail.move-cancel');
      assert(await gone(page, 'detail.move-dialog'), 'the question closes on Cancel');
      const m = (await state(page)).message;
      assert(!/^production →/.test(m) && !/alias not set/.test(m), `Cancel sets nothing (message "${m}", before "${before}")`);
      assert(!(await keys(page, 'detail.alias-remove:production')).length, 'production is not on version 9');
      // Still on 8.
      await go(page, site.url, `m=${gbm}&focus=8`, (s) => s.focused === '8');
      await widget(page, 'detail.alias-remove:production');
      // Asked again on 9, Move moves it.
      await go(page, site.url, `m=${gbm}&focus=9`, (s) => s.focused === '9');
      await click(page, 'detail.alias-input');
      await page.keyboard.type('production');
      await page.keyboard.press('Enter');
      await click(page, 'detail.move-confirm');
      await waitState(page, (x) => /^production → fraud-detector-gbm@9 \(was 8\)/.test(x.message), 'production to move to 9');
      await widget(page, 'detail.alias-remove:production');
      // An alias that is not protected moves without a question.
      await click(page, 'detail.alias-input');
      await page.keyboard.type('staging');
      await page.keyboard.press('Enter');
      await waitState(page, (x) => /^staging → fraud-detector-gbm@9/.test(x.message), 'staging to be set');
      assert(await gone(page, 'detail.move-dialog', 500), 'no question for staging');
    } finally {
      await context.close();
    }
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`compare and version panels at ${size.width}x${size.height}: sizes in GiB, nothing shortened or cut`, async () => {
      const { context, page } = await openOn('fit' + size.width, '', size);
      try {
        const views = [
          [`m=${gbm}&v=3,1,5,7,9&focus=8`, (s) => s.selected.length === 5 && s.compareRows > 0 && s.focused === '8'],
          [`m=${gbm}&v=7,8&focus=8`, (s) => s.selected.length === 2 && s.compareRows > 0],
          ['m=ner-transformer&v=1.2.1,2.0.0,2.0.0-rc1&focus=2.0.0', (s) => s.selected.length === 3 && s.compareRows > 0],
          ['m=product-image-classifier&focus=v8', (s) => s.focused === 'v8'],
          ['m=demand-forecast-tft&v=2024-01,2024-06&focus=2024-06', (s) => s.focused === '2024-06' && s.compareRows > 0],
        ];
        for (const [fragment, ready] of views) {
          await go(page, site.url, fragment, ready);
          await page.waitForTimeout(400);
          const s = await state(page);
          assert(s.fit.shortened + s.fit.cut === 0,
            `${fragment}: nothing shortened or cut (shortened ${s.fit.shortened}, cut ${s.fit.cut}: ${JSON.stringify(s.fit.examples)})`);
          // The History sparklines end inside the version pane.
          const pane = s.panes && s.panes.Version;
          for (const k of await keys(page, 'detail.spark:')) {
            const r = await widget(page, k);
            assert(!pane || r.x + r.w <= pane.x + pane.w + 0.5, `${k} ends inside the pane (${JSON.stringify(r)} in ${JSON.stringify(pane)})`);
          }
        }
        await go(page, site.url, 'm=ner-transformer&v=1.2.1,2.0.0&focus=2.0.0', (s) => s.focused === '2.0.0' && s.compareRows > 0);
        await widget(page, 'detail.spark:f1');
        // The pair's Delta column, scrolled to where it does not fit: whole, nothing shortened.
        const table = await widget(page, 'compare.table');
        await page.mouse.move(table.x + table.w / 2, table.y + table.h / 2);
        for (let i = 0; i < 4; i++) { await page.mouse.wheel(600, 0); await page.waitForTimeout(80); }
        // Down to the metrics (after the fields and params).
        for (let i = 0; i < 30 && !(await keys(page, 'compare.delta:')).length; i++) {
          await page.mouse.wheel(0, 120);
          await page.waitForTimeout(80);
        }
        await page.waitForTimeout(300);
        const deltas = await keys(page, 'compare.delta:');
        assert(deltas.length > 0, 'a delta on screen');
        const delta = await widget(page, deltas[0]);
        assert(delta.x + delta.w <= table.x + table.w + 0.5, `the delta ends inside the table (${JSON.stringify(delta)} in ${JSON.stringify(table)})`);
        const after = await state(page);
        assert(after.fit.shortened + after.fit.cut === 0, `scrolled: nothing shortened or cut (${JSON.stringify(after.fit.examples)})`);
        await go(page, site.url, `m=${gbm}&v=3,1,5,7,9&focus=8`, (s) => s.focused === '8' && s.compareRows > 0);
        await widget(page, 'detail.size:Datasets:train=12.0 GiB');
        await widget(page, 'detail.uri:Datasets:train');
        await shot(page, `panels-${size.width}x${size.height}`);
      } finally {
        await context.close();
      }
    });
  }
}
