// A frame of about the weight of one of mvr's (Dear ImGui's draw data: 20-byte vertices x, y, u, v and an RGBA
// colour, 32-bit indices, a font atlas, many draw calls with their own scissor), built in JS and drawn with WebGL2.
// The same code runs on the page's canvas and on an OffscreenCanvas in a worker, so the two can be compared.
const VS = `#version 300 es
uniform vec2 uScale;
layout(location = 0) in vec2 aPos;
layout(location = 1) in vec2 aUV;
layout(location = 2) in vec4 aCol;
out vec2 vUV;
out vec4 vCol;
void main() { vUV = aUV; vCol = aCol; gl_Position = vec4(aPos * uScale + vec2(-1.0, 1.0), 0.0, 1.0); }`;
const FS = `#version 300 es
precision mediump float;
uniform sampler2D uTex;
in vec2 vUV;
in vec4 vCol;
out vec4 outColour;
void main() { outColour = vec4(vCol.rgb, vCol.a * texture(uTex, vUV).r); }`;

function compile(gl, type, text) {
  const s = gl.createShader(type);
  gl.shaderSource(s, text);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
  return s;
}

// gl: a WebGL2 context of a canvas width x height. Returns frame(t, mouseX, mouseY), which fills and uploads
// quads quads (glyph-sized, in rows of text, one under the mouse) and draws them in draws calls.
export function scene(gl, width, height, { quads = 8000, draws = 150 } = {}) {
  const prog = gl.createProgram();
  gl.attachShader(prog, compile(gl, gl.VERTEX_SHADER, VS));
  gl.attachShader(prog, compile(gl, gl.FRAGMENT_SHADER, FS));
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(prog));
  gl.useProgram(prog);
  gl.uniform2f(gl.getUniformLocation(prog, 'uScale'), 2 / width, -2 / height);
  // A 512x512 one-channel atlas of noise (what a font atlas costs to sample).
  const atlas = new Uint8Array(512 * 512);
  for (let i = 0, s = 1; i < atlas.length; i++) { s = (s * 1103515245 + 12345) >>> 0; atlas[i] = s >>> 24; }
  const tex = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, tex);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, 512, 512, 0, gl.RED, gl.UNSIGNED_BYTE, atlas);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const vbo = gl.createBuffer(), ibo = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
  gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, ibo);
  gl.enableVertexAttribArray(0);
  gl.enableVertexAttribArray(1);
  gl.enableVertexAttribArray(2);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 20, 0);
  gl.vertexAttribPointer(1, 2, gl.FLOAT, false, 20, 8);
  gl.vertexAttribPointer(2, 4, gl.UNSIGNED_BYTE, true, 20, 16);
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
  gl.enable(gl.SCISSOR_TEST);
  const vbuf = new ArrayBuffer(quads * 4 * 20);
  const f32 = new Float32Array(vbuf), u32 = new Uint32Array(vbuf);
  const idx = new Uint32Array(quads * 6);
  const cols = Math.floor(width / 8);
  return function frame(t, mx, my) {
    // The "UI code": every vertex and index written again, as Dear ImGui does each frame.
    for (let q = 0; q < quads; q++) {
      const last = q === quads - 1;
      const x = last ? mx : (q % cols) * 8, y = last ? my : Math.floor(q / cols) * 15 + ((t >> 4) & 7);
      const u = ((q * 7) & 63) / 64, v = ((q * 13) & 63) / 64;
      const colour = last ? 0xff0000ff : (0xff000000 | ((q * 2654435761) & 0xffffff)) >>> 0;
      const o = q * 20;
      const corners = [[x, y, u, v], [x + 7, y, u + 1 / 64, v], [x + 7, y + 13, u + 1 / 64, v + 1 / 64], [x, y + 13, u, v + 1 / 64]];
      for (let k = 0; k < 4; k++) {
        f32[o + k * 5] = corners[k][0];
        f32[o + k * 5 + 1] = corners[k][1];
        f32[o + k * 5 + 2] = corners[k][2];
        f32[o + k * 5 + 3] = corners[k][3];
        u32[o + k * 5 + 4] = colour;
      }
      const b = q * 4, i = q * 6;
      idx[i] = b; idx[i + 1] = b + 1; idx[i + 2] = b + 2; idx[i + 3] = b; idx[i + 4] = b + 2; idx[i + 5] = b + 3;
    }
    gl.bufferData(gl.ARRAY_BUFFER, vbuf, gl.STREAM_DRAW);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, idx, gl.STREAM_DRAW);
    gl.disable(gl.SCISSOR_TEST);
    gl.viewport(0, 0, width, height);
    gl.clearColor(0.94, 0.94, 0.94, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.enable(gl.SCISSOR_TEST);
    const per = Math.ceil(quads / draws);
    for (let d = 0; d < draws; d++) {
      const first = d * per, count = Math.min(per, quads - first);
      if (count <= 0) break;
      // Each call its own clip rectangle (a pane, a table cell, a tooltip).
      gl.scissor((d * 37) % (width / 2), 0, width / 2 + ((d * 53) % (width / 2)), height);
      gl.drawElements(gl.TRIANGLES, count * 6, gl.UNSIGNED_INT, first * 6 * 4);
    }
  };
}
