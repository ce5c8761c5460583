// Issue 13, the last of the keyboard and the high-DPI screen: Tab and Shift+Tab move between the text fields
// (the filters, the alias field, the params search) across panes with ImGui's navigation off; at device pixel
// ratio 2 the panes never overlap, nothing is shortened or cut, a splitter drags, and the text is drawn at
// the device's pixels (the screenshot, artifacts/e2e/30-dpr2-*.png, is for a person to look at).
import { launch, tempProfile, state, waitState, widget, click, shot, openApp, assert, checkNoOverlap, dragSplitter } from './lib.mjs';


async function tab(page, shift = false) {
  const before = (await state(page)).textFocus;
  await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  // The field takes the keyboard within a frame or two.
  for (const start = Date.now(); Date.now() - start < 3000; await page.waitForTimeout(30)) {
    const s = await state(page);
    if (s.textFocus !== before) return s.textFocus;
  }
  return (await state(page)).textFocus;
}

export default function register({ test, site }) {
  test('Tab and Shift+Tab cycle the text fields across panes; typing goes to the field Tab reached', async () => {
    const { context, page } = await launch(tempProfile('tab'));
    try {
      await openApp(page, site.url);
      const rows = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
      await click(page, rows[0]);
      await waitState(page, (s) => s.focused !== '', 'a version in the version panel');
      await widget(page, 'detail.alias-input');
      await widget(page, 'detail.params-search');
      // Nothing has the keyboard: Tab goes to the first field, as in a web page.
      assert((await state(page)).textFocus === '', 'no field has the keyboard yet');
      const order = [await tab(page)];
      assert(order[0] === 'models.filter', `Tab from nothing goes to the first field (${order[0]})`);
      for (let i = 0; i < 6; i++) {
        const f = await tab(page);
        if (f === order[0]) break;
        order.push(f);
      }
      assert(JSON.stringify(order) === JSON.stringify(['models.filter', 'versions.filter', 'detail.alias', 'detail.params-search']),
        `Tab visits the fields in reading order and wraps around: ${order.join(' -> ')}`);
      assert((await state(page)).textFocus === 'models.filter', 'back at the first field after the last');
      // Shift+Tab walks back, wrapping to the last.
      assert(await tab(page, true) === 'detail.params-search', 'Shift+Tab from the first goes to the last');
      assert(await tab(page, true) === 'detail.alias', 'Shift+Tab again: the one before');
      assert(await tab(page, true) === 'versions.filter', 'and the one before that');
      // What is typed now goes to the versions filter.
      await page.keyboard.type('alias = production');
      await waitState(page, (s) => s.filter === 'alias = production', 'the typed filter in the versions filter');
      await page.keyboard.press('Enter');
      // Keys stayed in the app: the canvas has the focus and the page did not scroll.
      const where = await page.evaluate(() => ({ focus: document.activeElement && document.activeElement.id, y: window.scrollY }));
      assert(where.focus === 'canvas' && where.y === 0, `keys stayed in the app: ${JSON.stringify(where)}`);
      // Clicking a field puts the ring there: Tab goes on from it.
      await click(page, 'models.filter');
      await waitState(page, (s) => s.textFocus === 'models.filter', 'the clicked models filter');
      assert(await tab(page) === 'versions.filter', 'Tab goes on from the clicked field');
      // The paste box types tabs: Tab stays in it.
      await click(page, 'import.paste');
      await page.waitForTimeout(200);
      await page.keyboard.press('Tab');
      await page.waitForTimeout(300);
      assert((await state(page)).textFocus === '', 'Tab in the paste box does not move to a ring field');
      await shot(page, '22-tab-fields');
    } finally {
      await context.close();
    }
  });

  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`device pixel ratio 2 at ${size.width}x${size.height}: panes never overlap, nothing cut, splitters drag, text at device pixels`, async () => {
      const { context, page } = await launch(tempProfile('dpr2-' + size.width), { dpr: 2, context: { viewport: size } });
      try {
        const s = await openApp(page, site.url);
        checkNoOverlap(s.panes);
        const canvas = await page.evaluate(() => { const c = document.getElementById('canvas'); return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }; });
        assert(canvas.w === canvas.cw * 2 && canvas.h === canvas.ch * 2, `the canvas draws at device pixels (${JSON.stringify(canvas)})`);
        assert(s.fontPixels === s.fontSize * 2, `the font is rasterised at device pixels (${s.fontPixels} px for ${s.fontSize} px text)`);
        // The panes fill the window at CSS pixels, as at ratio 1.
        const right = Math.max(...Object.values(s.panes).map((p) => p.x + p.w));
        assert(right <= size.width + 0.5 && right > size.width - 20, `the panes span the window (${right} of ${size.width})`);
        // Two versions compared and one in the version panel, as in the main views: nothing shortened or cut.
        const picks = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.pick:')));
        await click(page, picks[1]);
        await click(page, picks[0]);
        const rows = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
        await click(page, rows[0], { dx: 12 });  // on its label: a row spans every column, some out of view
        // A click that lands while the comparison is still being built (a frame's budget at a time) can miss; once more.
        if (!(await waitState(page, (x) => x.focused !== '', 'a focused version', 3000).catch(() => null))) await click(page, rows[0], { dx: 12 });
        const cmp = await waitState(page, (x) => x.selected.length === 2 && x.compareRows > 0 && x.focused !== '', 'a comparison and a version');
        await page.mouse.move(5, size.height - 5);
        await page.waitForTimeout(400);
        const fit = (await state(page)).fit;
        assert(fit.shortened + fit.cut === 0, `nothing shortened or cut at ratio 2 (${JSON.stringify(fit)})`);
        checkNoOverlap(cmp.panes);
        const file = await shot(page, `30-dpr2-${size.width}x${size.height}`);
        const png = await page.screenshot();
        assert(png.readUInt32BE(16) === size.width * 2 && png.readUInt32BE(20) === size.height * 2,
          `the screenshot ${file} is at device pixels (${png.readUInt32BE(16)}x${png.readUInt32BE(20)})`);
        // A splitter drags at ratio 2: the mouse is in CSS pixels, as the layout is.
        const before = (await state(page)).panes;
        await dragSplitter(page, 'splitter.left-middle', 60);
        const dragged = await waitState(page, (t) => Math.abs(t.panes.Models.w - (before.Models.w + 60)) <= 2, 'the models pane to follow the mouse');
        assert(Math.abs(dragged.panes.Versions.w - (before.Versions.w - 60)) <= 2, `the versions pane gives what the models pane took (${before.Versions.w} -> ${dragged.panes.Versions.w})`);
        checkNoOverlap(dragged.panes);
      } finally {
        await context.close();
      }
    });
  }
}
