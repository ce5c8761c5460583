#version 300 es
// A chart's points pulled from a texture: each point is one texel (its centre in display pixels and its colour as
// two 16-bit halves, exact in floats) and six vertices (gl_VertexID / 6 the point, % 6 the corner) make a square
// of the marker's size; the fragment shader cuts it to a disc or a ring. Not instanced, for the reason in
// chart_line.vert.
precision highp float;
precision highp sampler2D;
uniform vec2 u_display_pos;
uniform vec2 u_display_size;
uniform float u_radius;       // display pixels
uniform sampler2D u_markers;  // RGBA32F: x, y, colour bits 0-15, colour bits 16-31 (ImU32: R in the low byte)
uniform int u_first;
uniform int u_row;
out vec2 v_offset;
out vec4 v_color;
const vec2 kCorner[6] = vec2[6](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
                                vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, 1.0));
void main() {
    int index = u_first + gl_VertexID / 6;
    vec4 m = texelFetch(u_markers, ivec2(index % u_row, index / u_row), 0);
    uint low = uint(m.z), high = uint(m.w);
    v_color = vec4(float(low & 255u), float(low >> 8u), float(high & 255u), float(high >> 8u)) / 255.0;
    float r = u_radius + 1.0;
    v_offset = kCorner[gl_VertexID % 6] * r;
    vec2 p = m.xy + v_offset;
    vec2 ndc = (p - u_display_pos) / u_display_size * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
