// Design (a)'s drawing thread: WebGL2 on an OffscreenCanvas transferred from the page, frames from the worker's
// own requestAnimationFrame, input forwarded by the page with postMessage; a hook may read pages synchronously
// in a frame (the engine on the same thread as the UI).
import { scene } from './draw.js';
import { now, runFrames, randomReads } from './common.js';

const inputs = [], delivery = [];
onmessage = async (e) => {
  const m = e.data;
  if (m.op === 'mouse') {
    const got = now();
    delivery.push(got - m.t);
    inputs.push({ t: m.t, x: m.x, y: m.y });
    return;
  }
  if (m.op !== 'start') return;
  try {
    const { canvas, width, height, load, frames, reads } = m;
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true, antialias: false, alpha: false });
    if (!gl) throw new Error('no WebGL2 context on the OffscreenCanvas');
    const draw = scene(gl, width, height, load);
    const hook = (i) => { if (reads && i === reads.atFrame) reads.ms = randomReads(reads.url, reads.size, reads.block, reads.count, true); };
    const r = await runFrames({ frames, inputs, hook, frame: (i, mouse) => draw(i, mouse.x, mouse.y) });
    postMessage({ ok: true, ...r, delivery: delivery.splice(0), reads: reads ? reads.ms : null,
      raf: typeof requestAnimationFrame === 'function', renderer: gl.getParameter(gl.RENDERER) });
  } catch (err) {
    postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
