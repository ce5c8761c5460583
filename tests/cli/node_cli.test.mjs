// The wasm CLI as people run it: `node mvr.js ...` (its --pre-js src/cli/node-pre.js, the parse worker script
// next to it, the compiled module handed to the worker). The C++ tests link the CLI's code into their own
// module; this runs the real mvr.js on a file large enough for the worker, once with the worker script
// present and once from a copy of mvr.js and mvr.wasm without it, and checks that both import the same
// registry, that a problem deep in the file is reported with its place, and that nothing is half-written.
// Usage: node tests/cli/node_cli.test.mjs BUILD_DIR/mvr.js
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const mvrJs = path.resolve(process.argv[2] || '');
assert.ok(fs.existsSync(mvrJs), `usage: node_cli.test.mjs path/to/mvr.js (not found: ${mvrJs})`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mvr-node-cli-'));
let failed = 0;

function mvr(js, ...args) {
  const r = spawnSync(process.execPath, [js, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function manifests(n, badAt = -1) {
  const list = [];
  for (let i = 0; i < n; i++) {
    list.push({
      model: `m${i % 7}`, version: Math.floor(i / 7) + 1, description: (i % 10 === 0 ? `run ${i} with "quotes" and \\ slashes; ` : `run ${i}; `) + 'a longer note. '.repeat(20),
      created_on: i === badAt ? '2024-13-45T00:00:00Z' : '2024-05-01T12:00:00Z',
      params: { lr: 0.001 * (i % 10), layers: [64, 32, i % 5], opt: { name: 'adam', betas: [0.9, 0.999] }, flag: i % 2 === 0,
                big: 12345678901234, none: null, text: 'é✓'.repeat(i % 3) },
      metrics: { auc: { value: 0.5 + (i % 50) / 100, goal: 'max' }, loss: 1 / (i + 1) },
      datasets: [{ name: 'train', uri: `s3://b/${i}.parquet`, digest: { sha256: 'a'.repeat(64) }, size: 1000 + i }],
      tags: { run: `r${i}` },
      ...(i % 700 === 0 ? { aliases: ['production'] } : {}),
      x_unknown: { kept: [i, 'as', { written: true }] },
    });
  }
  // One manifest per line, as tools write them: line i + 2 holds manifest [i]. Every tenth has escapes in a
  // string (its canonical text is made from its parsed document), the others not (made from their bytes).
  return '[\n' + list.map((m) => JSON.stringify(m)).join(',\n') + '\n]\n';
}

function check(name, fn) {
  try {
    fn();
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}\n${e.stack || e}`);
  }
}

const N = 6000;
const good = path.join(dir, 'big.json');
fs.writeFileSync(good, manifests(N));
assert.ok(fs.statSync(good).size >= 4 << 20, 'the file must be large enough for the parse worker');
const bad = path.join(dir, 'big-bad.json');
fs.writeFileSync(bad, manifests(N, 5000).replace(/"model":"m(\d)"/g, '"model":"n$1"'));

// The same mvr.js and mvr.wasm without the worker script: the CLI then reads the file itself.
const alone = path.join(dir, 'alone');
fs.mkdirSync(alone);
for (const f of ['mvr.js', 'mvr.wasm']) fs.copyFileSync(path.join(path.dirname(mvrJs), f), path.join(alone, f));
assert.ok(fs.existsSync(path.join(path.dirname(mvrJs), 'mvr-parse-worker.cjs')), 'the worker script sits next to mvr.js');
assert.ok(fs.existsSync(path.join(path.dirname(mvrJs), 'mvr-parse-loop.js')), 'and the loop it shares with the page');

const exports = {};
for (const [label, js] of [['with the parse worker', mvrJs], ['without it', path.join(alone, 'mvr.js')]]) {
  check(`import ${N} versions ${label}`, () => {
    const db = path.join(dir, `${label.replace(/\W+/g, '-')}.db`);
    const r = mvr(js, '--db', db, 'import', good);
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`imported ${N} new versions`));
    const again = mvr(js, '--db', db, 'import', good);
    assert.equal(again.status, 0, again.out + again.err);
    assert.match(again.out, new RegExp(`${N} unchanged`));
    const out = path.join(dir, `${label.replace(/\W+/g, '-')}.export.json`);
    const e = mvr(js, '--db', db, 'export', '-o', out);
    assert.equal(e.status, 0, e.out + e.err);
    exports[label] = fs.readFileSync(out, 'utf8');
    const reg = JSON.parse(exports[label]);
    assert.equal(reg.versions.length, N);
    const v = reg.versions.find((x) => x.model === 'm3' && x.version === 1);
    assert.deepEqual(v.params, { lr: 0.003, layers: [64, 32, 3], opt: { name: 'adam', betas: [0.9, 0.999] }, flag: false,
                                 big: 12345678901234, none: null, text: '' });
    assert.deepEqual(v.x_unknown, { kept: [3, 'as', { written: true }] });

    // A second file with a bad date at [5000]: reported with its place, and nothing of it is stored.
    const b = mvr(js, '--db', db, 'import', bad);
    assert.equal(b.status, 1, b.out + b.err);
    assert.match(b.out + b.err, /big-bad\.json:5002:\d+: \[5000\]\.created_on/);
    const after = path.join(dir, `${label.replace(/\W+/g, '-')}.after.json`);
    assert.equal(mvr(js, '--db', db, 'export', '-o', after).status, 0);
    assert.equal(fs.readFileSync(after, 'utf8'), exports[label]);
  });
}
check('both ways give the same registry, byte for byte', () => {
  assert.ok(exports['with the parse worker'] && exports['without it']);
  // Apart from when each import moved its aliases (the history records the time of the import).
  const untimed = (text) => text.replace(/^\{"at":"[^"]*","model"/gm, '{"at":"","model"');
  assert.equal(untimed(exports['with the parse worker']), untimed(exports['without it']));
});

// Monitoring (issue 14) under node: trend, best and plot on a small registry, labels in order (2 before 10).
check('trend, best and plot', () => {
  const db = path.join(dir, 'monitoring.db');
  const src = path.join(dir, 'monitoring.json');
  fs.writeFileSync(src, JSON.stringify([10, 1, 2].map((v) => ({
    model: 'm', version: v, created_on: `2026-0${v === 10 ? 3 : v}-01T00:00:00Z`, ...(v === 1 ? { aliases: ['production'] } : {}),
    metrics: { auc: { value: 0.8 + v / 100, goal: 'max' }, ...(v === 2 ? {} : { latency: { value: 20 - v, goal: 'min' } }) },
  }))));
  assert.equal(mvr(mvrJs, '--db', db, 'import', src).status, 0);
  const t = mvr(mvrJs, '--db', db, 'trend', 'm', 'auc', 'latency', '--json');
  assert.equal(t.status, 0, t.err);
  const trend = JSON.parse(t.out);
  assert.deepEqual(trend.versions.map((v) => v.version), ['1', '2', '10']);
  assert.equal(trend.versions[1].values.latency, null);
  assert.equal(trend.versions[1].best.latency, 19);
  const csv = mvr(mvrJs, '--db', db, 'trend', 'm', 'auc', '--csv', '--x', 'time');
  assert.equal(csv.status, 0, csv.err);
  assert.equal(csv.out.split('\n')[1], '1,2,2026-01-01T00:00:00Z,production,0.81,0.81');
  const b = mvr(mvrJs, '--db', db, 'best', 'm', '--metric', 'latency', '--json');
  assert.equal(b.status, 0, b.err);
  const best = JSON.parse(b.out);
  assert.deepEqual(best.versions.map((v) => v.version), ['10', '1']);
  assert.equal(best.without_metric, 1);
  const svg = path.join(dir, 'trend.svg');
  const p = mvr(mvrJs, '--db', db, 'plot', 'm', 'auc', 'latency', '-o', svg);
  assert.equal(p.status, 0, p.err);
  const text = fs.readFileSync(svg, 'utf8');
  assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(text.trimEnd().endsWith('</svg>'));
  assert.equal((text.match(/class="point"/g) || []).length, 3 + 2);
  assert.equal((text.match(/>production<\/text>/g) || []).length, 2);
  const bad = mvr(mvrJs, '--db', db, 'plot', 'm', 'nope', '-o', path.join(dir, 'bad.svg'));
  assert.equal(bad.status, 1);
  assert.match(bad.err, /no metric "nope" in m/);
  assert.ok(!fs.existsSync(path.join(dir, 'bad.svg')));
  assert.equal(mvr(mvrJs, '--db', db, 'best', 'm', '--metric', 'auc', '--top', '0').status, 2);
});

// Promotion rules (issue 15) under node: add (a located error, then a rule), check as a CI gate (exit 0 and 1), apply
// with its history record, alias --history.
check('rules add, check, apply and alias --history', () => {
  const db = path.join(dir, 'rules.db');
  const src = path.join(dir, 'rules.json');
  const version = (v, auc, digest) => ({
    model: 'fraud', version: v, created_on: `2026-0${v}-01T00:00:00Z`, ...(v === 1 ? { aliases: ['production'] } : {}),
    metrics: { auc: { value: auc, goal: 'max' } }, datasets: [{ name: 'val', digest: { sha256: digest.repeat(64) } }],
  });
  fs.writeFileSync(src, JSON.stringify([version(1, 0.9, 'a'), version(2, 0.93, 'a'), version(3, 0.99, 'b')]));
  assert.equal(mvr(mvrJs, '--db', db, 'import', src).status, 0);
  const ruleFile = path.join(dir, 'promote.rule');
  fs.writeFileSync(ruleFile, 'rule: promote\nalias: production\nmodels: fraud\ncompare: metrics.auc better by 0.02\nrequires: x\n');
  const syntax = mvr(mvrJs, '--db', db, 'rules', 'add', ruleFile);
  assert.equal(syntax.status, 1);
  assert.match(syntax.err, /promote\.rule:5:1: error: unknown keyword "requires" \(did you mean "require"\?\)/);
  fs.writeFileSync(ruleFile, 'rule: promote\nalias: production\nmodels: fraud\ncompare: metrics.auc better by 0.02\nsame: datasets.val.digest\n');
  const added = mvr(mvrJs, '--db', db, 'rules', 'add', ruleFile, '--author', 'ana');
  assert.equal(added.status, 0, added.err);
  const pass = mvr(mvrJs, '--db', db, 'rules', 'check', 'fraud@2');
  assert.equal(pass.status, 0, pass.out + pass.err);
  assert.match(pass.out, /fraud@2 passes every rule/);
  const fail = mvr(mvrJs, '--db', db, 'rules', 'check', 'fraud@3', '--json');
  assert.equal(fail.status, 1);
  const verdict = JSON.parse(fail.out);
  assert.equal(verdict.passed, false);
  assert.equal(verdict.rules[0].candidates[0].outcomes.find((o) => o.kind === 'same').passed, false);
  const applied = mvr(mvrJs, '--db', db, 'rules', 'apply', '--author', 'ci', '--json');
  assert.equal(applied.status, 0, applied.err);
  assert.equal(JSON.parse(applied.out)[0].to, '2');
  const history = mvr(mvrJs, '--db', db, 'alias', '--history', 'fraud', 'production', '--json');
  assert.equal(history.status, 0, history.err);
  const moves = JSON.parse(history.out);
  const last = moves[moves.length - 1];
  assert.deepEqual([last.from, last.to, last.author, last.source, last.rule], ['1', '2', 'ci', 'rule', 'promote']);
  assert.equal(last.detail.compared_with, '1');
});

// Curation (issue 17) under node: edit, deprecate, delete with their exit codes, and the round trip.
check('edit, deprecate, delete and the curation log round trip', () => {
  const db = path.join(dir, 'curation.db');
  for (const args of [['-d', 'first', '--tag', 'team=a'], ['--parent', '1'], ['--parent', '2', '--alias', 'production']])
    assert.equal(mvr(mvrJs, '--db', db, 'create', 'm', '--metric', 'auc=0.9:max', '--no-rules', ...args).status, 0);
  const e = mvr(mvrJs, '--db', db, 'edit', 'm@1', '-d', 'edited', '--untag', 'team', '--author', 'bo', '--json');
  assert.equal(e.status, 0, e.err);
  assert.deepEqual(JSON.parse(e.out).map((x) => [x.field, x.old, x.new]), [['description', 'first', 'edited'], ['tags.team', 'a', null]]);
  assert.equal(mvr(mvrJs, '--db', db, 'edit', 'm@1', '--untag', 'nope').status, 1);
  assert.equal(mvr(mvrJs, '--db', db, 'deprecate', 'm@2').status, 0);
  assert.match(mvr(mvrJs, '--db', db, 'show', 'm@2').out, /^m@2  \(deprecated\)/);
  const held = mvr(mvrJs, '--db', db, 'delete', 'm@3');
  assert.equal(held.status, 1);
  assert.match(held.err, /m@3 holds production: move or remove the alias first/);
  assert.equal(mvr(mvrJs, '--db', db, 'delete', 'm@1').status, 1);
  const a = path.join(dir, 'curation-a.json');
  const b = path.join(dir, 'curation-b.json');
  assert.equal(mvr(mvrJs, '--db', db, 'export', '-o', a).status, 0);
  const copy = path.join(dir, 'curation-copy.db');
  assert.equal(mvr(mvrJs, '--db', copy, 'import', a, '--no-rules').status, 0);
  assert.equal(mvr(mvrJs, '--db', copy, 'export', '-o', b).status, 0);
  assert.equal(fs.readFileSync(b, 'utf8'), fs.readFileSync(a, 'utf8'));
  const gone = mvr(mvrJs, '--db', db, 'delete', 'm@1', '--force', '--json');
  assert.equal(gone.status, 0, gone.err);
  assert.deepEqual(JSON.parse(gone.out), { deleted: ['m@1'], dangling_parents: ['m@2'] });
  assert.match(mvr(mvrJs, '--db', db, 'show', 'm@2').out, /parent {7}1 {2}\(not in the registry: a dangling reference\)/);
  // The deletion is recorded (and exported); its label is not given again.
  assert.match(mvr(mvrJs, '--db', db, 'show', 'm@1').err, /m@1 was deleted \(/);
  const again = mvr(mvrJs, '--db', db, 'create', 'm', '--label', '1', '--no-rules');
  assert.equal(again.status, 1);
  assert.match(again.err, /version: m@1 was deleted/);
  assert.match(mvr(mvrJs, '--db', db, 'export').out, /"field":"deleted"/);
});

// Create by hand under node: a typed label, a parent that must exist (an alias stored as its label), located problems.
check('create with --label and a checked parent', () => {
  const db = path.join(dir, 'create.db');
  assert.equal(mvr(mvrJs, '--db', db, 'create', 'm', '--alias', 'production', '--no-rules').status, 0);
  const made = mvr(mvrJs, '--db', db, '--json', 'create', 'm', '--label', 'rc-1', '--parent', 'production', '--no-rules');
  assert.equal(made.status, 0, made.err);
  assert.equal(JSON.parse(made.out).version, 'rc-1');
  assert.match(mvr(mvrJs, '--db', db, 'show', 'm@rc-1').out, /parent {7}1\n/);
  const bad = mvr(mvrJs, '--db', db, 'create', 'm', '--label', 'rc-1', '--parent', '9', '--params', '{"a":1,}', '--no-rules');
  assert.equal(bad.status, 1);
  assert.match(bad.err, /version: m@rc-1 exists already/);
  assert.match(bad.err, /parent: no version m@9/);
  assert.match(bad.err, /--params:1:7: params\.a: trailing comma/);
});

fs.rmSync(dir, { recursive: true, force: true });
console.log(failed ? `${failed} failed` : 'all passed');
process.exit(failed ? 1 : 0);
