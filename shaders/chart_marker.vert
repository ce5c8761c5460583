#version 300 es
// A chart's points as instanced quads: one instance per point (its centre in display pixels and its colour),
// six vertices making a square of the marker's size; the fragment shader cuts it to a disc or a ring.
precision highp float;
uniform vec2 u_display_pos;
uniform vec2 u_display_size;
uniform float u_radius;  // display pixels
layout(location = 0) in vec2 a_center;
layout(location = 1) in vec4 a_color;
out vec2 v_offset;
out vec4 v_color;
const vec2 kCorner[6] = vec2[6](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(1.0, 1.0),
                                vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(-1.0, 1.0));
void main() {
    float r = u_radius + 1.0;
    v_offset = kCorner[gl_VertexID] * r;
    v_color = a_color;
    vec2 p = a_center + v_offset;
    vec2 ndc = (p - u_display_pos) / u_display_size * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
