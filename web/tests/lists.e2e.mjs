// Issue 13: long lists scroll evenly. The comparison's rows are as tall as their wrapped texts, and are drawn
// where their measured heights put them (an ImGuiListClipper assumes one height, and its rows jumped as a
// taller row scrolled by); the models and versions lists have rows of one height. Followed with the real
// mouse wheel: between two frames every row on screen moves by the same amount, and by the same amount each
// step, until the end.
import { launch, tempProfile, state, waitState, widget, click, dropFiles, shot, assert } from './lib.mjs';

// Rectangles of the rows (widgets whose label starts with prefix) wholly inside box, by label.
async function rowsIn(page, prefix, box, top = 0) {
  return page.evaluate(({ prefix, box, top }) => {
    const out = {};
    for (const [k, r] of Object.entries(window.mvrWidgets || {}))
      if (k.startsWith(prefix) && r.y >= box.y + top && r.y + r.h <= box.y + box.h - 2) out[k] = r;
    return out;
  }, { prefix, box, top });
}

// Scrolls box with the wheel, a small step at a time, and checks that the rows move rigidly and evenly.
async function scrollsEvenly(page, prefix, box, { top = 0, steps = 24, minRows = 3 } = {}) {
  await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
  await page.waitForTimeout(100);
  let before = await rowsIn(page, prefix, box, top);
  assert(Object.keys(before).length >= minRows, `rows of ${prefix} on screen (${Object.keys(before).length})`);
  let step = null, moved = 0, seen = new Set(Object.keys(before));
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, 40);
    await page.waitForTimeout(120);
    const after = await rowsIn(page, prefix, box, top);
    const shifts = Object.keys(after).filter((k) => before[k]).map((k) => before[k].y - after[k].y);
    Object.keys(after).forEach((k) => seen.add(k));
    before = after;
    if (!shifts.length) continue;
    const lo = Math.min(...shifts), hi = Math.max(...shifts);
    assert(hi - lo <= 1, `step ${i}: every row moves together (shifts ${shifts.join(', ')})`);
    if (hi < 0.5) break;  // the end
    // The last step before the end may be shorter; every other step is the same.
    if (step === null) step = hi;
    else if (Math.abs(hi - step) > 1) {
      const again = await rowsIn(page, prefix, box, top);
      assert(Object.keys(again).length && hi < step, `step ${i}: rows moved ${hi} px where every step moves ${step} px (a jump)`);
    }
    moved += hi;
  }
  assert(moved > 100, `the list scrolled (${moved} px, ${seen.size} rows seen)`);
  return { moved, rows: seen.size };
}

// A registry with many models (long names) and one model with many versions.
function manyManifests() {
  const out = [];
  for (let v = 1; v <= 200; v++)
    out.push({ model: 'aaa-many-versions', version: v, description: `version ${v}`, metrics: { auc: { value: v / 1000, goal: 'max' } } });
  for (let m = 0; m < 60; m++)
    out.push({ model: `scroll-test-model-with-a-long-name-${String(m).padStart(2, '0')}`, version: 1,
      metrics: { auc: { value: 0.5 + m / 200, goal: 'max' } } });
  return out;
}

export default function register({ test, site }) {
  test('lists scroll evenly: the comparison with wrapped rows, the models list and the versions table', async () => {
    const { context, page } = await launch(tempProfile('lists'));
    try {
      // Five versions, every row (descriptions wrap over lines, metrics take one).
      await page.goto(site.url + '#m=fraud-detector-gbm&v=3,1,5,7,9');
      await waitState(page, (s) => s.versions > 0 && !s.importing && s.selected.length === 5 && s.compareRows > 0, 'the comparison');
      await click(page, 'compare.only-differences');
      await waitState(page, (s) => s.onlyDifferences === false, 'every row');
      await page.waitForTimeout(300);
      const table = await widget(page, 'compare.table');
      const rows = Object.values(await rowsIn(page, 'compare.row:', table, 30));
      const heights = rows.map((r) => r.h);
      // The row keys are one line; a row's pitch shows its height: some rows are taller (wrapped texts).
      const ys = rows.map((r) => r.y).sort((a, b) => a - b);
      const pitches = ys.slice(1).map((y, i) => y - ys[i]);
      assert(Math.max(...pitches) > Math.min(...pitches) + 8, `rows of several heights (pitches ${pitches.join(', ')}; key heights ${heights.join(', ')})`);
      await shot(page, '40-compare-wrapped-rows');
      const cmp = await scrollsEvenly(page, 'compare.row:', table, { top: 30 });
      // And back up: the first row returns to where it was.
      for (let i = 0; i < 40; i++) await page.mouse.wheel(0, -400);
      await page.waitForTimeout(300);
      const backTop = Object.values(await rowsIn(page, 'compare.row:', table, 30)).map((r) => r.y).sort((a, b) => a - b)[0];
      assert(Math.abs(backTop - ys[0]) <= 1, `back at the top the rows are where they were (${backTop} vs ${ys[0]})`);

      await dropFiles(page, [{ name: 'many.json', text: JSON.stringify(manyManifests()) }]);
      await waitState(page, (s) => !s.importing && s.lastImport === 1 && s.model === 'aaa-many-versions', 'the import of many models');
      await page.waitForTimeout(300);
      const models = (await state(page)).panes.Models;
      const ml = await scrollsEvenly(page, 'model:', models, { top: 60 });
      const versions = await widget(page, 'versions.table');
      const vl = await scrollsEvenly(page, 'versions.row:', versions, { top: 30 });
      console.log(`      scrolled ${Math.round(cmp.moved)} px over ${cmp.rows} comparison rows, ${Math.round(ml.moved)} px over ${ml.rows} models, ${Math.round(vl.moved)} px over ${vl.rows} versions`);
    } finally {
      await context.close();
    }
  });
}
