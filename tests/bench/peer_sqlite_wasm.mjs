// Benchmark peer "sqlite-wasm" driver: the official SQLite wasm build (@sqlite.org/sqlite-wasm, pinned in
// web/package.json) measured in headless Debian Chromium, through playwright-core (web/tests/lib.mjs).
// peer_sqlite_wasm/worker.js does the work in a dedicated Worker; this script stages it with the package's
// dist/ files, the schema and the data in one folder, serves that folder on 127.0.0.1 (node's http module, a
// free port, closed at the end), and starts a fresh browser for every run: by default without a profile on
// disk (as the performance anchors measured peer C), with MVR_PEER_PROFILE=persistent in a new temporary
// profile folder, as bench-browser.mjs runs mvr's page (OPFS is then much faster here: measure both).
//
// usage: node tests/bench/peer_sqlite_wasm.mjs [RUNS=1] [SIZES=10000] [TARGETS=mem,opfs]
//   Data: $MVR_BENCH_DIR/reg-N.json (default /tmp/mvr-bench), from tests/bench/workload.py registry N.
//   Prints one JSON line per run on stdout (timings in ms, see worker.js); progress on stderr. Exit 1 if a
//   run failed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serve, launch, tempProfile, root } from '../../web/tests/lib.mjs';
import { launchArgs } from '../../web/tests/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = process.env.MVR_BENCH_DIR || '/tmp/mvr-bench';
const [runs, sizes, targets] = [Number(process.argv[2] || 1), (process.argv[3] || '10000').split(','),
  (process.argv[4] || 'mem,opfs').split(',')];
const persistent = process.env.MVR_PEER_PROFILE === 'persistent';
const { chromium } = createRequire(path.join(root, 'web', 'package.json'))('playwright-core');
const dist = path.join(root, 'web', 'node_modules', '@sqlite.org', 'sqlite-wasm', 'dist');
if (!fs.existsSync(path.join(dist, 'index.mjs'))) {
  console.error(`peer_sqlite_wasm: ${dist} is missing (cd web && npm ci)`);
  process.exit(1);
}

// The served folder: links to the page, the worker, the schema, the package and the data files.
const www = path.join(benchDir, 'peer-sqlite-wasm-www');
fs.rmSync(www, { recursive: true, force: true });
fs.mkdirSync(www, { recursive: true });
const link = (target, name) => fs.symlinkSync(target, path.join(www, name));
link(path.join(here, 'peer_sqlite_wasm', 'index.html'), 'index.html');
link(path.join(here, 'peer_sqlite_wasm', 'worker.js'), 'worker.js');
link(path.join(here, 'schema.sql'), 'schema.sql');
link(dist, 'sqlite-wasm');
for (const n of sizes) {
  const data = path.join(benchDir, `reg-${n}.json`);
  if (!fs.existsSync(data)) {
    console.error(`peer_sqlite_wasm: ${data} is missing (python3 tests/bench/workload.py registry ${n} ${data})`);
    process.exit(1);
  }
  link(data, `reg-${n}.json`);
}

// A browser of its own for one run: a page, the browser's version, and how to close it (and drop its profile).
async function freshBrowser() {
  if (!persistent) {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs, headless: true });
    return { page: await browser.newPage(), version: browser.version(), close: () => browser.close() };
  }
  const profile = tempProfile('peer-sqlite-wasm');
  const { context, page } = await launch(profile);
  return { page, version: context.browser() ? context.browser().version() : '', close: async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  } };
}

const site = await serve(www);
console.error(`peer_sqlite_wasm: serving ${www} at ${site.url}`);
let failed = 0;
try {
  for (const n of sizes) for (const target of targets) for (let run = 1; run <= runs; run++) {
    const { page, version, close } = await freshBrowser();
    try {
      page.on('console', (m) => console.error('  [page]', m.text()));
      await page.goto(`${site.url}index.html?data=reg-${n}.json&target=${target}`);
      await page.waitForFunction(() => window.peerResult, null, { timeout: 900000, polling: 200 });
      const r = await page.evaluate(() => window.peerResult);
      Object.assign(r, { run, profile: persistent ? 'persistent' : 'none', chromium: version });
      if (!r.ok || r.rows !== Number(n)) failed++;
      console.log(JSON.stringify(r));
      console.error(`peer_sqlite_wasm: ${target} ${n}: ${r.ok ? `${(r.total_ms / 1000).toFixed(2)} s` : r.error}`);
    } finally {
      await close();
    }
  }
} finally {
  await site.close();
  fs.rmSync(www, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
