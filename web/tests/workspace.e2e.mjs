// The workspace as a person uses it (issue 13): fixed panes with splitters that never overlap, folding,
// sizes saved at once; the keyboard (arrows move the focused version and the version panel follows, Space
// ticks, Ctrl+F and / go to the filter, Esc clears it, typed text arrives whole); the help overlay; the
// import going to what was imported; nothing cut in the main views at 1280x720 and 1920x1080.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, tempProfile, state, waitState, widget, click, shot, dropFiles, openApp, assert, checkNoOverlap, dragSplitter } from './lib.mjs';

// Types text as a fast typist's burst: the page's main thread is held for a moment while every key goes
// down and up (real input events through the DevTools protocol), so all of them wait for the same frame.
// Typed one by one, each key would land in a frame of its own whatever the app does with them, and the
// count of frames would measure the test's speed, not the app's. A key whose event was made after the hold
// ended came too late to be part of the burst (a slow machine), and is counted in `late`. Returns the frame
// count when the burst was let through, when the filter first held the whole text, and the late keys.
async function typeBurst(page, text, holdMs) {
  const cdp = await page.context().newCDPSession(page);
  try {
    // The frame that first holds the whole text is noted by the page itself, each frame: waiting for it from
    // here would count the frames the DevTools round trips take.
    await page.evaluate(({ hold, want }) => {
      window.mvrBurstKeys = [];
      window.mvrWholeFrame = undefined;
      window.mvrEveryFrame = (st) => {
        if (window.mvrWholeFrame === undefined && st && st.filter === want) window.mvrWholeFrame = (window.mvrFrames || 0) + 1;
      };
      if (!window.mvrBurstListening) {
        window.mvrBurstListening = true;
        window.addEventListener('keydown', (e) => { if (window.mvrBurstKeys) window.mvrBurstKeys.push(e.timeStamp); }, true);
      }
      setTimeout(() => {
        const t = performance.now();
        while (performance.now() - t < hold);
        window.mvrBurstEnd = performance.now();
        window.mvrBurstFrame = window.mvrFrames || 0;
      }, 50);
    }, { hold: holdMs, want: text });
    await page.waitForTimeout(150);
    const sent = [];
    // The physical key too, as a keyboard gives it (KeyA, Digit1, Space, Minus), so the app sees keys go
    // down and up between the characters.
    const codeOf = (ch) => /[a-z]/i.test(ch) ? `Key${ch.toUpperCase()}` : /[0-9]/.test(ch) ? `Digit${ch}`
      : ch === ' ' ? 'Space' : ch === '-' ? 'Minus' : ch === '!' ? 'Digit1' : '';
    for (const ch of text) {
      const code = codeOf(ch);
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, code, text: ch, unmodifiedText: ch }));
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, code }));
    }
    await Promise.all(sent);
    await page.waitForFunction(() => window.mvrWholeFrame !== undefined, null, { timeout: 10000 });
    return page.evaluate(() => ({ f0: window.mvrBurstFrame, f1: window.mvrWholeFrame,
      keys: window.mvrBurstKeys.length, late: window.mvrBurstKeys.filter((t) => t > window.mvrBurstEnd).length }));
  } finally {
    await page.evaluate(() => { window.mvrEveryFrame = undefined; }).catch(() => {});
    await cdp.detach();
  }
}

export default function register({ test, site }) {
  test('panes never overlap; a splitter drags with a resize cursor, a pane folds, and the layout survives an immediate reload', async () => {
    const { context, page } = await launch(tempProfile('panes'), { context: { viewport: { width: 1280, height: 720 } } });
    try {
      const s = await openApp(page, site.url);
      checkNoOverlap(s.panes);
      const before = s.panes.Versions.w;
      await dragSplitter(page, 'splitter.left-middle', 80);
      const dragged = await waitState(page, (t) => t.panes.Versions.w < before - 60, 'the versions pane to narrow');
      checkNoOverlap(dragged.panes);
      assert(dragged.panes.Models.w > s.panes.Models.w + 60, 'the models pane widened by the drag');
      await click(page, 'pane.Compare.fold');
      const folded = await waitState(page, (t) => t.panes.Compare.folded, 'the compare pane to fold');
      assert(folded.panes.Versions.h > s.panes.Versions.h + 150, 'the versions pane takes the folded pane\'s room');
      checkNoOverlap(folded.panes);
      // Reloaded at once: the sizes were saved when the drag ended, not seconds later.
      await page.reload();
      const again = await waitState(page, (t) => t.versions > 0 && t.panes && t.panes.Compare.folded, 'the layout after a reload', 20000);
      assert(Math.abs(again.panes.Models.w - folded.panes.Models.w) <= 1, `the models width is kept (${again.panes.Models.w} vs ${folded.panes.Models.w})`);
      await click(page, 'pane.Compare.fold');
      await waitState(page, (t) => !t.panes.Compare.folded, 'the compare pane to come back');
    } finally {
      await context.close();
    }
  });

  test('keyboard: arrows move the focused version and the detail follows, Space ticks, Ctrl+F and / filter, Esc clears, typing arrives whole', async () => {
    const { context, page } = await launch(tempProfile('keys'));
    try {
      const s = await openApp(page, site.url);
      const model = s.model;
      // Click the first row, then walk down with the arrows.
      const rows = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('versions.row:')));
      assert(rows.length >= 3, 'the table shows rows');
      await click(page, rows[0]);
      const a = await waitState(page, (t) => t.focused !== '', 'a focused version');
      await page.keyboard.press('ArrowDown');
      const b = await waitState(page, (t) => t.focused !== a.focused, 'Down to move the focus');
      await page.keyboard.press('ArrowUp');
      await waitState(page, (t) => t.focused === a.focused, 'Up to move it back');
      assert(b.model === model, 'the arrows never switch the model');
      await page.keyboard.press('Space');
      await waitState(page, (t) => t.selected.includes(a.focused), 'Space to tick the focused version');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      const two = await waitState(page, (t) => t.selected.length === 2, 'a second tick');
      assert(two.selected.length === 2, 'two versions ticked');
      // The comparison is built over the next frames (a frame's budget at a time).
      await waitState(page, (t) => t.selected.length === 2 && t.compareRows > 0, 'two ticked versions to be compared');
      // Ctrl+F then typing: the whole text is there within a few frames (not one character per frame).
      // On a slow machine the keys may not all reach the page while it is held; such a try is no burst,
      // and is made again with a longer hold.
      const text = 'a filter text of thirty-eight letters!';
      let burst;
      for (const hold of [600, 1500, 3000, 6000]) {
        await page.keyboard.press('Control+f');
        await page.waitForTimeout(150);
        burst = await typeBurst(page, text, hold);
        console.log(`      ${text.length} characters typed in one burst (held ${hold} ms, ${burst.late} of ${burst.keys} keys late) arrived whole in ${burst.f1 - burst.f0} frames`);
        const typed = await state(page);
        assert(typed.filter === text, `the filter holds what was typed (got "${typed.filter}")`);
        if (burst.late === 0) break;
        await page.keyboard.press('Escape');
        await waitState(page, (t) => t.filter === '', 'Esc to clear the filter before the next try');
      }
      assert(burst.keys === text.length && burst.late === 0, `every key reached the page while it was held (${burst.late} of ${burst.keys} late)`);
      assert(burst.f1 - burst.f0 <= 6, `typed text did not take a frame per character (${burst.f1 - burst.f0} frames for ${text.length})`);
      await page.keyboard.press('Escape');
      await waitState(page, (t) => t.filter === '', 'Esc to clear the filter');
      // "/" goes to the filter too, when no field has the keyboard.
      // The filter takes the keyboard two frames later; what is typed meanwhile is held for it, so "/2024" typed at
      // once, its keys in the frame of "/" and the next, filters by 2024 (none lost, none taken as a shortcut).
      await click(page, rows[0]);
      await page.keyboard.type('/2024');
      await waitState(page, (t) => t.textFocus === 'versions.filter' && t.filter === '2024', '/ and the text typed after it to reach the filter');
      await page.keyboard.press('Escape');
      await waitState(page, (t) => t.filter === '', 'Esc again');
      // The model filter ignores case.
      await click(page, 'models.filter');
      await page.keyboard.type('NER');
      await page.waitForTimeout(300);
      const shown = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')));
      assert(shown.length > 0 && shown.every((k) => k.toLowerCase().includes('ner')), `"NER" finds the ner models (${shown.join(', ')})`);
    } finally {
      await context.close();
    }
  });

  test('? and the mvr menu open the help with the shortcuts; Esc closes it', async () => {
    const { context, page } = await launch(tempProfile('help'));
    try {
      await openApp(page, site.url);
      await page.mouse.click(5, 300);
      await page.keyboard.press('Shift+Slash');
      await waitState(page, (t) => t.help, '? to open the help');
      await widget(page, 'help.readme');
      await shot(page, 'workspace-help');
      await page.keyboard.press('Escape');
      await waitState(page, (t) => !t.help, 'Esc to close it');
      await click(page, 'menu.mvr');
      await waitState(page, (t) => t.help, 'clicking mvr to open it');
      await click(page, 'help.close');
      await waitState(page, (t) => !t.help, 'Close to close it');
    } finally {
      await context.close();
    }
  });

  test('an import goes to what was imported, and the example banner leaves once the registry holds the user\'s own data', async () => {
    const { context, page } = await launch(tempProfile('goto'));
    try {
      const s = await openApp(page, site.url);
      assert(s.example, 'the example is on screen first');
      await widget(page, 'example.banner');
      const doc = { model: 'zz-my-own-model', version: 1, created_on: '2026-11-30T10:00:00Z', metrics: { auc: { value: 0.8, goal: 'max' } } };
      await dropFiles(page, [{ name: 'mine.json', text: JSON.stringify(doc) }]);
      const after = await waitState(page, (t) => t.versions === s.versions + 1 && !t.importing, 'the import');
      assert(after.model === 'zz-my-own-model', `the view went to the imported model (on ${after.model})`);
      assert(after.example === false, 'the example flag is dropped once the user imported');
      // The models list and the status bar's counts are asked through the engine's protocol when the data
      // changes, and drawn when the answer comes (a frame later).
      assert(s.engine && s.engine.answered >= 4, `the first screen asked the engine (${JSON.stringify(s.engine)})`);
      const listed = await waitState(page, (t) => (t.modelRows || []).some((r) => r.name === 'zz-my-own-model') &&
        t.engine && t.engine.waiting === 0, 'the imported model in the models list');
      assert(listed.engine.answered >= s.engine.answered + 4 && listed.engine.batches > s.engine.batches,
        `the models and the three counts were asked again (${JSON.stringify(s.engine)} -> ${JSON.stringify(listed.engine)})`);
      assert(listed.engine.bytesOut > s.engine.bytesOut, 'their answers came back as bytes');
      await page.waitForTimeout(200);
      const banner = await page.evaluate(() => (window.mvrWidgets || {})['example.banner'] || null);
      assert(!banner, 'the example banner is gone');
    } finally {
      await context.close();
    }
  });

  test('a conflict offers Replace, naming the version it overwrites, and replacing imports it; a first load asks for nothing missing', async () => {
    const { context, page } = await launch(tempProfile('replace'));
    const missing = [];
    page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
    try {
      const s = await openApp(page, site.url);
      assert(missing.length === 0, `nothing the page asked for is missing: ${missing.join(', ')}`);
      const doc = { model: 'zz-replace', version: 1, description: 'first', created_on: '2026-11-30T10:00:00Z' };
      await dropFiles(page, [{ name: 'first.json', text: JSON.stringify(doc) }]);
      await waitState(page, (t) => t.versions === s.versions + 1 && !t.importing && t.saved, 'the first import');
      await dropFiles(page, [{ name: 'second.json', text: JSON.stringify({ ...doc, description: 'second' }) }]);
      const failed = await waitState(page, (t) => t.lastImport === 0 && !t.importing, 'the conflict');
      assert(failed.firstImportProblem.includes('zz-replace@1') && !failed.firstImportProblem.includes('--replace'),
        `the conflict names the version and no CLI flag (${failed.firstImportProblem})`);
      const names = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k === 'import.replace'));
      assert(names.length === 1, 'a Replace button is offered');
      await click(page, 'import.replace');
      const done = await waitState(page, (t) => t.lastImport === 1 && !t.importing && t.saved, 'the replacing import');
      assert(done.versions === s.versions + 1, 'replacing adds no version');
      await click(page, 'menu.export');
      const dl = page.waitForEvent('download');
      await click(page, 'menu.export.registry');
      const reg = JSON.parse(fs.readFileSync(await (await dl).path(), 'utf8'));
      const v = reg.versions.find((x) => x.model === 'zz-replace');
      assert(v && v.description === 'second', `the stored version is the replacing one (${v && v.description})`);
    } finally {
      await context.close();
    }
  });

  test('the theme follows prefers-color-scheme, can be switched in View > Theme, and is remembered', async () => {
    const { context, page } = await launch(tempProfile('theme'), { context: { colorScheme: 'light' } });
    try {
      const s = await openApp(page, site.url);
      assert(s.theme === 'light', `a light system gives the light theme (${s.theme})`);
      // The canvas itself is light: a pixel of the status bar's background.
      const light = await page.screenshot({ clip: { x: 700, y: 890, width: 1, height: 1 } });
      await click(page, 'menu.view');
      await click(page, 'menu.view.theme');
      await click(page, 'menu.view.theme.dark');
      await waitState(page, (t) => t.theme === 'dark', 'the dark theme');
      await page.mouse.move(700, 500);
      await page.waitForTimeout(300);
      const dark = await page.screenshot({ clip: { x: 700, y: 890, width: 1, height: 1 } });
      assert(!light.equals(dark), 'the canvas changed colour');
      await shot(page, 'workspace-dark-on-light-system');
      await page.reload();
      const again = await waitState(page, (t) => t.versions > 0 && !t.importing, 'the app after a reload');
      assert(again.theme === 'dark', 'the choice is remembered over the system\'s preference');
    } finally {
      await context.close();
    }
  });

  for (const [w, h] of [[1280, 720], [1920, 1080]]) {
    test(`nothing is cut in the models and versions views at ${w}x${h}, on every model of the example`, async () => {
      const { context, page } = await launch(tempProfile(`fit-${w}`), { context: { viewport: { width: w, height: h } } });
      try {
        const s = await openApp(page, site.url);
        checkNoOverlap(s.panes);
        const models = await page.evaluate(() => Object.keys(window.mvrWidgets).filter((k) => k.startsWith('model:')));
        assert(models.length >= 3, 'the example has several models');
        for (const m of models) {
          await click(page, m);
          const t = await waitState(page, (x) => x.model === m.slice('model:'.length), `model ${m}`);
          await page.waitForTimeout(200);
          const fit = (await state(page)).fit;
          assert(fit.shortened === 0 && fit.cut === 0, `${m} at ${w}x${h}: ${fit.shortened} shortened, ${fit.cut} cut (${fit.examples.join(' | ')})`);
          assert(t.panes, 'panes are published');
        }
        await shot(page, `workspace-fit-${w}x${h}`);
      } finally {
        await context.close();
      }
    });
  }
}
