// Issue 17 in the app, with a real mouse: deprecate a version (and undo it) from the version panel; delete one
// after a confirmation that names what depends on it: refused while it holds an alias, and a version with a
// child is deleted only by "Delete anyway", the child keeping its (now dangling) parent link. Each change is
// saved: after a reload it is still there.
import { launch, tempProfile, waitState, widget, click, shot, assert } from './lib.mjs';

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
}
