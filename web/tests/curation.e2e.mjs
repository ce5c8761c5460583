// Issue 17 in the app, with a real mouse: deprecate a version (and undo it) from the version panel; delete one
// after a confirmation that names what depends on it: refused while it holds an alias, and a version with a
// child is deleted only by "Delete anyway", the child keeping its (now dangling) parent link. Each change is
// saved: after a reload it is still there. New version (from scratch and from a version) with the form's located
// problems as it is typed, Edit of the description and tags with its record, and deprecated rows greyed.
import { launch, tempProfile, waitState, widget, click, shot, assert, pngPixels } from './lib.mjs';

// Replaces what a text field holds with text, typed with the real keyboard.
async function retype(page, label, text) {
  await click(page, label);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
  await page.waitForTimeout(150);
}

// How far the strongest ink in rect stands from its background (the top-left pixel): text drawn greyed stands
// less far than text drawn in the normal colour.
async function inkContrast(page, rect) {
  const png = await page.screenshot({ clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  const { width, height, data } = pngPixels(png);
  let best = 0;
  for (let i = 0; i < width * height; i++) {
    const d = Math.abs(data[i * 4] - data[0]) + Math.abs(data[i * 4 + 1] - data[1]) + Math.abs(data[i * 4 + 2] - data[2]);
    best = Math.max(best, d);
  }
  return best;
}

const gbm = 'fraud-detector-gbm';

export default function register({ test, site }) {
  test('curation: deprecate and undo, delete refused while an alias is held, delete a parent after naming its child', async () => {
    const { context, page } = await launch(tempProfile('curation'));
    try {
      await page.goto(site.url + `#m=${gbm}&focus=3`);
      let s = await waitState(page, (x) => x.versions > 0 && !x.importing && x.focused === '3', 'version 3 open');
      const before = s.versions;
      await click(page, 'detail.deprecate');
      s = await waitState(page, (x) => /deprecated/.test(x.message) && x.saved, 'version 3 deprecated');
      await widget(page, 'detail.deprecated');
      await shot(page, '50-deprecated');
      await click(page, 'detail.deprecate');
      await waitState(page, (x) => /deprecation undone/.test(x.message) && x.saved, 'the deprecation undone');

      // Version 8 holds production: the dialog says so and Delete is disabled.
      await page.goto(site.url + `#m=${gbm}&focus=8`);
      await waitState(page, (x) => x.focused === '8', 'version 8 open');
      await click(page, 'detail.delete');
      await widget(page, 'detail.delete-dialog');
      await shot(page, '51-delete-refused');
      await click(page, 'detail.delete-confirm');
      await page.waitForTimeout(300);
      s = await waitState(page, (x) => x.versions === before, 'nothing deleted');
      await click(page, 'detail.delete-cancel');

      // Version 3 is the parent of 4: "Delete anyway" deletes it; 4 stays with its parent link.
      await page.goto(site.url + `#m=${gbm}&focus=3`);
      await waitState(page, (x) => x.focused === '3', 'version 3 open again');
      await click(page, 'detail.delete');
      await widget(page, 'detail.delete-dialog');
      await click(page, 'detail.delete-confirm');
      s = await waitState(page, (x) => x.versions === before - 1 && /deleted/.test(x.message) && x.saved, 'version 3 deleted');
      await page.reload();
      s = await waitState(page, (x) => x.versions > 0 && !x.importing, 'the reload');
      assert(s.versions === before - 1, `the deletion was saved (${s.versions} of ${before})`);
    } finally {
      await context.close();
    }
  });

  test('curation: New version from this one with problems located as it is typed; New version; Edit description and tags; deprecated rows greyed', async () => {
    const { context, page } = await launch(tempProfile('create'), { context: { viewport: { width: 1280, height: 720 } } });
    try {
      await page.goto(site.url + `#m=${gbm}&focus=8`);
      let s = await waitState(page, (x) => x.versions > 0 && !x.importing && x.focused === '8', 'version 8 open');
      const before = s.versions;
      await click(page, 'detail.new-from');
      s = await waitState(page, (x) => x.form && x.form.open, 'the form open');
      assert(s.form.from === '8' && s.form.parent === '8', `prefilled from 8, its parent (${JSON.stringify(s.form)})`);
      assert(s.form.label === '10' && s.form.problems.length === 0, `the next number and no problem (${JSON.stringify(s.form)})`);
      assert(/"learning_rate"|"params"|\{/.test(s.form.params), 'the params are there to edit');

      // Broken params: the problem is located at line and column as it is typed, and Create does nothing.
      await retype(page, 'form.params', '{\n"lr": 0.1,\n"depth": }');
      s = await waitState(page, (x) => x.form.problems.some((p) => /^params:3:\d+: params/.test(p)), 'the params problem, located');
      await widget(page, 'form.params-problem');
      await shot(page, '52-new-version-problem');
      await click(page, 'form.create');
      await page.waitForTimeout(300);
      s = await waitState(page, (x) => x.form.open && x.versions === before, 'nothing created while params are broken');
      await retype(page, 'form.params', '{"lr": 0.1, "depth": 7}');
      await waitState(page, (x) => x.form.problems.length === 0, 'the params fixed');

      // A label in use, a metric that is not a number and a parent that does not exist: each said where.
      await retype(page, 'form.label', '8');
      await waitState(page, (x) => x.form.problems.some((p) => /version: fraud-detector-gbm@8 exists already/.test(p)), 'the label in use');
      await retype(page, 'form.label', '');
      await retype(page, 'form.metric-value:0', 'high');
      await waitState(page, (x) => x.form.problems.some((p) => /metrics\.auc: "high" is not a number/.test(p)), 'the metric that is not a number');
      await retype(page, 'form.metric-value:0', '0.9931');
      await retype(page, 'form.parent', '77');
      await waitState(page, (x) => x.form.problems.some((p) => /parent: no version fraud-detector-gbm@77/.test(p)), 'the missing parent');
      await retype(page, 'form.parent', 'production');
      await waitState(page, (x) => x.form.problems.length === 0, 'a parent by alias');
      await click(page, 'form.create');
      s = await waitState(page, (x) => !(x.form && x.form.open) && x.versions === before + 1 && x.saved, 'version 10 created and saved');
      assert(/created fraud-detector-gbm@10/.test(s.message), `the message says what was made (${s.message})`);
      assert(s.focused === '10', `the new version is shown (${s.focused})`);

      // Edit its description and add a tag: recorded, shown in its log.
      await click(page, 'detail.edit');
      await widget(page, 'edit.window');
      await retype(page, 'edit.description', 'lr 0.1, depth 7');
      await click(page, 'edit.add-tag');
      await page.waitForTimeout(200);
      // The new row is the last (the tags copied from version 8 come first).
      const last = await page.evaluate(() => Math.max(...Object.keys(window.mvrWidgets).filter((k) => k.startsWith('edit.tag-key:')).map((k) => Number(k.slice(13)))));
      await retype(page, `edit.tag-key:${last}`, 'owner');
      await retype(page, `edit.tag-value:${last}`, 'ana');
      await click(page, 'edit.save');
      s = await waitState(page, (x) => /2 changes recorded/.test(x.message) && x.saved, 'the edit recorded');
      await widget(page, 'detail.curation-log');

      // From scratch, for the model: the model's metrics are offered as rows; a typed label.
      await click(page, 'versions.new');
      s = await waitState(page, (x) => x.form && x.form.open && x.form.from === '', 'the empty form');
      assert(s.form.metrics >= 5, `the model's metrics offered (${s.form.metrics})`);
      await retype(page, 'form.label', 'hand-made-1');
      await retype(page, 'form.metric-value:0', '0.9');
      await waitState(page, (x) => x.form.problems.length === 0 && x.form.label === 'hand-made-1', 'the label typed');
      await click(page, 'form.create');
      s = await waitState(page, (x) => x.versions === before + 2 && x.saved && x.focused === 'hand-made-1', 'hand-made-1 created');

      // All of it survives a reload.
      await page.reload();
      s = await waitState(page, (x) => x.versions > 0 && !x.importing, 'the reload');
      assert(s.versions === before + 2, `both saved (${s.versions})`);
      await page.goto(site.url + `#m=${gbm}&focus=10`);
      await waitState(page, (x) => x.focused === '10', 'version 10 after the reload');
      await widget(page, 'detail.curation-log');

      // A deprecated version's row is greyed: its text stands less from the row than its neighbour's.
      await page.goto(site.url + '#m=product-image-classifier');
      await waitState(page, (x) => x.model === 'product-image-classifier', 'the image model');
      const grey = await widget(page, 'versions.deprecated:v5');
      const normal = await widget(page, 'versions.row:v4');
      const cg = await inkContrast(page, grey), cn = await inkContrast(page, normal);
      assert(cg < cn * 0.8, `v5's text is greyed (contrast ${cg} against ${cn} for v4)`);
      await shot(page, '53-deprecated-greyed');
    } finally {
      await context.close();
    }
  });
}
