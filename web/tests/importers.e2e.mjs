// End-to-end: real files of other tools (MLflow, DVC, Hugging Face, W&B, from tests/fixtures/real) dropped on
// the page together, the way a person drags them out of a folder (names only): they are imported in one batch,
// dropping them again adds only what is new, and a broken one among them imports nothing.
import fs from 'node:fs';
import path from 'node:path';
import { launch, tempProfile, openApp, dropFiles, waitState, widget, shot, assert, root } from './lib.mjs';

const fixtures = path.join(root, 'tests', 'fixtures', 'real');
const dropped = [
  'mlflow-export-import/oss_mlflow/single/models/basic/model.json',               // 3 versions of sklearn_wine
  'mlflow-export-import/oss_mlflow/bulk/experiments/2/runs/5397ae67ee0c49139bf64834b4d27fab/run.json',  // 1 run
  'dvc-example-get-started/dvc.lock',                                             // these four: one version
  'dvc-example-get-started/dvc.yaml',
  'dvc-example-get-started/params.yaml',
  'dvc-example-get-started/eval/live/metrics.json',
  'huggingface-hub-cards/sample_simple_model_index.md',                           // 3 cards: 3 versions
  'huggingface-hub-cards/sample_simple.md',
  'huggingface-hub-cards/sample_no_metadata.md',
  'wandb/wandb_manifest.json',                                                    // 1 version
];
const expectedNew = 3 + 1 + 1 + 3 + 1;

function files() {
  return dropped.map((rel) => ({ name: path.basename(rel), text: fs.readFileSync(path.join(fixtures, rel), 'utf8') }));
}

export default function register({ test, site }) {
  test('drop real MLflow, DVC, Hugging Face and W&B files: one batch imports them all', async () => {
    const { context, page } = await launch(tempProfile('importers'));
    try {
      const before = (await openApp(page, site.url)).versions;
      await waitState(page, (x) => x.saved && !x.importing, 'the example to be saved');
      await dropFiles(page, files());
      let s = await waitState(page, (x) => x.versions === before + expectedNew && !x.importing && x.saved,
        `${expectedNew} new versions from the dropped files`);
      assert(s.lastImport === 1, `the drop committed (lastImport ${s.lastImport})`);
      assert(s.lastImportProblems === 0, `no problems (${s.lastImportProblems})`);
      await widget(page, 'import.result');
      await shot(page, '10-import-other-tools');

      // The same files again, with one new card: only the card is added (the numbered versions too are skipped
      // when nothing in them changed).
      await dropFiles(page, [...files(), { name: 'README.md', text: '---\nlicense: mit\n---\n# second-drop-model\n' }]);
      s = await waitState(page, (x) => x.versions === before + expectedNew + 1 && !x.importing && x.saved,
        'the second drop to add only the new card');
      assert(s.lastImport === 1, `the second drop committed (lastImport ${s.lastImport})`);

      // A broken dvc.lock among valid files: nothing of the batch is imported, the problem is counted.
      const broken = files();
      broken[2] = { name: 'dvc.lock', text: broken[2].text.replace('    deps:\n    - path: data/data.xml', '    deps:\n   - path: data/data.xml') };
      broken.push({ name: 'new-card.md', text: '---\nlicense: mit\n---\n# brand-new-model\n' });
      await dropFiles(page, broken);
      s = await waitState(page, (x) => x.lastImport === 0 && !x.importing, 'the broken drop to be rejected');
      assert(s.versions === before + expectedNew + 1, `a batch with a broken file imports nothing (versions ${s.versions})`);
      assert(s.lastImportProblems >= 1, 'the problem is counted');
      await shot(page, '11-import-other-tools-broken');
    } finally {
      await context.close();
    }
  });
}
