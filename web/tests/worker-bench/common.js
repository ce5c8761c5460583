// What the benchmark's page and workers share: absolute time (comparable across threads), a frame loop that
// records intervals, CPU per frame and input latency, and a synchronous Range read.
export const now = () => performance.timeOrigin + performance.now();

// Runs frames frames with requestAnimationFrame (of the window or of the worker). frame(i, mouse) draws one;
// inputs is an array the input side pushes { t: when the event happened (now()), x, y } into, drained at the
// start of each frame (latency: frame start - t). hook(i) runs at the start of frame i, before drawing (a
// synchronous read there blocks that frame). Resolves { intervals, cpu, latency, hookMs } in ms.
export function runFrames({ frames, frame, inputs, hook = () => 0 }) {
  const raf = globalThis.requestAnimationFrame ? (f) => globalThis.requestAnimationFrame(f) : (f) => setTimeout(() => f(performance.now()), 16);
  const intervals = [], cpu = [], latency = [], hookMs = [];
  const mouse = { x: 100, y: 100 };
  let last = 0, i = 0;
  return new Promise((resolve) => {
    const step = () => {
      const start = now();
      if (last) intervals.push(start - last);
      last = start;
      for (const e of inputs.splice(0)) {
        latency.push(start - e.t);
        mouse.x = e.x;
        mouse.y = e.y;
      }
      const h0 = now();
      hook(i);
      hookMs.push(now() - h0);
      frame(i, mouse);
      cpu.push(now() - start);
      if (++i < frames) raf(step);
      else resolve({ intervals, cpu, latency, hookMs });
    };
    raf(step);
  });
}

// bytes [first, first + len) of url with a synchronous XMLHttpRequest and a Range header. arraybuffer: take the
// body as an ArrayBuffer (allowed off the main thread only); else as x-user-defined text, a byte a character
// (what platform::rangeGet does on the main thread today).
export function syncRange(url, first, len, arraybuffer) {
  const x = new XMLHttpRequest();
  x.open('GET', url, false);
  x.setRequestHeader('Range', `bytes=${first}-${first + len - 1}`);
  if (arraybuffer) x.responseType = 'arraybuffer';
  else x.overrideMimeType('text/plain; charset=x-user-defined');
  x.send();
  if (x.status !== 206) throw new Error(`range ${first}+${len}: HTTP ${x.status}`);
  if (arraybuffer) {
    if (!(x.response instanceof ArrayBuffer) || x.response.byteLength !== len) throw new Error('range: not an ArrayBuffer of ' + len);
    return new Uint8Array(x.response);
  }
  const text = x.responseText, out = new Uint8Array(text.length);
  if (text.length !== len) throw new Error(`range: ${text.length} bytes, not ${len}`);
  for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k) & 0xff;
  return out;
}

// A deterministic generator in [0, 1): a 32-bit LCG (Numerical Recipes' constants); its high bits, which is what
// Math.floor(r() * n) takes, are good enough for picking pages.
export function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

// reads reads of block bytes at random block-aligned offsets of a file of size bytes; the ms each took.
export function randomReads(url, size, block, reads, arraybuffer, seed = 7) {
  const r = rng(seed), blocks = Math.floor(size / block), ms = [];
  for (let k = 0; k < reads; k++) {
    const t0 = now();
    syncRange(url, Math.floor(r() * blocks) * block, block, arraybuffer);
    ms.push(now() - t0);
  }
  return ms;
}

// FNV-1a over bytes, continued from h.
export function fnv(bytes, h = 0x811c9dc5) {
  for (let k = 0; k < bytes.length; k++) h = Math.imul(h ^ bytes[k], 16777619) >>> 0;
  return h;
}
