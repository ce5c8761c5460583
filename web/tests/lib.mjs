// Helpers for the end-to-end tests: a static server for public/, Chromium with a persistent profile,
// and finding the app's widgets (the app publishes their rectangles each frame in window.mvrWidgets).
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launchArgs } from './browser.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'artifacts', 'e2e');
fs.mkdirSync(artifacts, { recursive: true });

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.css': 'text/css', '.md': 'text/markdown' };

// Serves dir on 127.0.0.1 (a free port); extraHeaders(urlPath) may add response headers; files maps a URL path to
// { type, body } served in place of (or beside) dir's files.
export function serve(dir, extraHeaders = () => ({}), files = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const own = files[url.pathname];
    if (own) { res.writeHead(200, { 'Content-Type': own.type, 'Cache-Control': 'no-cache' }).end(own.body); return; }
    let p = path.join(dir, decodeURIComponent(url.pathname));
    if (!p.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
    if (!fs.existsSync(p)) { res.writeHead(404, extraHeaders(url.pathname)).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(p)] || 'application/octet-stream', 'Cache-Control': 'no-cache',
      ...extraHeaders(url.pathname) });
    fs.createReadStream(p).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)), server })));
}

// Serves the files of dir on 127.0.0.1 as a static host that other sites may read (CORS headers), honouring
// Range requests (bytes=A-B: 206 with Content-Range) unless ranges is false (then every answer is the whole
// file, 200); expose false leaves out Access-Control-Expose-Headers (the page cannot read Content-Range). Nothing may be cached (Cache-Control: no-store), so every request the page makes arrives here.
// rangeCors false is a host whose CORS policy refuses the Range header while it lets other sites GET its files:
// its preflight answer does not list Range in Access-Control-Allow-Headers, and, since Chromium sends no
// preflight for a single "bytes=A-B" range (a safelisted header there), a request that carries Range is answered
// without any CORS header, as CORS middleware that checks the request's headers on every request does. Either
// way the page's ranged request fails as a CORS error, and a plain GET succeeds.
// log: one entry per request ({ method, path, range, status, bytes, cors }). Set fail to an HTTP status to answer
// every GET with it from then on.
export function serveRanges(dir, { ranges = true, expose = true, rangeCors = true } = {}) {
  const host = { log: [], fail: 0 };
  const files = new Map();
  const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store',
    ...(rangeCors ? { 'Access-Control-Allow-Headers': 'Range' } : {}),
    ...(expose ? { 'Access-Control-Expose-Headers': 'Content-Range, Content-Length' } : {}) };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const entry = { method: req.method, path: url.pathname, range: req.headers.range || '', status: 0, bytes: 0, cors: true };
    host.log.push(entry);
    entry.cors = rangeCors || !entry.range;
    const answer = (status, headers, body) => {
      entry.status = status;
      entry.bytes = body ? body.length : 0;
      res.writeHead(status, { ...(entry.cors ? cors : { 'Cache-Control': 'no-store' }), ...headers }).end(body);
    };
    if (req.method === 'OPTIONS') return answer(204, { 'Access-Control-Allow-Methods': 'GET' });
    const p = path.join(dir, decodeURIComponent(url.pathname));
    if (!p.startsWith(dir) || !fs.existsSync(p) || !fs.statSync(p).isFile()) return answer(404, {}, Buffer.from('not found'));
    if (host.fail) return answer(host.fail, {}, Buffer.from('failing on purpose'));
    const data = files.get(p) || files.set(p, fs.readFileSync(p)).get(p);  // read once: the files do not change
    const m = ranges && /^bytes=(\d+)-(\d*)$/.exec(entry.range);
    if (!m) return answer(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': data.length }, data);
    const first = Number(m[1]), last = Math.min(data.length - 1, m[2] === '' ? data.length - 1 : Number(m[2]));
    if (first >= data.length || last < first) return answer(416, { 'Content-Range': `bytes */${data.length}` });
    const body = data.subarray(first, last + 1);
    answer(206, { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${first}-${last}/${data.length}`,
      'Content-Length': body.length }, body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(Object.assign(host, {
    url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) }))));
}

export function tempProfile(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mvr-e2e-${name}-`));
}

// A browser with a persistent profile (reusing the folder is how a browser restart is tested).
export async function launch(profileDir, options = {}) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium', args: launchArgs, headless: true,
    viewport: { width: 1600, height: 900 }, screen: { width: 2560, height: 1600 }, acceptDownloads: true,
    deviceScaleFactor: options.dpr || 1, ...options.context,
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => console.log('  [page error]', e.message));
  return { context, page };
}

export async function state(page) {
  return page.evaluate(() => window.mvrState || null);
}

// Waits until the app's published state satisfies pred (a function of the state object).
export async function waitState(page, pred, what, timeout = 60000) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeout) {
    last = await state(page).catch(() => null);
    if (last && pred(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)}`);
}

export async function widget(page, label, timeout = 15000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    const r = await page.evaluate((l) => (window.mvrWidgets || {})[l] || null, label);
    if (r && r.w > 0 && r.h > 0) return r;
    await page.waitForTimeout(100);
  }
  const known = await page.evaluate(() => Object.keys(window.mvrWidgets || {}));
  throw new Error(`widget "${label}" not on screen; visible: ${known.join(', ')}`);
}

// A real mouse click in the middle of a labelled widget.
export async function click(page, label, options = {}) {
  const r = await widget(page, label);
  const x = r.x + (options.dx ?? r.w / 2), y = r.y + r.h / 2;
  // Like a hand: move there, rest a moment (hover), then press and release.
  await page.mouse.move(x, y);
  await page.waitForTimeout(60);
  await page.mouse.click(x, y, options);
  await page.waitForTimeout(150);
}

// What the registry's IndexedDB store (web/idb-store.js's layout) holds: the committed gen, records, how
// many belong to uncommitted gens, and (with values: true, which reads every record) how many hold
// scattered pages.
export async function storedRecords(page, { values = false } = {}) {
  return page.evaluate((values) => new Promise((resolve, reject) => {
    const req = indexedDB.open('mvr');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['pages', 'meta'], 'readonly');
      let committed = 0, scattered = 0;
      const gens = [];
      tx.objectStore('meta').get('gen').onsuccess = (e) => { committed = e.target.result || 0; };
      const cur = values ? tx.objectStore('pages').openCursor() : tx.objectStore('pages').openKeyCursor();
      cur.onsuccess = () => {
        const c = cur.result;
        if (!c) return;
        gens.push(typeof c.key === 'number' ? 0 : c.key[1]);
        if (values && !(c.value instanceof ArrayBuffer) && c.value.pages) scattered++;  // { pages, data, sum }: pages spread through the file
        c.continue();
      };
      tx.oncomplete = () => {
        db.close();
        resolve({ committed, records: gens.length, scattered, uncommitted: gens.filter((g) => g > committed).length });
      };
    };
  }), values);
}

export async function shot(page, name) {
  const file = path.join(artifacts, name + '.png');
  await page.screenshot({ path: file });
  return file;
}

// Drops files on the canvas the way a person does: a real DataTransfer with File objects.
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, text: f.text }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const it of items) dt.items.add(new File([it.text], it.name, { type: 'application/json' }));
    const canvas = document.getElementById('canvas');
    for (const type of ['dragenter', 'dragover', 'drop'])
      canvas.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, clientX: 700, clientY: 400 }));
  }, payload);
}

export async function openApp(page, url) {
  await page.goto(url);
  // The versions pane asks the engine for the model's first page and draws it when it comes (a frame or two).
  return waitState(page, (s) => s.versions > 0 && !s.importing && !(s.model && s.versionsReading), 'the registry to load');
}

export function assert(cond, message) {
  if (!cond) throw new Error('assertion failed: ' + message);
}

// The layout's panes (state.panes: name -> rectangle) never overlap.
export function checkNoOverlap(panes) {
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const names = Object.keys(panes);
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++)
      assert(!overlaps(panes[names[i]], panes[names[j]]), `${names[i]} and ${names[j]} overlap: ${JSON.stringify(panes)}`);
}

// Drags a splitter by dx CSS pixels with the real mouse, in two moves, after checking that hovering it
// shows the resize cursor.
export async function dragSplitter(page, label, dx) {
  const sp = await widget(page, label);
  const x = sp.x + sp.w / 2, y = sp.y + sp.h / 2;
  await page.mouse.move(x, y);
  await page.waitForTimeout(150);
  const cursor = await page.evaluate(() => document.getElementById('canvas').style.cursor);
  assert(cursor === 'ew-resize', `the cursor shows the splitter (got "${cursor}")`);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 4 });
  await page.mouse.move(x + dx, y, { steps: 4 });
  await page.mouse.up();
}

// The pixels of a PNG (8-bit RGB or RGBA, not interlaced: what Chromium's screenshots are), as RGBA rows.
export function pngPixels(buffer) {
  const u32 = (o) => buffer.readUInt32BE(o);
  let o = 8, width = 0, height = 0, channels = 4;
  const idat = [];
  while (o < buffer.length) {
    const len = u32(o), type = buffer.toString('latin1', o + 4, o + 8);
    const body = buffer.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('pngPixels reads 8-bit, non-interlaced PNGs only');
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      if (!channels) throw new Error(`pngPixels: colour type ${body[9]} is not RGB or RGBA`);
    } else if (type === 'IDAT') idat.push(body);
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride), p = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[p++], line = Buffer.from(raw.subarray(p, p + stride));
    p += stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) { const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c); add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      line[i] = (line[i] + add) & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = line[x * channels + k];
      out[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
    }
    prev = line;
  }
  return { width, height, data: out };
}

// Of the pixels inside rect ({x, y, w, h} in CSS pixels), how many differ clearly from the colour at its
// top-left corner (the background), and the colours of those pixels as "r,g,b" -> count.
export async function pixelsUnlike(page, rect) {
  const png = await page.screenshot({ clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  const { width, height, data } = pngPixels(png);
  const bg = [data[0], data[1], data[2]];
  let differing = 0;
  const colours = new Map();
  for (let i = 0; i < width * height; i++) {
    const d = Math.abs(data[i * 4] - bg[0]) + Math.abs(data[i * 4 + 1] - bg[1]) + Math.abs(data[i * 4 + 2] - bg[2]);
    if (d < 60) continue;
    differing++;
    const key = `${data[i * 4] >> 4 << 4},${data[i * 4 + 1] >> 4 << 4},${data[i * 4 + 2] >> 4 << 4}`;
    colours.set(key, (colours.get(key) || 0) + 1);
  }
  return { differing, total: width * height, colours };
}

// Chooses files with the Open files button (a real click) and the browser's file chooser.
export async function chooseFiles(page, files) {
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'import.open');
  await (await chooser).setFiles(files);
}
