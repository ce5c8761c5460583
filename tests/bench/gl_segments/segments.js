// How long the GPU process takes to draw a chart's segments three ways, with mvr's line shader (shaders/chart_line.*):
// instanced (one instance of 6 vertices a segment, the segment an instanced attribute), the same quads expanded into
// a plain vertex buffer, and pulled from an RGBA32F texture by gl_VertexID (what mvr does). Each figure is the mean
// over 5 frames from the first draw to a readPixels that waits for it, in window.result.
const c = document.getElementById('c');
const gl = c.getContext('webgl2', { antialias: false, alpha: false, premultipliedAlpha: false });
const head = `#version 300 es
precision highp float;
uniform vec2 u_size; uniform float u_half;
out vec2 v_pixel; flat out vec4 v_segment;
const vec2 kCorner[6] = vec2[6](vec2(0.0,-1.0),vec2(1.0,-1.0),vec2(1.0,1.0),vec2(0.0,-1.0),vec2(1.0,1.0),vec2(0.0,1.0));
void place(vec4 s, int corner) {
  vec2 a = s.xy, b = s.zw, d = b - a; float len = length(d);
  vec2 along = len > 1e-6 ? d / len : vec2(1.0, 0.0); vec2 across = vec2(-along.y, along.x); float r = u_half + 1.0;
  vec2 k = kCorner[corner]; vec2 p = mix(a - along * r, b + along * r, k.x) + across * (r * k.y);
  v_pixel = p; v_segment = s; vec2 ndc = p / u_size * 2.0 - 1.0; gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}`;
const vertex = {
  instanced: head + '\nlayout(location=0) in vec4 a_segment;\nvoid main() { place(a_segment, gl_VertexID); }',
  plain: head + '\nlayout(location=0) in vec4 a_segment; layout(location=1) in float a_corner;\nvoid main() { place(a_segment, int(a_corner)); }',
  pulled: head + '\nuniform highp sampler2D u_segs;\nvoid main() { int i = gl_VertexID / 6; place(texelFetch(u_segs, ivec2(i % 2048, i / 2048), 0), gl_VertexID % 6); }',
};
const fragment = `#version 300 es
precision highp float; uniform float u_half; in vec2 v_pixel; flat in vec4 v_segment; out vec4 o;
void main() { vec2 a = v_segment.xy; vec2 ab = v_segment.zw - a; float t = clamp(dot(v_pixel - a, ab) / max(dot(ab, ab), 1e-12), 0.0, 1.0);
  float cov = clamp(u_half - length(v_pixel - (a + ab * t)) + 0.5, 0.0, 1.0); if (cov <= 0.0) discard; o = vec4(0.2, 0.5, 0.9, cov); }`;
function program(v) {
  const p = gl.createProgram();
  for (const [type, src] of [[gl.VERTEX_SHADER, v], [gl.FRAGMENT_SHADER, fragment]]) {
    const s = gl.createShader(type);
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
    gl.attachShader(p, s);
  }
  gl.linkProgram(p);
  gl.useProgram(p);
  gl.uniform2f(gl.getUniformLocation(p, 'u_size'), 1920, 1080);
  gl.uniform1f(gl.getUniformLocation(p, 'u_half'), 0.875);
  return p;
}
// `lines` lines of `w` columns in bands `h` px tall: 'dense' = a vertical segment a column (its low to its high) and a
// join to the next (M4's shape for noisy data), 'smooth' = one short segment a column.
function segments(lines, w, h, kind) {
  const out = [];
  for (let l = 0; l < lines; l++) {
    const y0 = 100 + l * (h + 20);
    let prev = null;
    for (let x = 0; x < w; x++) {
      const X = 300 + x + 0.5;
      if (kind === 'dense') {
        const lo = y0 + Math.random() * h * 0.2, hi = y0 + h * 0.8 + Math.random() * h * 0.2;
        out.push(X, lo, X, hi);
        if (prev) out.push(prev[0], prev[1], X, lo);
        prev = [X, hi];
      } else {
        const y = y0 + h / 2 + Math.sin(x / 20) * h * 0.3;
        if (prev) out.push(prev[0], prev[1], X, y);
        prev = [X, y];
      }
    }
  }
  return new Float32Array(out);
}
const px = new Uint8Array(4);
function time(draw, frames = 5) {
  draw();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const t0 = performance.now();
  for (let f = 0; f < frames; f++) { gl.clear(gl.COLOR_BUFFER_BIT); draw(); }
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  return Number(((performance.now() - t0) / frames).toFixed(1));
}
gl.enable(gl.BLEND);
gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
const progs = { instanced: program(vertex.instanced), plain: program(vertex.plain), pulled: program(vertex.pulled) };
const vbo = gl.createBuffer();
const vaoInstanced = gl.createVertexArray();
gl.bindVertexArray(vaoInstanced);
gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
gl.enableVertexAttribArray(0); gl.vertexAttribDivisor(0, 1); gl.vertexAttribPointer(0, 4, gl.FLOAT, false, 16, 0);
const vbo2 = gl.createBuffer();
const vaoPlain = gl.createVertexArray();
gl.bindVertexArray(vaoPlain);
gl.bindBuffer(gl.ARRAY_BUFFER, vbo2);
gl.enableVertexAttribArray(0); gl.vertexAttribPointer(0, 4, gl.FLOAT, false, 20, 0);
gl.enableVertexAttribArray(1); gl.vertexAttribPointer(1, 1, gl.FLOAT, false, 20, 16);
const vaoEmpty = gl.createVertexArray();
const tex = gl.createTexture();
gl.bindTexture(gl.TEXTURE_2D, tex);
gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, 2048, 16);
const result = {};
for (const [name, lines, w, h, kind] of [['8 dense lines, 900 columns, 59 px', 8, 900, 59, 'dense'], ['8 smooth lines, 900 columns', 8, 900, 59, 'smooth'],
  ['10 dense lines, 900 columns, 362 px', 10, 900, 362, 'dense']]) {
  const s = segments(lines, w, h, kind), n = s.length / 4;
  const plain = new Float32Array(n * 30);
  for (let i = 0; i < n; i++) for (let k = 0; k < 6; k++) { plain.set(s.subarray(4 * i, 4 * i + 4), (i * 6 + k) * 5); plain[(i * 6 + k) * 5 + 4] = k; }
  const rows = Math.ceil(n / 2048), padded = new Float32Array(rows * 2048 * 4);
  padded.set(s);
  const r = { segments: n };
  gl.useProgram(progs.instanced); gl.bindVertexArray(vaoInstanced);
  r.instancedMs = time(() => { gl.bufferData(gl.ARRAY_BUFFER, s, gl.STREAM_DRAW); gl.drawArraysInstanced(gl.TRIANGLES, 0, 6, n); });
  gl.useProgram(progs.plain); gl.bindVertexArray(vaoPlain);
  r.plainMs = time(() => { gl.bufferData(gl.ARRAY_BUFFER, plain, gl.STREAM_DRAW); gl.drawArrays(gl.TRIANGLES, 0, n * 6); });
  gl.useProgram(progs.pulled); gl.bindVertexArray(vaoEmpty);
  r.pulledMs = time(() => { gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, 2048, rows, gl.RGBA, gl.FLOAT, padded); gl.drawArrays(gl.TRIANGLES, 0, n * 6); });
  result[name] = r;
}
window.result = result;
