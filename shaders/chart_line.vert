#version 300 es
// A chart's line as segments pulled from a texture: each segment is one texel (its two ends in display pixels,
// as the chart placed them) and six vertices (gl_VertexID / 6 picks the segment, gl_VertexID % 6 the corner)
// make a quad that covers the segment and half the line's width around it, ends included. The fragment shader
// cuts it to a capsule, so consecutive segments join round.
// Not instanced: on Chromium's software renderer (SwiftShader) an instanced draw of 7,000 segments took 145 ms
// and the same quads pulled this way 8 ms (docs/performance.md, "Charts on a software renderer"); on a GPU both
// are one draw call of six vertices per segment.
precision highp float;
precision highp sampler2D;
uniform vec2 u_display_pos;   // ImGui's DisplayPos
uniform vec2 u_display_size;  // ImGui's DisplaySize
uniform vec3 u_move;          // each end (x, y) drawn at (x + dx, y * sy + ty): a chart's kept segments, its view moved
uniform float u_half_width;   // half the line's width, in display pixels
uniform sampler2D u_segments; // RGBA32F, kWidth texels a row: x0, y0, x1, y1
uniform int u_first;          // the line's first segment in it
uniform int u_row;            // texels a row
out vec2 v_pixel;
flat out vec4 v_segment;
const vec2 kCorner[6] = vec2[6](vec2(0.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
                                vec2(0.0, -1.0), vec2(1.0, 1.0), vec2(0.0, 1.0));
void main() {
    int index = u_first + gl_VertexID / 6;
    vec4 segment = texelFetch(u_segments, ivec2(index % u_row, index / u_row), 0);
    vec2 a = vec2(segment.x + u_move.x, segment.y * u_move.y + u_move.z);
    vec2 b = vec2(segment.z + u_move.x, segment.w * u_move.y + u_move.z);
    vec2 d = b - a;
    float len = length(d);
    vec2 along = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 across = vec2(-along.y, along.x);
    float r = u_half_width + 1.0;  // one pixel more for the antialiased edge
    vec2 corner = kCorner[gl_VertexID % 6];
    vec2 p = mix(a - along * r, b + along * r, corner.x) + across * (r * corner.y);
    v_pixel = p;
    v_segment = vec4(a, b);
    vec2 ndc = (p - u_display_pos) / u_display_size * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
